// Boot and logon process trees: smss → csrss/wininit/winlogon → services → svchost groups …,
// winlogon → userinit → explorer → startup apps.

import { S32 } from './catalog.js';
import { DWM, UMFD0, UMFD1, type HostSim } from './host-sim.js';
import type { Account, UserModel } from './types.js';
import { startupApps } from './vendor-apps.js';

const CSRSS = 'ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16';

type Group = readonly [key: string, args: string, who: 'system' | 'ls' | 'ns'];
const GROUPS: readonly Group[] = [
  ['DcomLaunch', '-k DcomLaunch -p', 'system'], ['RPCSS', '-k RPCSS -p', 'ns'],
  ['LocalServiceNetworkRestricted', '-k LocalServiceNetworkRestricted -p', 'ls'], ['Schedule', '-k netsvcs -p -s Schedule', 'system'],
  ['gpsvc', '-k netsvcs -p -s gpsvc', 'system'], ['wuauserv', '-k netsvcs -p -s wuauserv', 'system'],
  ['NetworkService', '-k NetworkService -p', 'ns'], ['LocalService', '-k LocalService -p', 'ls'],
  ['LocalSystemNetworkRestricted', '-k LocalSystemNetworkRestricted -p', 'system'], ['appmodel', '-k appmodel -p -s StateRepository', 'system'],
  ['wsappx', '-k wsappx -p -s AppXSvc', 'system'], ['utcsvc', '-k utcsvc -p', 'system'], ['WerSvc', '-k WerSvcGroup', 'system'],
  ['AudioSrv', '-k LocalServiceNetworkRestricted -p -s AudioSrv', 'ls'], ['Dnscache', '-k NetworkService -p -s Dnscache', 'ns'],
  ['LocalServiceNoNetworkFirewall', '-k LocalServiceNoNetworkFirewall -p', 'ls'], ['BITS', '-k netsvcs -p -s BITS', 'system'], ['Appinfo', '-k netsvcs -p -s Appinfo', 'system'],
];

function who(h: HostSim, w: 'system' | 'ls' | 'ns'): Account {
  return w === 'system' ? h.org.system : w === 'ls' ? h.org.localService : h.org.networkService;
}

