// Background activity of the machine accounts (SYSTEM, LOCAL SERVICE, NETWORK SERVICE) and the
// per-session helpers Windows starts on its own. Weights are starts per awake day, shaped to the
// real workstation recording (see docs/simulator.md, calibration).

import { WeightedTable } from './prng.js';
import type { HostSim } from './host-sim.js';

export type Activity = (h: HostSim, t: number) => void;

const DEF = 'C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.23110.3-0';
const ATP = 'C:\\ProgramData\\Microsoft\\Windows Defender Advanced Threat Protection';

const senseCnc: Activity = (h, t) => {
  const verb = h.rng.pick(['-upload', '-download', '-cnc', '-aggregate']);
  h.spawn(h.need('mssense'), t, 'SenseCncProxy.exe', `"SenseCncProxy.exe" ${verb} ${h.rng.int(1, 9)}`, h.org.system);
};

const senseIr: Activity = (h, t) => {
  const r = h.rng;
  const who = r.chance(0.6) ? h.org.system : h.org.localService;
  const ir = h.spawn(h.need('mssense'), t, 'SenseIR.exe', `"SenseIR.exe" "OnlineSenseIR" "${r.int(1000, 99999)}"`, who);
  const script = `${ATP}\\DataCollection\\${r.int(8000, 8999)}.${r.int(1e6, 9e6)}.${r.int(0, 99)}\\${r.guid().toLowerCase()}.ps1`;
  const ps = h.spawn(ir, t + r.int(100, 900), 'powershell.exe',
    `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -ExecutionPolicy AllSigned -NoProfile -NonInteractive -Command "& {$OutputEncoding = [Console]::OutputEncoding =[System.Text.Encoding]::UTF8;$scriptFileStream = [System.IO.File]::Open('${script}', [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::Read);$calculatedHash = Microsoft.PowerShell.Utility\\Get-FileHash 'SHA256' -InputStream ($scriptFileStream);$scriptFileStream.Close();& '${script}'}"`, who);
  const tmp = r.alnum(8);
  const csc = h.spawn(ps, t + r.int(1000, 4000), 'csc.exe', `"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe" /noconfig /fullpaths @"C:\\Windows\\TEMP\\${tmp}\\${tmp}.cmdline"`, who);
  h.spawn(csc, csc.t + r.int(100, 600), 'cvtres.exe', `C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\cvtres.exe /NOLOGO /READONLY /MACHINE:IX86 "/OUT:C:\\Windows\\TEMP\\RES${r.hex(4).toUpperCase()}.tmp" "c:\\Windows\\Temp\\${tmp}\\CSC${r.hex(32).toUpperCase()}.TMP"`, who);
  if (who === h.org.system) {
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++) h.spawn(ps, t + r.int(5000, 20000), 'auditpol.exe', `"C:\\Windows\\system32\\auditpol.exe" /get /${r.pick(['category:*', 'subcategory:{0CCE922B-69AE-11D9-BED3-505054503030}', 'category:"Detailed Tracking"'])} /r`, who);
  }
};

const mpCmdRun: Activity = (h, t) => {
  const r = h.rng;
  const args = r.pick(['-wdenable', 'SignaturesUpdateService -ScheduleJob -RestrictPrivileges -CheckEngineUpToDate', 'GetDeviceTicket -AccessKey ' + r.guid(), '-IdleTask -TaskName WdCacheMaintenance']);
  h.spawn(h.need('msmpeng'), t, 'MpCmdRun.exe', `"${DEF}\\MpCmdRun.exe" ${args}`, h.org.networkService, { noConhost: r.chance(0.75) });
};

const mpIdle: Activity = (h, t) => {
  h.spawn(h.svchost('Schedule'), t, 'MpCmdRun.exe', `"${DEF}\\MpCmdRun.exe" -IdleTask -TaskName ${h.rng.pick(['WdCacheMaintenance', 'WdCleanup', 'WdVerification'])}`, h.org.system);
};

