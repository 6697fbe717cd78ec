// The long tail of a real desktop: OEM helpers, tray agents, Windows shell apps and personal tools.
// Each machine gets its own subset, which gives users the many distinct processes a real day shows.

import { adHocBinary, type Binary } from './catalog.js';
import type { HostSim } from './host-sim.js';
import { Prng } from './prng.js';
import type { HostModel } from './types.js';

interface VendorApp {
  bin: Binary;
  args: string;
  /** Started by explorer at logon (a tray agent) rather than by the DCOM launcher. */
  startup: boolean;
}

const PF = 'C:\\Program Files';
const PF86 = 'C:\\Program Files (x86)';
const SYS = 'C:\\Windows\\System32';
const APPS = 'C:\\Windows\\SystemApps';
const LOCAL = 'C:\\Users\\{user}\\AppData\\Local';
const MSW = 'Microsoft Windows';
const MSC = 'Microsoft Corporation';

// [name, folder, signer, args, startup]
const ROWS: ReadonlyArray<readonly [string, string, string, string, boolean]> = [
  ['igfxEM.exe', SYS, 'Intel Corporation', '', true], ['RtkAudUService64.exe', `${SYS}\\DriverStore\\FileRepository\\realtekservice.inf_amd64_4e3c6ab3a1a6d8e3`, 'Realtek Semiconductor Corp.', '-background', true],
  ['Apoint.exe', `${PF}\\DellTPad`, 'Alps Electric Co., Ltd.', '', true], ['WavesSvc64.exe', `${SYS}\\DriverStore\\FileRepository\\wavesapo9de.inf_amd64_8e1a4f2b7a3c6d21`, 'Waves Inc', '-Jack', true],
  ['SupportAssistAgent.exe', `${PF}\\Dell\\SupportAssistAgent\\bin`, 'Dell Inc', '', true], ['HPSupportAssistant.exe', `${PF86}\\Hewlett-Packard\\HP Support Framework`, 'HP Inc.', '/tray', true],
  ['LogiOptions.exe', `${PF}\\Logitech\\LogiOptions`, 'Logitech Inc', '/noui', true], ['SelfService.exe', `${PF86}\\Citrix\\ICA Client\\SelfServicePlugin`, 'Citrix Systems, Inc.', '-ipoll -startmenu', true],
  ['PanGPA.exe', `${PF}\\Palo Alto Networks\\GlobalProtect`, 'Palo Alto Networks', '', true], ['jusched.exe', `${PF86}\\Common Files\\Java\\Java Update`, 'Oracle America, Inc.', '', true],
  ['Dropbox.exe', `${PF86}\\Dropbox\\Client`, 'Dropbox, Inc', '/systemstartup', true], ['slack.exe', `${LOCAL}\\slack\\app-4.35.131`, 'Slack Technologies, LLC', '--process-start-args --startup', true],
  ['Spotify.exe', 'C:\\Users\\{user}\\AppData\\Roaming\\Spotify', 'Spotify AB', '--autostart --minimized', true], ['CiscoCollabHost.exe', `${LOCAL}\\CiscoSparkLauncher`, 'Cisco Systems, Inc.', '', true],
  ['Snagit32.exe', `${PF}\\TechSmith\\Snagit 2023`, 'TechSmith Corporation', '', true], ['Greenshot.exe', `${PF}\\Greenshot`, '', '', true],
  ['KeePass.exe', `${PF}\\KeePass Password Safe 2`, 'Open Source Developer, Dominik Reichl', '', false], ['notepad++.exe', `${PF}\\Notepad++`, 'Notepad++', '', false],
  ['vlc.exe', `${PF}\\VideoLAN\\VLC`, 'VideoLAN', '--started-from-file', false], ['mspaint.exe', SYS, MSW, '', false],
  ['SystemSettings.exe', `${APPS}\\ImmersiveControlPanel`, MSW, '-ServerName:microsoft.windows.immersivecontrolpanel', false],
  ['ApplicationFrameHost.exe', SYS, MSW, '-Embedding', false], ['UserOOBEBroker.exe', `${SYS}\\oobe`, MSW, '-Embedding', false],
  ['SettingSyncHost.exe', SYS, MSW, '-Embedding', false], ['PhoneExperienceHost.exe', `${PF}\\WindowsApps\\Microsoft.YourPhone_1.23102.199.0_x64__8wekyb3d8bbwe`, MSC, '-ServerName:App.AppX9yct9q388jvt4h7y0gn06smzkxcsnt8m.mca', false],
  ['Microsoft.Photos.exe', `${PF}\\WindowsApps\\Microsoft.Windows.Photos_2023.11110.8002.0_x64__8wekyb3d8bbwe`, MSC, '-ServerName:App.AppXzst44mncqdg84v7sv6p7yznqwssy6f7f.mca', false],
  ['HxTsr.exe', `${PF}\\WindowsApps\\microsoft.windowscommunicationsapps_16005.14326.21538.0_x64__8wekyb3d8bbwe`, MSC, '-ServerName:Hx.IPC.Server', false],
  ['GameBar.exe', `${PF}\\WindowsApps\\Microsoft.XboxGamingOverlay_6.123.11140.0_x64__8wekyb3d8bbwe`, MSC, '-ServerName:App.AppXbdkk0yrkwpcgeaem8zk81k8py1eaahny.mca', false],
  ['Widgets.exe', `${PF}\\WindowsApps\\MicrosoftWindows.Client.WebExperience_423.26400.0.0_x64__cw5n1h2txyewy\\Dashboard`, MSC, '-ServerName:Microsoft.Windows.DashboardServer', false],
  ['MoUsoCoreWorker.exe', SYS, MSW, '-Embedding', false], ['sdclt.exe', SYS, MSW, '/CONFIGNOTIFICATION', false], ['DataExchangeHost.exe', SYS, MSW, '-Embedding', false],
  ['ShellExperienceHost.exe', `${APPS}\\ShellExperienceHost_cw5n1h2txyewy`, MSW, '-ServerName:App.AppXtk181tbxbce2qsex02s8tw7hfxa9xb3t.mca', false],
  ['smartscreen.exe', SYS, MSW, '-Embedding', false], ['wlrmdr.exe', SYS, MSW, '-s 0 -f 0 -t Windows Update -m Restart required -a 3', false],
  ['CompPkgSrv.exe', SYS, MSW, '-Embedding', false], ['msedgewebview2.exe', `${PF86}\\Microsoft\\EdgeWebView\\Application\\119.0.2151.97`, MSC, '--embedded-browser-webview=1 --webview-exe-name=SearchApp.exe', false],
  ['OneNote.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16', MSC, '', false], ['ONENOTEM.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16', MSC, '/tsr', true],
  ['msteamsupdate.exe', `${LOCAL}\\Microsoft\\TeamsMeetingAddin\\1.0.23334.2`, MSC, '-CheckUpdate', false], ['ai.exe', 'C:\\Program Files\\Microsoft Office\\root\\vfs\\ProgramFilesCommonX64\\Microsoft Shared\\Office16', MSC, `"" "" "" "" "" "" ""`, false],
  ['FreeFileSync.exe', `${PF}\\FreeFileSync`, 'Zenju', '', false], ['WinSCP.exe', `${PF86}\\WinSCP`, 'Martin Prikryl', '', false], ['putty.exe', `${PF}\\PuTTY`, 'Simon Tatham', '', false],
  ['Webex.exe', `${LOCAL}\\WebEx\\WebexHost`, 'Cisco WebEx LLC', '', false], ['AcroRd32.exe', 'C:\\Program Files (x86)\\Adobe\\Acrobat Reader DC\\Reader', 'Adobe Inc.', '/l /slMode', false],
  ['ScreenClippingHost.exe', `${PF}\\WindowsApps\\Microsoft.ScreenSketch_11.2309.16.0_x64__8wekyb3d8bbwe`, MSC, '-ServerName:ScreenSketch.AppX7w7x8f3v9z3jg8k3a0r7b2y2h6z4h9nb.mca', false],
  ['Calculator.exe', `${PF}\\WindowsApps\\Microsoft.WindowsCalculator_11.2307.4.0_x64__8wekyb3d8bbwe`, MSC, '-ServerName:App.AppXsm3pg4n7er43kdh1qp4e79f1j7am68r8.mca', false],
  ['SnippingTool.exe', SYS, MSW, '', false], ['WINWORD.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16', MSC, '/automation -Embedding', false],
];