export function boot(h: HostSim, t0: number): void {
  const r = h.rng;
  const sys = h.org.system;
  h.resetForBoot(t0);
  let t = t0;
  const step = (lo: number, hi: number): number => (t += r.int(lo, hi));
  const smss = h.spawn(null, step(200, 900), 'smss.exe', '\\SystemRoot\\System32\\smss.exe', sys);
  const smss0 = h.spawn(smss, step(50, 300), 'smss.exe', '\\SystemRoot\\System32\\smss.exe 00000000 00000080', sys);
  h.spawn(smss0, step(5, 50), 'csrss.exe', `%SystemRoot%\\system32\\csrss.exe ${CSRSS}`, sys);
  const wininit = h.spawn(smss0, step(5, 80), 'wininit.exe', 'wininit.exe', sys);
  const smss1 = h.spawn(smss, step(20, 200), 'smss.exe', '\\SystemRoot\\System32\\smss.exe 00000104 00000080', sys);
  h.spawn(smss1, step(5, 50), 'csrss.exe', `%SystemRoot%\\system32\\csrss.exe ${CSRSS}`, sys);
  const winlogon = h.spawn(smss1, step(5, 60), 'winlogon.exe', 'winlogon.exe', sys);
  const services = h.spawn(wininit, step(20, 200), 'services.exe', `${S32}\\services.exe`, sys);
  h.spawn(wininit, step(5, 60), 'lsass.exe', `${S32}\\lsass.exe`, sys);
  h.spawn(wininit, step(5, 60), 'fontdrvhost.exe', '"fontdrvhost.exe"', UMFD0);
  h.spawn(winlogon, step(5, 60), 'fontdrvhost.exe', '"fontdrvhost.exe"', UMFD1);
  h.spawn(winlogon, step(100, 900), 'dwm.exe', '"dwm.exe"', DWM);
  h.sys.set('winlogon', winlogon);
  h.sys.set('services', services);
  for (const [key, args, w] of GROUPS) {
    h.sys.set(`svc:${key}`, h.spawn(services, step(20, 400), 'svchost.exe', `C:\\Windows\\system32\\svchost.exe ${args}`, who(h, w)));
  }
  h.sys.set('msmpeng', h.spawn(services, step(50, 600), 'MsMpEng.exe', '"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.23110.3-0\\MsMpEng.exe"', sys));
  h.spawn(services, step(50, 900), 'NisSrv.exe', '"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.23110.3-0\\NisSrv.exe"', h.org.localService);
  h.sys.set('mssense', h.spawn(services, step(50, 600), 'MsSense.exe', '"MsSense.exe"', sys));
  h.spawn(services, step(50, 600), 'spoolsv.exe', `${S32}\\spoolsv.exe`, sys);
  h.spawn(services, step(50, 600), 'SecurityHealthService.exe', `${S32}\\SecurityHealthService.exe`, sys);
  h.sys.set('c2r', h.spawn(services, step(50, 600), 'OfficeClickToRun.exe', '"C:\\Program Files\\Common Files\\Microsoft Shared\\ClickToRun\\OfficeClickToRun.exe" /service', sys));
  if (h.host.kind !== 'server') {
    h.sys.set('ccmexec', h.spawn(services, step(100, 900), 'CcmExec.exe', 'C:\\Windows\\CCM\\CcmExec.exe', sys));
    h.sys.set('searchindexer', h.spawn(services, step(500, 3000), 'SearchIndexer.exe', `${S32}\\SearchIndexer.exe /Embedding`, sys));
    if (h.host.users.some((u) => u.adobe)) {
      h.sys.set('agm', h.spawn(services, step(100, 900), 'AGMService.exe', '"C:\\Program Files (x86)\\Common Files\\Adobe\\AdobeGCClient\\AGMService.exe"', sys));
      h.sys.set('ags', h.spawn(services, step(100, 900), 'AGSService.exe', '"C:\\Program Files (x86)\\Common Files\\Adobe\\AdobeGCClient\\AGSService.exe"', sys));
    }
  } else {
    bootServerRole(h, services, () => step(100, 1500));
  }
  h.spawn(winlogon, step(500, 4000), 'LogonUI.exe', `"LogonUI.exe" /flags:0x2 /state0:0xa${r.hex(7)} /state1:0x41c64e6d`, sys);
}

function bootServerRole(h: HostSim, services: ReturnType<HostSim['need']>, step: () => number): void {
  const sys = h.org.system;
  const svcAcct = h.host.serviceAccounts[0];
  switch (h.host.serverRole) {
    case 'sql':
      h.sys.set('sqlservr', h.spawn(services, step(), 'sqlservr.exe', '"C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe" -sMSSQLSERVER', svcAcct));
      h.sys.set('sqlagent', h.spawn(services, step(), 'SQLAGENT.EXE', '"C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE" -i MSSQLSERVER', svcAcct));
      h.spawn(services, step(), 'sqlceip.exe', '"C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\sqlceip.exe" -Service', h.org.networkService);
      break;
    case 'web': {
      const iis = h.spawn(services, step(), 'svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k iissvcs', sys);
      h.sys.set('svc:iissvcs', iis);
      break;
    }
    case 'dc':
      h.spawn(services, step(), 'dfsrs.exe', `${S32}\\dfsrs.exe`, sys);
      break;
    default:
      break;
  }
}

const STARTMENU = 'App.AppXywbrabmsek0gm3tkwpr5kwzbs55tkqay.mca';
const SEARCHUI = 'CortanaUI.AppX8z9r6jm96hw4bsbneegw0kyxx296wr9t.mca';
const INPUTAPP = 'InputApp.AppXjd5de1g66v206tj52m9d0dtpppx4cgpn.mca';