const searchProtocol: Activity = (h, t) => {
  const si = h.sys.get('searchindexer');
  if (!si) return;
  const r = h.rng;
  const n = r.int(1, 99);
  if (r.chance(0.3)) {
    h.spawn(si, t, 'SearchFilterHost.exe', `"C:\\Windows\\system32\\SearchFilterHost.exe" 0 ${r.int(600, 900)} ${r.int(600, 900)} ${r.int(600, 900)} 8192 ${r.int(600, 900)} `, h.org.system);
    return;
  }
  const s = h.session;
  const a = s && r.chance(0.6) ? s.user.account : h.org.system;
  const sid = a.ecs.id ?? '';
  const pipe = a === h.org.system ? `${n}_` : `_${sid}${n}_`;
  h.spawn(si, t, 'SearchProtocolHost.exe', `"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe${pipe} Global\\UsGthrCtrlFltPipeMssGthrPipe${pipe} 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon" `, a);
};

const ngen: Activity = (h, t) => {
  const r = h.rng;
  const sys = h.org.system;
  const th = h.spawn(h.svchost('Schedule'), t, 'taskhostw.exe', 'taskhostw.exe', sys);
  const nt = h.spawn(th, t + r.int(50, 500), 'ngentask.exe', `"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\NGenTask.exe" /RuntimeWide /StopEvent:${r.int(1000, 3000)}`, sys);
  const n = r.int(1, 3);
  for (let i = 0; i < n; i++) {
    const ng = h.spawn(nt, t + r.int(1000, 60000), 'ngen.exe', `"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\ngen.exe" install "${r.pick(['System.Management.Automation', 'Microsoft.PowerShell.Commands.Utility', 'System.Windows.Forms', 'PresentationFramework'])}, Version=${r.pick(['3.0.0.0', '4.0.0.0'])}, Culture=neutral, PublicKeyToken=31bf3856ad364e35" /NoDependencies /noroot /version:v4.0.30319 /LegacyServiceBehavior`, sys);
    if (r.chance(0.5)) h.spawn(ng, ng.t + r.int(100, 3000), 'mscorsvw.exe', `C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\mscorsvw.exe -StartupEvent ${r.hex(3)} -InterruptEvent 0 -NGENProcess ${r.hex(3)} -Pipe ${r.hex(3)} -Comment "NGen Worker Process"`, sys);
  }
};

const taskhost: Activity = (h, t) => {
  h.spawn(h.svchost('Schedule'), t, 'taskhostw.exe', h.rng.pick(['taskhostw.exe', 'taskhostw.exe Install $(Arg0)', 'taskhostw.exe SYSTEM']), h.org.system);
};

const dllhostSys: Activity = (h, t) => {
  const a = h.rng.chance(0.8) ? h.org.system : h.org.networkService;
  h.spawn(h.svchost('DcomLaunch'), t, 'dllhost.exe', `C:\\Windows\\system32\\DllHost.exe /Processid:{${h.rng.pick(['3EB3C877-1F16-487C-9050-104DBCD66683', 'AB8902B4-09CA-4BB6-B78D-A8F59079A8D5', '9C38ED61-D565-4728-AEEE-C80952F0ECDE', '02D4B3F1-FD88-11D1-960D-00805FC79235'])}}`, a);
};

const compatTel: Activity = (h, t) => {
  const r = h.rng;
  const sys = h.org.system;
  const root = h.spawn(h.svchost('Schedule'), t, 'CompatTelRunner.exe', `C:\\Windows\\system32\\compattelrunner.exe${r.chance(0.5) ? '' : ' -maintenance'}`, sys);
  const n = r.int(0, 3);
  for (let i = 0; i < n; i++) {
    h.spawn(root, t + r.int(1000, 90000), 'CompatTelRunner.exe', `C:\\Windows\\system32\\CompatTelRunner.exe -m:${r.pick(['appraiser.dll -f:DoScheduledTelemetryRun', 'invagent.dll -f:RunUpdate', 'devinv.dll -f:CreateDeviceInventory', 'aeinv.dll -f:UpdateSoftwareInventoryW invsvc'])}`, sys);
  }
};

