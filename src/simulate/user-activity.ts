// What people do at their desks, per role: browsers, Teams, Outlook and attachments, Office documents,
// developer tool chains, admin consoles; plus the per-session helpers Windows starts for the user.

import { WeightedTable } from './prng.js';
import type { HostSim } from './host-sim.js';
import type { Activity } from './system-activity.js';
import type { Proc, Role } from './types.js';
import { chromiumTrial, docPath, outlookTemp, SITES } from './words.js';
import { vendorApp } from './vendor-apps.js';

const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16';
const EDGE = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
const CHROME = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';

function sess(h: HostSim) {
  const s = h.session;
  if (!s) throw new Error('simulate: user activity without a session');
  return s;
}

function site(h: HostSim): string {
  return `https://${h.rng.pick(SITES).replace('{dom}', `${h.org.domain.toLowerCase()}.local`)}/`;
}

function browser(h: HostSim, t: number, which?: 'msedge' | 'chrome'): Proc {
  const s = sess(h);
  const kind = which ?? s.user.browser;
  return h.app(kind, t, (at) => {
    const exe = kind === 'msedge' ? EDGE : CHROME;
    const main = h.spawn(s.explorer, at, `${kind}.exe`, `"${exe}" ${kind === 'msedge' ? '--profile-directory=Default' : ''}`.trimEnd(), s.user.account);
    const trial = chromiumTrial(h.rng);
    h.spawn(main, at + 40, `${kind}.exe`, `"${exe}" --type=crashpad-handler "--user-data-dir=C:\\Users\\${s.user.profile}\\AppData\\Local\\${kind === 'msedge' ? 'Microsoft\\Edge' : 'Google\\Chrome'}\\User Data" /prefetch:4 --monitor-self-annotation=ptype=crashpad-handler`, s.user.account);
    h.spawn(main, at + 200, `${kind}.exe`, `"${exe}" --type=gpu-process --gpu-preferences=UAAAAAAAAADgAAAYAAAAAAAAAAAAAAAAAABgAAAAAAAwAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA --mojo-platform-channel-handle=${h.rng.int(1800, 2400)} ${trial} /prefetch:2`, s.user.account, { integrity: 'Low' });
    h.spawn(main, at + 260, `${kind}.exe`, `"${exe}" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --mojo-platform-channel-handle=${h.rng.int(1800, 2400)} ${trial} /prefetch:3`, s.user.account);
    return main;
  });
}

const browse: Activity = (h, t) => {
  const s = sess(h);
  const r = h.rng;
  const main = browser(h, t);
  const exe = main.exe;
  const n = r.int(0, 2);
  for (let i = 0; i < n; i++) {
    h.spawn(main, t + r.int(50, 20000), main.bin, `"${exe}" --type=renderer --lang=en-US --js-flags=--ms-user-locale= --device-scale-factor=1 --num-raster-threads=4 --enable-main-frame-before-activation --renderer-client-id=${r.int(5, 400)} --time-ticks-at-unix-epoch=-${r.int(1e15, 2e15)} --launch-time-ticks=${r.int(1e8, 9e10)} --mojo-platform-channel-handle=${r.int(3000, 9000)} ${chromiumTrial(r)} /prefetch:1`, s.user.account, { integrity: 'Low' });
  }
  if (main.name === 'msedge.exe' && r.chance(0.5)) {
    h.spawn(main, t + r.int(100, 5000), 'identity_helper.exe', `"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\119.0.2151.97\\identity_helper.exe" --type=utility --utility-sub-type=winrt_app_id.mojom.WinrtAppIdService --lang=en-US --service-sandbox-type=none --mojo-platform-channel-handle=${r.int(3000, 9000)} ${chromiumTrial(r)} /prefetch:8`, s.user.account);
  }
};