/** Interactive logon of a user: userinit → explorer and the per-session helpers and startup apps. */
export function logon(h: HostSim, t0: number, u: UserModel, firstDay: boolean): void {
  const r = h.rng;
  const a = u.account;
  let t = t0;
  const step = (lo: number, hi: number): number => (t += r.int(lo, hi));
  const winlogon = h.need('winlogon');
  const userinit = h.spawn(winlogon, step(2000, 9000), 'userinit.exe', `${S32}\\userinit.exe`, a);
  const explorer = h.spawn(userinit, step(100, 800), 'explorer.exe', 'C:\\Windows\\Explorer.EXE', a, { cwd: `${S32}\\` });
  h.session = { user: u, explorer, apps: new Map(), firstDay };
  h.spawn(h.svchost('Schedule'), step(10, 300), 'sihost.exe', 'sihost.exe', a);
  h.spawn(h.svchost('Schedule'), step(10, 300), 'taskhostw.exe', 'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}', a);
  h.spawn(h.svchost('Schedule'), step(10, 300), 'ctfmon.exe', '"ctfmon.exe"', a);
  const dcom = h.svchost('DcomLaunch');
  h.spawn(dcom, step(200, 1500), 'StartMenuExperienceHost.exe', `"C:\\Windows\\SystemApps\\Microsoft.Windows.StartMenuExperienceHost_cw5n1h2txyewy\\StartMenuExperienceHost.exe" -ServerName:${STARTMENU}`, a);
  h.spawn(dcom, step(100, 900), 'RuntimeBroker.exe', `${S32}\\RuntimeBroker.exe -Embedding`, a);
  h.spawn(dcom, step(100, 900), 'SearchApp.exe', `"C:\\Windows\\SystemApps\\Microsoft.Windows.Search_cw5n1h2txyewy\\SearchApp.exe" -ServerName:${SEARCHUI}`, a);
  h.spawn(dcom, step(100, 900), 'TextInputHost.exe', `"C:\\Windows\\SystemApps\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\InputApp\\TextInputHost.exe" -ServerName:${INPUTAPP}`, a);
  h.spawn(explorer, step(500, 3000), 'SecurityHealthSystray.exe', `"${S32}\\SecurityHealthSystray.exe"`, a);
  h.spawn(explorer, step(100, 900), 'OneDrive.exe', `"C:\\Users\\${u.profile}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background`, a);
  const upd = h.spawn(explorer, step(100, 900), 'Update.exe', `"C:\\Users\\${u.profile}\\AppData\\Local\\Microsoft\\Teams\\Update.exe" --processStart "Teams.exe" --process-start-args "--system-initiated"`, a);
  const teams = h.spawn(upd, step(300, 2000), 'Teams.exe', `"C:\\Users\\${u.profile}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe" --system-initiated`, a);
  h.session.apps.set('teams', teams);
  startupApps(h, t);
  if (u.role !== 'developer' || r.chance(0.5)) {
    const ol = h.spawn(explorer, step(20_000, 600_000), 'OUTLOOK.EXE', '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE" ', a);
    h.session.apps.set('outlook', ol);
  }
}

/** Unlock or wake: the credential UI and the lock screen app. */
export function unlock(h: HostSim, t: number): void {
  const s = h.session;
  h.spawn(h.need('winlogon'), t, 'LogonUI.exe', `"LogonUI.exe" /flags:0x4 /state0:0xa${h.rng.hex(7)} /state1:0x41c64e6d`, h.org.system);
  if (s && h.rng.chance(0.5)) {
    h.spawn(h.svchost('DcomLaunch'), t + h.rng.int(200, 3000), 'LockApp.exe', '"C:\\Windows\\SystemApps\\Microsoft.LockApp_cw5n1h2txyewy\\LockApp.exe" -ServerName:WindowsDefaultLockScreen.AppX7y4nbzq37zn4ks9k7amqjywdat7d3j2z.mca', s.user.account);
  }
}
