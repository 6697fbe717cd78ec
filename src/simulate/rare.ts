// Benign but rare: installers, a package pushed to every workstation on one day, a new starter's
// first logon, and the scheduled work of servers. Rarity alone must not make these look like attacks.

import type { LabelInfo } from '../normalize/process-event.js';
import { adHocBinary } from './catalog.js';
import type { HostSim } from './host-sim.js';
import { WeightedTable } from './prng.js';
import type { Activity } from './system-activity.js';
import type { Proc, ServerRole, UserModel } from './types.js';

const INSTALLS = [['zoom', 'ZoomInstallerFull', '5.17.5'], ['notepadplusplus', 'npp.8.6.2.Installer.x64', '8.6.2'], ['vlc', 'vlc-3.0.20-win64', '3.0.20'],
  ['greenshot', 'Greenshot-INSTALLER-1.2.10', '1.2.10'], ['paint.net', 'paint.net.5.0.12.install.anycpu', '5.0.12'], ['keepass', 'KeePass-2.56-Setup', '2.56']] as const;

function withLabel(h: HostSim, label: LabelInfo, fn: () => void): void {
  const prev = h.label;
  h.label = label;
  try {
    fn();
  } finally {
    h.label = prev;
  }
}

function msiTree(h: HostSim, t: number, launcher: Proc, msiPath: string, user: UserModel | null, quiet: boolean): void {
  const r = h.rng;
  const sys = h.org.system;
  const a = user ? user.account : sys;
  const client = h.spawn(launcher, t, 'msiexec.exe', `"C:\\Windows\\System32\\msiexec.exe" /i "${msiPath}"${quiet ? ' /qn /norestart' : ''}`, a, { elevated: !!user });
  void client;
  const server = h.spawn(h.need('services'), t + r.int(200, 1500), 'msiexec.exe', 'C:\\Windows\\system32\\msiexec.exe /V', sys);
  const emb = h.spawn(server, server.t + r.int(500, 4000), 'msiexec.exe', `C:\\Windows\\syswow64\\MsiExec.exe -Embedding ${r.hex(32).toUpperCase()} E Global\\MSI0000`, sys);
  const n = r.int(0, 2);
  for (let i = 0; i < n; i++) {
    h.spawn(emb, emb.t + r.int(1000, 20000), 'rundll32.exe', `rundll32.exe "C:\\Windows\\Installer\\MSI${r.hex(4).toUpperCase()}.tmp",zzzzInvokeManagedCustomActionOutOfProc SfxCA_${r.int(1e6, 9e6)} ${r.int(10, 99)} ${r.pick(['CustomActions!CustomActions.CustomActions.CheckPrereqs', 'WixSharp!WixSharp.ManagedProjectActions.WixSharp_InitRuntime_Action'])}`, sys);
  }
}

/** A user installs something they downloaded. */
export const userInstall: Activity = (h, t) => {
  const s = h.session;
  if (!s) return;
  const r = h.rng;
  const [, file, ver] = r.pick(INSTALLS);
  withLabel(h, { value: 'benign', scenario: 'benign-installer' }, () => {
    if (r.chance(0.5)) {
      h.spawn(h.svchost('Appinfo'), t - 500, 'consent.exe', `consent.exe ${r.int(900, 9000)} ${r.int(300, 600)} 000001${r.hex(10)}`, h.org.system);
      msiTree(h, t, s.explorer, `C:\\Users\\${s.user.profile}\\Downloads\\${file}.msi`, s.user, false);
    } else {
      const dl = `C:\\Users\\${s.user.profile}\\Downloads`;
      const b = adHocBinary(`${file}.exe`, dl, `${file.split(/[-.]/)[0]}.exe`, r.pick(['', 'Open Source Developer', `${file.split(/[-.]/)[0]} Ltd`]));
      const setup = h.spawn(s.explorer, t, b, `"${dl}\\${file}.exe" `, s.user.account, { elevated: true });
      const tmp = `C:\\Users\\${s.user.profile}\\AppData\\Local\\Temp\\is-${r.alnum(5, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}.tmp`;
      h.spawn(setup, t + r.int(500, 3000), adHocBinary(`${file}.tmp`, tmp, '', ''), `"${tmp}\\${file}.tmp" /SL5="$${r.hex(5).toUpperCase()},${r.int(1e6, 9e6)},${r.int(1e5, 9e5)},${dl}\\${file}.exe" ${ver}`, s.user.account, { elevated: true });
    }
  });
};