const teams: Activity = (h, t) => {
  const s = sess(h);
  const r = h.rng;
  const tm = s.apps.get('teams');
  if (!tm) return browse(h, t);
  const type = r.chance(0.7) ? 'renderer --autoplay-policy=no-user-gesture-required --disable-background-timer-throttling' : 'gpu-process --gpu-preferences=UAAAAAAAAADgAAAYAAAAAAAAAAAAAAAAAABgAAAAAAAwAAAAAAAAAAAAAAAAAAAA';
  h.spawn(tm, t, 'Teams.exe', `"C:\\Users\\${s.user.profile}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe" --type=${type} ${chromiumTrial(r)} --lang=en-US --mojo-platform-channel-handle=${r.int(2000, 9000)} /prefetch:1`, s.user.account, { integrity: type.startsWith('renderer') ? 'Low' : 'Medium' });
};

function outlook(h: HostSim, t: number): Proc {
  const s = sess(h);
  return h.app('outlook', t, (at) => h.spawn(s.explorer, at, 'OUTLOOK.EXE', `"${OFFICE}\\OUTLOOK.EXE" `, s.user.account));
}

const attachment: Activity = (h, t) => {
  const s = sess(h);
  const r = h.rng;
  const ol = outlook(h, t);
  const a = s.user.account;
  const x = r.next();
  if (x < 0.5 && s.user.adobe) {
    const ac = h.spawn(ol, t, 'Acrobat.exe', `"C:\\Program Files (x86)\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe" "${outlookTemp(r, s.user.profile, 'pdf')}"`, a);
    const cef = h.spawn(ac, t + r.int(300, 2000), 'AcroCEF.exe', '"C:\\Program Files (x86)\\Adobe\\Acrobat DC\\Acrobat\\AcroCEF\\AcroCEF.exe" --backgroundcolor=16514043', a);
    const n = r.int(1, 4);
    for (let i = 0; i < n; i++) {
      h.spawn(cef, cef.t + r.int(100, 4000), 'AcroCEF.exe', `"C:\\Program Files (x86)\\Adobe\\Acrobat DC\\Acrobat\\AcroCEF\\AcroCEF.exe" --type=${r.pick(['renderer', 'gpu-process', 'utility'])} ${chromiumTrial(r)} --lang=en-US --log-severity=disable --mojo-platform-channel-handle=${r.int(1000, 4000)} /prefetch:1`, a, { integrity: 'Low' });
    }
    if (r.chance(0.1)) h.spawn(ac, t + r.int(5000, 60000), 'AdobeARM.exe', '"C:\\Program Files (x86)\\Common Files\\Adobe\\ARM\\1.0\\AdobeARM.exe" /PRODUCT:Reader /VERSION:23.0 /MODE:3', a);
  } else if (x < 0.8) {
    const [app, ext] = r.pick([['WINWORD.EXE', 'docx'], ['EXCEL.EXE', 'xlsx'], ['POWERPNT.EXE', 'pptx']] as const);
    h.spawn(ol, t, app, `"${OFFICE}\\${app}" /n "${outlookTemp(r, s.user.profile, ext)}" /o ""`, a);
  } else {
    const b = browser(h, t);
    h.spawn(ol, t, b.bin, `"${b.exe}" --single-argument ${site(h)}${r.alnum(10)}`, a);
  }
};

const officeDoc: Activity = (h, t) => {
  const s = sess(h);
  const r = h.rng;
  const [app, ext] = r.pick([['WINWORD.EXE', 'docx'], ['WINWORD.EXE', 'docx'], ['EXCEL.EXE', 'xlsx'], ['EXCEL.EXE', 'xlsx'], ['POWERPNT.EXE', 'pptx']] as const);
  const p = h.spawn(s.explorer, t, app, `"${OFFICE}\\${app}" ${app === 'WINWORD.EXE' ? '/n ' : ''}"${docPath(r, s.user.profile, ext)}"`, s.user.account);
  if (r.chance(0.08)) h.spawn(p, t + r.int(30_000, 900_000), 'splwow64.exe', 'C:\\Windows\\splwow64.exe 8192', s.user.account);
};