const APP_TABLE: readonly VendorApp[] = ROWS.map(([name, dir, signer, args, startup]) => ({ bin: adHocBinary(name, dir, name, signer), args, startup }));

const portfolios = new WeakMap<HostModel, VendorApp[]>();

/** The host's own set of extra apps, fixed per seed and host. */
export function portfolio(h: HostSim): VendorApp[] {
  let p = portfolios.get(h.host);
  if (!p) {
    const r = new Prng(h.org.seed, `apps:${h.host.index}`);
    const n = r.int(22, 40);
    p = APP_TABLE.filter(() => r.next() < n / APP_TABLE.length);
    portfolios.set(h.host, p);
  }
  return p;
}

export function startupApps(h: HostSim, t: number): void {
  const s = h.session;
  if (!s) return;
  for (const a of portfolio(h)) {
    if (a.startup) h.spawn(s.explorer, t + h.rng.int(2000, 60_000), a.bin, `"${h.exeOf(a.bin, s.user)}" ${a.args}`.trimEnd(), s.user.account);
  }
}

export function vendorApp(h: HostSim, t: number): void {
  const s = h.session;
  if (!s) return;
  const apps = portfolio(h);
  if (!apps.length) return;
  const a = h.rng.pick(apps);
  const parent = a.startup || h.rng.chance(0.4) ? s.explorer : h.svchost('DcomLaunch');
  h.spawn(parent, t, a.bin, `"${h.exeOf(a.bin, s.user)}" ${a.args}`.trimEnd(), s.user.account);
}