/** The package pushed by the management agent to every workstation on the rollout day. */
export function rollout(h: HostSim, t: number): void {
  const cm = h.sys.get('ccmexec');
  if (!cm) return;
  withLabel(h, { value: 'benign', scenario: 'benign-rollout' }, () => {
    const dir = `C:\\Windows\\ccmcache\\${h.rng.alnum(2)}`;
    const ps = h.spawn(cm, t, 'powershell.exe', `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoLogo -NonInteractive -ExecutionPolicy Bypass -File "${dir}\\Install-7zip.ps1"`, h.org.system);
    msiTree(h, t + h.rng.int(1000, 5000), ps, `${dir}\\7z2301-x64.msi`, null, true);
  });
}

/** A new starter's first logon: profile creation and first-run setup. */
export function firstLogon(h: HostSim, t: number, u: UserModel): void {
  const s = h.session;
  if (!s) return;
  const r = h.rng;
  const a = u.account;
  withLabel(h, { value: 'benign', scenario: 'benign-first-day' }, () => {
    const ui = s.explorer.parent ?? s.explorer;
    h.spawn(ui, t + r.int(100, 800), 'ie4uinit.exe', 'ie4uinit.exe -UserConfig', a);
    h.spawn(ui, t + r.int(100, 800), 'unregmp2.exe', '"C:\\Windows\\System32\\unregmp2.exe" /FirstLogon', a);
    h.spawn(s.explorer, t + r.int(2000, 9000), 'OneDriveSetup.exe', `"C:\\Users\\${u.profile}\\AppData\\Local\\Microsoft\\OneDrive\\Update\\OneDriveSetup.exe" /thfirstsetup`, a);
    h.spawn(h.svchost('Schedule'), t + r.int(5000, 60000), 'rundll32.exe', 'C:\\Windows\\system32\\rundll32.exe C:\\Windows\\System32\\shell32.dll,SHCreateLocalServerRunDll {9aa46009-3ce0-458a-a354-715610a075e6} -Embedding', a);
    h.spawn(h.svchost('Schedule'), t + r.int(5000, 60000), 'gpupdate.exe', 'gpupdate.exe /target:user /force', a);
  });
}

const sqlJob: Activity = (h, t) => {
  const ag = h.sys.get('sqlagent');
  if (!ag) return;
  const a = h.host.serviceAccounts[0];
  h.spawn(ag, t, 'powershell.exe', `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -NonInteractive -File "D:\\Jobs\\${h.rng.pick(['purge-logs.ps1', 'export-daily.ps1', 'index-maintenance.ps1'])}"`, a);
};

const iisRecycle: Activity = (h, t) => {
  const iis = h.sys.get('svc:iissvcs');
  if (!iis) return;
  const a = h.host.serviceAccounts[0];
  const w = h.spawn(iis, t, 'w3wp.exe', `c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm${h.rng.guid().toLowerCase()} -h "C:\\inetpub\\temp\\apppools\\DefaultAppPool\\DefaultAppPool.config" -w "" -m 0 -t 20 -ta 0`, a);
  if (h.rng.chance(0.15)) h.spawn(w, t + h.rng.int(2000, 30000), 'csc.exe', `"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe" /noconfig /fullpaths @"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\${h.rng.hex(8)}\\${h.rng.hex(8)}\\${h.rng.alnum(8)}.cmdline"`, a);
};

const backup: Activity = (h, t) => {
  const a = h.host.serviceAccounts[0];
  if (!a) return;
  const r = h.rng;
  const c = h.spawn(h.svchost('Schedule'), t, 'cmd.exe', 'C:\\Windows\\system32\\cmd.exe /c "D:\\Scripts\\nightly-backup.cmd"', a);
  h.spawn(c, t + r.int(200, 2000), 'robocopy.exe', `robocopy  D:\\Shares \\\\backup01\\files$\\${h.host.ecs.hostname} /MIR /R:1 /W:1 /NP /LOG+:D:\\Logs\\robocopy.log`, a);
  if (r.chance(0.2)) h.spawn(c, t + r.int(60_000, 600_000), 'vssadmin.exe', 'vssadmin  list shadows', a);
};

const adReport: Activity = (h, t) => {
  h.spawn(h.svchost('Schedule'), t, 'powershell.exe', `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -ExecutionPolicy Bypass -File "C:\\Scripts\\${h.rng.pick(['stale-accounts-report.ps1', 'password-expiry-mail.ps1', 'gpo-backup.ps1'])}"`, h.org.system);
};

/** Role workloads per day, in addition to the shared system background. */
export const SERVER_WORK: Record<ServerRole, WeightedTable<Activity>> = {
  sql: new WeightedTable<Activity>([[sqlJob, 1]]),
  web: new WeightedTable<Activity>([[iisRecycle, 1]]),
  file: new WeightedTable<Activity>([[backup, 1]]),
  dc: new WeightedTable<Activity>([[adReport, 1]]),
};
export const SERVER_WORK_PER_DAY: Record<ServerRole, number> = { sql: 8, web: 4, file: 2, dc: 3 };