const desktopTool: Activity = (h, t) => {
  const s = sess(h);
  const r = h.rng;
  const a = s.user.account;
  const x = r.next();
  if (x < 0.35) h.spawn(s.explorer, t, 'notepad.exe', `"C:\\Windows\\system32\\NOTEPAD.EXE" ${docPath(r, s.user.profile, 'txt')}`, a);
  else if (x < 0.5) h.spawn(s.explorer, t, 'calc.exe', '"C:\\Windows\\System32\\calc.exe" ', a);
  else if (x < 0.65) h.spawn(s.explorer, t, 'SnippingTool.exe', '"C:\\Windows\\system32\\SnippingTool.exe" ', a);
  else if (x < 0.8 && s.user.zoom) {
    const z = h.spawn(s.explorer, t, 'Zoom.exe', `"C:\\Users\\${s.user.profile}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe" "--url=zoommtg://zoom.us/join?action=join&confno=${r.int(1e9, 9e9)}"`, a);
    h.spawn(z, t + r.int(500, 3000), 'Zoom.exe', `"C:\\Users\\${s.user.profile}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe" --type=cpthost --meeting=${r.int(1e9, 9e9)}`, a);
  } else if (x < 0.9 && h.org.rolloutDay >= 0 && t >= h.org.startMs + h.org.rolloutDay * 86_400_000 + 86_400_000) {
    h.spawn(s.explorer, t, r.chance(0.5) ? '7zFM.exe' : '7zG.exe', `"C:\\Program Files\\7-Zip\\7zG.exe" x -o"C:\\Users\\${s.user.profile}\\Downloads\\" -an -ai#7zMap${r.int(1000, 32000)}:${r.int(40, 200)}:7zEvent${r.int(1000, 32000)}`, a);
  } else h.spawn(s.explorer, t, 'taskmgr.exe', '"C:\\Windows\\system32\\taskmgr.exe" /4', a);
};

/** Windows and agents starting things in the user's session without the user asking. */
const sessionHelper: Activity = (h, t) => {
  const s = sess(h);
  const r = h.rng;
  const a = s.user.account;
  const x = r.next();
  const dcom = h.svchost('DcomLaunch');
  if (x < 0.3) h.spawn(dcom, t, 'dllhost.exe', `C:\\Windows\\system32\\DllHost.exe /Processid:{${r.pick(['AB8902B4-09CA-4BB6-B78D-A8F59079A8D5', '3AD05575-8857-4850-9277-11B85BDB8E09', '973D20D7-562D-44B9-B70B-5A0F49CCDF3F', '45BA127D-10A8-46EA-8AB7-56EA9078943C'])}}`, a);
  else if (x < 0.5) h.spawn(h.svchost('Schedule'), t, 'taskhostw.exe', r.pick(['taskhostw.exe', 'taskhostw.exe KEYROAMING', 'taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly']), a);
  else if (x < 0.62) h.spawn(dcom, t, 'backgroundTaskHost.exe', `"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:${r.pick(['BackgroundTaskHost.WebAccountProvider', 'ShellFeedsUI.AppXnj65k2d1a1rnztt2t2nng5ctmk3e76pn.mca', 'CortanaUI.AppX3bn25b6f886wmg6twh46972vprk9tnbf.mca'])}`, a);
  else if (x < 0.7) h.spawn(dcom, t, 'RuntimeBroker.exe', 'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding', a);
  else if (x < 0.75) h.spawn(dcom, t, 'SecurityHealthHost.exe', 'C:\\Windows\\System32\\SecurityHealthHost.exe {08728914-3F57-4D52-9E31-49DAECA5A80A} -Embedding', a);
  else if (x < 0.8) h.spawn(dcom, t, 'FileCoAuth.exe', `"C:\\Users\\${s.user.profile}\\AppData\\Local\\Microsoft\\OneDrive\\23.226.1031.0001\\FileCoAuth.exe" -Embedding`, a);
  else if (x < 0.82) h.spawn(dcom, t, r.chance(0.6) ? 'SDXHelper.exe' : 'msoia.exe', r.chance(0.6) ? `"${OFFICE}\\SDXHelper.exe" -Embedding` : `"${OFFICE}\\msoia.exe" scan upload`, a);
  else {
    const agm = h.sys.get('agm');
    if (!agm) return;
    const child = h.spawn(agm, t, 'AGMService.exe', `"C:\\Program Files (x86)\\Common Files\\Adobe\\AdobeGCClient\\AGMService.exe" \\\\.\\pipe\\gc_pipe_${r.alnum(6, 'abcdefghijklmnopqrstuvwxyz')} 3`, a);
    if (r.chance(0.25)) {
      const gl = h.spawn(child, t + r.int(200, 2000), 'Adobe Genuine Launcher.exe', `"C:\\Program Files (x86)\\Common Files\\Adobe\\AdobeGCClient\\Adobe Genuine Launcher.exe" --xmlFilePath="C:\\Users\\${s.user.profile}\\Documents\\AdobeGCData\\adobegc_${r.alnum(6)}" --workflowInitiator=AGS`, a);
      h.spawn(gl, gl.t + r.int(200, 2000), 'AdobeGCClient.exe', '"C:\\Program Files (x86)\\Common Files\\Adobe\\AdobeGCClient\\AdobeGCClient.exe"', a);
    }
  }
};