const wmiPrvSe: Activity = (h, t) => {
  const a = h.rng.pick([h.org.networkService, h.org.system, h.org.localService]);
  h.spawn(h.svchost('DcomLaunch'), t, 'WmiPrvSE.exe', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', a);
};

const svcOnDemand: Activity = (h, t) => {
  const r = h.rng;
  const [args, a] = r.pick([
    ['-k netsvcs -p -s BITS', h.org.system], ['-k LocalService -s W32Time', h.org.localService], ['-k netsvcs -p -s wlidsvc', h.org.system],
    ['-k NetworkService -p -s DoSvc', h.org.networkService], ['-k netsvcs -p -s lfsvc', h.org.system], ['-k LocalSystemNetworkRestricted -p -s TrkWks', h.org.system],
    ['-k LocalServiceNetworkRestricted -p -s WinHttpAutoProxySvc', h.org.localService], ['-k netsvcs -p -s TokenBroker', h.org.system],
    ['-k rpcss -p -s DsmSvc', h.org.system], ['-k NetworkServiceNetworkRestricted -p -s PolicyAgent', h.org.networkService],
  ] as const);
  h.spawn(h.need('services'), t, 'svchost.exe', `C:\\Windows\\system32\\svchost.exe ${args}`, a);
};

const servicing: Activity = (h, t) => {
  const r = h.rng;
  const sys = h.org.system;
  const ti = h.spawn(h.need('services'), t, 'TrustedInstaller.exe', 'C:\\Windows\\servicing\\TrustedInstaller.exe', sys);
  const w = h.spawn(h.svchost('DcomLaunch'), t + r.int(200, 2000), 'TiWorker.exe', 'C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.3745_none_7e1e2d6e7c7f6d4a\\TiWorker.exe -Embedding', sys);
  void ti;
  if (r.chance(0.5)) h.spawn(w, w.t + r.int(5000, 60000), 'makecab.exe', `C:\\Windows\\system32\\makecab.exe C:\\Windows\\Logs\\CBS\\CbsPersist_2025${r.int(1000, 1231)}${r.int(100000, 235959)}.log C:\\Windows\\Logs\\CBS\\CbsPersist_2025${r.int(1000, 1231)}${r.int(100000, 235959)}.cab`, sys);
  if (r.chance(0.4)) h.spawn(h.need('services'), t + r.int(1000, 5000), 'sppsvc.exe', 'C:\\Windows\\system32\\sppsvc.exe', h.org.networkService);
};

const wer: Activity = (h, t) => {
  h.spawn(h.svchost('WerSvc'), t, 'wermgr.exe', h.rng.pick(['C:\\Windows\\system32\\wermgr.exe -upload', 'C:\\Windows\\system32\\wermgr.exe -queuereporting', `C:\\Windows\\system32\\wermgr.exe -outproc 0 ${h.rng.int(1000, 9000)}`]), h.org.system);
};

const uso: Activity = (h, t) => {
  const r = h.rng;
  if (r.chance(0.8)) h.spawn(h.svchost('Schedule'), t, 'UsoClient.exe', `C:\\Windows\\system32\\usoclient.exe ${r.pick(['StartScan', 'StartDownload', 'StartInstall', 'StartOobeAppsScanAfterUpdate'])}`, h.org.system);
  else h.spawn(h.svchost('wuauserv'), t, 'MusNotification.exe', 'C:\\Windows\\system32\\MusNotification.exe', h.org.system);
};

const gpupdate: Activity = (h, t) => {
  h.spawn(h.svchost('Schedule'), t, 'gpupdate.exe', `gpupdate.exe /target:${h.rng.pick(['computer', 'user'])}`, h.org.system);
};

const updaters: Activity = (h, t) => {
  const r = h.rng;
  const sys = h.org.system;
  if (r.chance(0.5) || !h.host.users.some((u) => u.browser === 'chrome')) {
    h.spawn(h.svchost('Schedule'), t, 'MicrosoftEdgeUpdate.exe', `"C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe" /${r.pick(['ua /installsource scheduler', 'c', 'ping PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iVVRGLTgiPz48cmVxdWVzdC8+'])}`, sys);
  } else {
    const g = h.spawn(h.svchost('Schedule'), t, 'GoogleUpdate.exe', '"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe" /ua /installsource scheduler', sys);
    if (r.chance(0.6)) h.spawn(g, t + r.int(500, 5000), 'GoogleUpdate.exe', '"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe" /c', sys);
  }
};

const mdm: Activity = (h, t) => {
  const r = h.rng;
  if (r.chance(0.5)) h.spawn(h.svchost('Schedule'), t, 'DeviceEnroller.exe', `"C:\\Windows\\system32\\deviceenroller.exe" /o "${r.guid()}" /c /b`, h.org.system);
  else h.spawn(h.svchost('Schedule'), t, 'dmclient.exe', 'C:\\Windows\\system32\\dmclient.exe utcwnf', h.org.system);
};

const officeC2r: Activity = (h, t) => {
  const r = h.rng;
  if (r.chance(0.45)) {
    h.spawn(h.svchost('Schedule'), t, 'OfficeC2RClient.exe', '"C:\\Program Files\\Common Files\\Microsoft Shared\\ClickToRun\\OfficeC2RClient.exe" /frequentupdate SCHEDULEDTASK displaylevel=False', h.org.system);
  } else {
    const c2r = h.sys.get('c2r');
    if (c2r) h.spawn(c2r, t, 'schtasks.exe', `"C:\\Windows\\system32\\schtasks.exe" /${r.pick(['query /tn "\\Microsoft\\Office\\Office Automatic Updates 2.0"', 'change /tn "\\Microsoft\\Office\\Office ClickToRun Service Monitor" /enable', 'query /tn "\\Microsoft\\Office\\Office Feature Updates"'])}`, h.org.system);
  }
};

const sih: Activity = (h, t) => {
  const r = h.rng;
  const up = h.spawn(h.need('services'), t, 'upfc.exe', `C:\\Windows\\System32\\upfc.exe /launchtype ${r.pick(['periodic', 'boot'])} /cv ${r.alnum(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}.${r.int(0, 9)}`, h.org.system);
  if (r.chance(0.7)) h.spawn(up, t + r.int(500, 4000), 'SIHClient.exe', `C:\\Windows\\System32\\sihclient.exe  /cv ${r.alnum(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}.${r.int(0, 9)}.2`, h.org.system);
};

const localNetSvc: Activity = (h, t) => {
  const r = h.rng;
  const x = r.next();
  if (x < 0.35) h.spawn(h.svchost('AudioSrv'), t, 'audiodg.exe', `C:\\Windows\\system32\\AUDIODG.EXE 0x${r.hex(3)}`, h.org.localService);
  else if (x < 0.6) h.spawn(h.svchost('Schedule'), t, 'SpeechModelDownload.exe', 'C:\\Windows\\system32\\speech_onecore\\common\\SpeechModelDownload.exe', h.org.networkService);
  else if (x < 0.8) h.spawn(h.need('services'), t, 'WUDFHost.exe', `"C:\\Windows\\System32\\WUDFHost.exe" -HostGUID:{193a1820-d9ac-4997-8c55-be817523f6aa} -IoEventPortName:\\UMDFCommunicationPorts\\WUDF\\HostProcess-${r.guid().toLowerCase()} -SystemEventPortName:\\UMDFCommunicationPorts\\WUDF\\HostProcess-${r.guid().toLowerCase()} -IoCancelEventPortName:\\UMDFCommunicationPorts\\WUDF\\HostProcess-${r.guid().toLowerCase()} -NonStateChangingEventPortName:\\UMDFCommunicationPorts\\WUDF\\HostProcess-${r.guid().toLowerCase()} -LifetimeId:${r.guid().toLowerCase()} -DeviceGroupId: -HostArg:0`, h.org.localService);
  else h.spawn(h.svchost('LocalServiceNetworkRestricted'), t, 'sc.exe', `C:\\Windows\\system32\\sc.exe start ${r.pick(['wuauserv', 'W32Time', 'DoSvc'])}`, h.org.localService);
};

/** Starts per awake day on a workstation. */
export const WORKSTATION_SYSTEM = new WeightedTable<Activity>([
  [senseCnc, 17], [senseIr, 5], [mpCmdRun, 13], [mpIdle, 2], [searchProtocol, 16], [ngen, 3], [taskhost, 4], [dllhostSys, 3],
  [compatTel, 2], [wmiPrvSe, 6], [svcOnDemand, 3], [servicing, 0.8], [wer, 2], [uso, 1.5], [gpupdate, 0.6], [updaters, 3],
  [mdm, 3.5], [officeC2r, 3.5], [sih, 1], [localNetSvc, 4],
]);

export const SERVER_SYSTEM = new WeightedTable<Activity>([
  [senseCnc, 17], [senseIr, 5], [mpCmdRun, 13], [mpIdle, 2], [ngen, 2], [taskhost, 4], [dllhostSys, 3], [compatTel, 2],
  [wmiPrvSe, 8], [svcOnDemand, 4], [servicing, 0.8], [wer, 1], [uso, 1.5], [gpupdate, 1], [updaters, 1], [sih, 1], [localNetSvc, 3],
]);