function shell(h: HostSim, t: number): Proc {
  const s = sess(h);
  return h.app('shell', t, (at) => {
    const wt = h.spawn(s.explorer, at, 'WindowsTerminal.exe', '"C:\\Program Files\\WindowsApps\\Microsoft.WindowsTerminal_1.18.3181.0_x64__8wekyb3d8bbwe\\WindowsTerminal.exe"', s.user.account);
    const oc = h.spawn(wt, at + 200, 'OpenConsole.exe', `"C:\\Program Files\\WindowsApps\\Microsoft.WindowsTerminal_1.18.3181.0_x64__8wekyb3d8bbwe\\OpenConsole.exe" --headless --width 120 --height 30 --signal 0x${h.rng.hex(3)} --server 0x${h.rng.hex(3)}`, s.user.account);
    void oc;
    return h.spawn(wt, at + 400, 'pwsh.exe', '"C:\\Program Files\\PowerShell\\7\\pwsh.exe" -NoLogo', s.user.account, { noConhost: true });
  });
}

function code(h: HostSim, t: number): Proc {
  const s = sess(h);
  return h.app('code', t, (at) => {
    const exe = `C:\\Users\\${s.user.profile}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe`;
    const c = h.spawn(s.explorer, at, 'Code.exe', `"${exe}" `, s.user.account);
    h.spawn(c, at + 300, 'Code.exe', `"${exe}" --type=gpu-process ${chromiumTrial(h.rng)} --mojo-platform-channel-handle=${h.rng.int(1800, 2400)} /prefetch:2`, s.user.account);
    h.spawn(c, at + 600, 'Code.exe', `"${exe}" --type=utility --utility-sub-type=node.mojom.NodeService --lang=en-US --service-sandbox-type=none --dns-result-order=ipv4first --inspect-port=0 ${chromiumTrial(h.rng)} /prefetch:8`, s.user.account);
    return c;
  });
}

const devTool: Activity = (h, t) => {
  const s = sess(h);
  const r = h.rng;
  const a = s.user.account;
  const repo = r.pick(['billing-api', 'web-portal', 'data-pipeline', 'mobile-app', 'infra', 'auth-service', 'reporting', 'tools']);
  const cwd = `C:\\Users\\${s.user.profile}\\source\\repos\\${repo}\\`;
  const parent = r.chance(0.5) ? code(h, t) : shell(h, t);
  const x = r.next();
  if (x < 0.4) {
    const verb = r.pick(['status -z -uall', 'fetch', 'pull --tags origin main', 'log --oneline -20', 'diff --stat', 'commit -m "wip"', 'push origin HEAD', 'rev-parse --show-toplevel', 'for-each-ref --sort -committerdate']);
    const g = h.spawn(parent, t, 'git.exe', `"C:\\Program Files\\Git\\cmd\\git.exe" ${verb}`, a, { cwd });
    if (/fetch|pull|push/.test(verb)) h.spawn(g, t + r.int(50, 400), 'git-remote-https.exe', `"C:\\Program Files\\Git\\mingw64\\libexec\\git-core\\git-remote-https.exe" origin https://git.${h.org.domain.toLowerCase()}.local/${repo}.git`, a, { cwd });
  } else if (x < 0.6) {
    const n = h.spawn(parent, t, 'node.exe', `"C:\\Program Files\\nodejs\\node.exe" "C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js" ${r.pick(['run build', 'test', 'install', 'run lint', 'ci'])}`, a, { cwd });
    const sh = h.spawn(n, t + r.int(300, 2000), 'cmd.exe', `C:\\Windows\\system32\\cmd.exe /d /s /c "${r.pick(['tsc -p .', 'vitest run', 'eslint .', 'node scripts/build.js'])}"`, a, { cwd });
    h.spawn(sh, sh.t + r.int(50, 300), 'node.exe', `"C:\\Program Files\\nodejs\\node.exe" "${cwd}node_modules\\${r.pick(['typescript\\bin\\tsc', 'vitest\\vitest.mjs', 'eslint\\bin\\eslint.js'])}"`, a, { cwd });
  } else if (x < 0.72) {
    h.spawn(parent, t, 'python.exe', `"C:\\Users\\${s.user.profile}\\AppData\\Local\\Programs\\Python\\Python311\\python.exe" ${r.pick(['-m pytest -q', '-m pip install -r requirements.txt', 'manage.py runserver', 'scripts\\etl.py --dry-run', '-m venv .venv'])}`, a, { cwd });
  } else if (x < 0.84) {
    const d = h.spawn(parent, t, 'dotnet.exe', `"C:\\Program Files\\dotnet\\dotnet.exe" ${r.pick(['build', 'test', 'run --project src\\Api', 'restore'])}`, a, { cwd });
    if (r.chance(0.5)) h.spawn(d, t + r.int(500, 3000), 'VBCSCompiler.exe', '"C:\\Program Files\\dotnet\\sdk\\8.0.100\\Roslyn\\bincore\\VBCSCompiler.exe" "-pipename:' + r.alnum(27, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') + '"', a, { cwd });
  } else if (x < 0.92) {
    h.spawn(parent, t, 'powershell.exe', `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -ExecutionPolicy Bypass -File .\\scripts\\${r.pick(['build.ps1', 'deploy-local.ps1', 'setup-dev.ps1', 'clean.ps1'])}`, a, { cwd });
  } else {
    const c = h.spawn(parent, t, 'cmd.exe', `C:\\Windows\\system32\\cmd.exe /d /s /c "${r.pick(['where git', 'set PATH', 'dir /b', 'echo %JAVA_HOME%'])}"`, a, { cwd });
    void c;
  }
};

const ADMIN_CMDS: ReadonlyArray<readonly [string, (h: HostSim) => string]> = [
  ['net.exe', (h) => `net  user ${h.rng.pick(h.org.users).account.ecs.name} /domain`],
  ['net.exe', () => 'net  localgroup administrators'],
  ['sc.exe', (h) => `sc  ${h.rng.chance(0.5) ? `\\\\${h.rng.pick(h.org.hosts).ecs.hostname} ` : ''}query ${h.rng.pick(['wuauserv', 'spooler', 'MSSQLSERVER', 'W3SVC', 'BITS'])}`],
  ['reg.exe', () => 'reg  query "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall" /s /f DisplayName'],
  ['wmic.exe', (h) => `wmic  /node:${h.rng.pick(h.org.hosts).ecs.hostname} os get caption,lastbootuptime`],
  ['schtasks.exe', (h) => `schtasks  /query /s ${h.rng.pick(h.org.hosts).ecs.hostname} /fo LIST`],
  ['gpupdate.exe', () => 'gpupdate  /force'], ['gpresult.exe', () => 'gpresult  /r /scope computer'],
  ['ipconfig.exe', () => 'ipconfig  /flushdns'], ['PING.EXE', (h) => `ping  -n 2 ${h.rng.pick(h.org.hosts).ecs.hostname}`],
  ['nslookup.exe', (h) => `nslookup  ${h.rng.pick(h.org.hosts).ecs.name}`], ['quser.exe', (h) => `quser  /server:${h.rng.pick(h.org.hosts).ecs.hostname}`],
  ['whoami.exe', () => 'whoami  /groups'],
];

const adminTool: Activity = (h, t) => {
  const s = sess(h);
  const r = h.rng;
  const a = s.user.account;
  const x = r.next();
  const prev = h.label;
  h.label = { value: 'benign', scenario: 'benign-admin-tools' };
  try {
    if (x < 0.2) {
      h.spawn(h.svchost('Appinfo'), t - 800, 'consent.exe', `consent.exe ${r.int(900, 9000)} ${r.int(300, 600)} 000001${r.hex(10)}`, h.org.system);
      h.spawn(s.explorer, t, 'mmc.exe', `"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\${r.pick(['dsa.msc', 'gpmc.msc', 'compmgmt.msc', 'dnsmgmt.msc', 'services.msc', 'eventvwr.msc'])}" `, a, { elevated: true });
    } else if (x < 0.3) {
      h.spawn(s.explorer, t, 'mstsc.exe', `"C:\\Windows\\system32\\mstsc.exe" /v:${r.pick(h.org.hosts).ecs.hostname}`, a);
    } else {
      const sh = h.app('adminshell', t, (at) => h.spawn(s.explorer, at, r.chance(0.5) ? 'powershell.exe' : 'cmd.exe', r.chance(0.5) ? '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ' : '"C:\\Windows\\system32\\cmd.exe" ', a, { elevated: true }));
      const [b, mk] = r.pick(ADMIN_CMDS);
      const p = h.spawn(sh, t, b, mk(h), a, { elevated: true, cwd: 'C:\\Windows\\system32\\' });
      if (b === 'net.exe') h.spawn(p, t + r.int(5, 60), 'net1.exe', `C:\\Windows\\system32\\net1 ${p.cmd.slice(5)}`, a, { elevated: true });
    }
  } finally {
    h.label = prev;
  }
};

const helpdesk: Activity = (h, t) => {
  const s = sess(h);
  const r = h.rng;
  const prev = h.label;
  h.label = { value: 'benign', scenario: 'benign-helpdesk' };
  const c = h.spawn(s.explorer, t, 'cmd.exe', '"C:\\Windows\\system32\\cmd.exe" ', s.user.account);
  h.spawn(c, t + r.int(3000, 30000), 'ipconfig.exe', r.pick(['ipconfig  /all', 'ipconfig  /release', 'ipconfig  /renew']), s.user.account);
  if (r.chance(0.5)) h.spawn(c, t + r.int(30000, 90000), 'PING.EXE', `ping  ${r.pick(['8.8.8.8', `intranet.${h.org.domain.toLowerCase()}.local`])}`, s.user.account);
  h.label = prev;
};

/** Interactive starts per working hour, by role, and the mix. */
export const USER_RATE: Record<Role, number> = { office: 18, developer: 24, admin: 20 };
export const SESSION_HELPER_RATE = 12;

export const USER_ACTIVITIES: Record<Role, WeightedTable<Activity>> = {
  office: new WeightedTable<Activity>([[browse, 22], [teams, 11], [attachment, 8], [officeDoc, 10], [desktopTool, 5], [helpdesk, 0.15]]),
  developer: new WeightedTable<Activity>([[browse, 25], [teams, 9], [attachment, 3], [officeDoc, 3], [desktopTool, 3], [devTool, 45]]),
  admin: new WeightedTable<Activity>([[browse, 25], [teams, 10], [attachment, 5], [officeDoc, 4], [desktopTool, 3], [adminTool, 18], [devTool, 4]]),
};

export const SESSION_HELPERS = new WeightedTable<Activity>([[sessionHelper, 1], [vendorApp, 1.6]]);
export { browser, outlook };
