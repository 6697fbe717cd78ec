// Windows binaries as data: where each one lives and what attackers use it for. Names, folders and
// capabilities are public facts (Microsoft documentation, ATT&CK); this table is written for oddspawn.

export const CAP = {
  shell: 1,
  scriptHost: 2,
  proxyExec: 4,
  download: 8,
  recon: 16,
  persistence: 32,
  evasion: 64,
  credential: 128,
  compile: 256,
  system: 512,
} as const;

/** Canonical folders, lowercased and without the drive letter. */
const SYS = ['\\windows\\system32', '\\windows\\syswow64'];
const WIN = ['\\windows'];
const WBEM = ['\\windows\\system32\\wbem', '\\windows\\syswow64\\wbem'];
const PS = ['\\windows\\system32\\windowspowershell\\v1.0', '\\windows\\syswow64\\windowspowershell\\v1.0'];
/** .NET Framework tools live under versioned folders: matched by prefix. */
export const DOTNET_PREFIX = '\\windows\\microsoft.net\\framework';

export interface BinaryFact {
  caps: number;
  /** Folders it ships in; undefined = not a Windows component (location not checked). */
  folders?: readonly string[];
  dotnet?: boolean;
}

const t = (caps: number, folders: readonly string[] | undefined = SYS, dotnet = false): BinaryFact => ({ caps, folders, dotnet });

export const BINARIES: ReadonlyMap<string, BinaryFact> = new Map<string, BinaryFact>([
  // core system processes (masquerading targets)
  ['svchost.exe', t(CAP.system)],
  ['lsass.exe', t(CAP.system)],
  ['services.exe', t(CAP.system)],
  ['csrss.exe', t(CAP.system)],
  ['smss.exe', t(CAP.system)],
  ['wininit.exe', t(CAP.system)],
  ['winlogon.exe', t(CAP.system)],
  ['lsm.exe', t(CAP.system)],
  ['spoolsv.exe', t(CAP.system)],
  ['taskhost.exe', t(CAP.system)],
  ['taskhostw.exe', t(CAP.system)],
  ['sihost.exe', t(CAP.system)],
  ['userinit.exe', t(CAP.system)],
  ['dllhost.exe', t(CAP.system)],
  ['conhost.exe', t(CAP.system)],
  ['ctfmon.exe', t(CAP.system)],
  ['runtimebroker.exe', t(CAP.system)],
  ['searchindexer.exe', t(CAP.system)],
  ['searchprotocolhost.exe', t(CAP.system)],
  ['searchfilterhost.exe', t(CAP.system)],
  ['werfault.exe', t(CAP.system)],
  ['wermgr.exe', t(CAP.system)],
  ['consent.exe', t(CAP.system)],
  ['audiodg.exe', t(CAP.system)],
  ['dwm.exe', t(CAP.system)],
  ['fontdrvhost.exe', t(CAP.system)],
  ['backgroundtaskhost.exe', t(CAP.system)],
  ['wmiprvse.exe', t(CAP.system, WBEM)],
  ['wmiadap.exe', t(CAP.system, WBEM)],
  ['wmiapsrv.exe', t(CAP.system, WBEM)],
  ['explorer.exe', t(CAP.system, WIN)],
  ['notepad.exe', t(0, [...SYS, ...WIN])],
  ['regedit.exe', t(CAP.persistence, WIN)],
  ['hh.exe', t(CAP.proxyExec, [...SYS, ...WIN])],
  ['taskmgr.exe', t(0)],
  ['mmc.exe', t(CAP.proxyExec)],
  ['trustedinstaller.exe', t(CAP.system, ['\\windows\\servicing'])],
  ['tiworker.exe', t(CAP.system, undefined)],
  // shells and script hosts
  ['cmd.exe', t(CAP.shell)],
  ['powershell.exe', t(CAP.shell | CAP.download, PS)],
  ['powershell_ise.exe', t(CAP.shell, PS)],
  ['pwsh.exe', t(CAP.shell | CAP.download, undefined)],
  ['wscript.exe', t(CAP.scriptHost)],
  ['cscript.exe', t(CAP.scriptHost)],
  ['mshta.exe', t(CAP.scriptHost | CAP.proxyExec | CAP.download)],
  ['scrcons.exe', t(CAP.scriptHost, WBEM)],
  // proxy execution, download, evasion
  ['rundll32.exe', t(CAP.proxyExec)],
  ['regsvr32.exe', t(CAP.proxyExec | CAP.download)],
  ['msiexec.exe', t(CAP.proxyExec | CAP.download)],
  ['certutil.exe', t(CAP.download | CAP.evasion)],
  ['bitsadmin.exe', t(CAP.download | CAP.persistence)],
  ['wmic.exe', t(CAP.proxyExec | CAP.recon, WBEM)],
  ['odbcconf.exe', t(CAP.proxyExec)],
  ['forfiles.exe', t(CAP.proxyExec)],
  ['pcalua.exe', t(CAP.proxyExec)],
  ['cmstp.exe', t(CAP.proxyExec)],
  ['control.exe', t(CAP.proxyExec)],
  ['mavinject.exe', t(CAP.proxyExec | CAP.evasion)],
  ['msdt.exe', t(CAP.proxyExec)],
  ['esentutl.exe', t(CAP.credential | CAP.download)],
  ['expand.exe', t(CAP.download)],
  ['extrac32.exe', t(CAP.download)],
  ['findstr.exe', t(CAP.download | CAP.recon)],
  ['ftp.exe', t(CAP.download | CAP.proxyExec)],
  ['ieexec.exe', t(CAP.download, undefined, true)],
  ['infdefaultinstall.exe', t(CAP.proxyExec)],
  ['presentationhost.exe', t(CAP.proxyExec)],
  ['replace.exe', t(CAP.download)],
  ['syncappvpublishingserver.exe', t(CAP.proxyExec)],
  ['xwizard.exe', t(CAP.proxyExec)],
  ['desktopimgdownldr.exe', t(CAP.download)],
  ['certreq.exe', t(CAP.download)],
  ['curl.exe', t(CAP.download)],
  ['tar.exe', t(CAP.download)],
  ['wsl.exe', t(CAP.proxyExec)],
  ['bash.exe', t(CAP.proxyExec)],
  ['diskshadow.exe', t(CAP.credential | CAP.proxyExec)],
  ['dnscmd.exe', t(CAP.proxyExec)],
  ['makecab.exe', t(CAP.download)],
  ['netsh.exe', t(CAP.persistence | CAP.evasion)],
  ['sc.exe', t(CAP.persistence)],
  ['schtasks.exe', t(CAP.persistence)],
  ['at.exe', t(CAP.persistence)],
  ['reg.exe', t(CAP.persistence | CAP.credential)],
  ['vssadmin.exe', t(CAP.credential | CAP.evasion)],
  ['wbadmin.exe', t(CAP.evasion)],
  ['wevtutil.exe', t(CAP.evasion)],
  ['bcdedit.exe', t(CAP.evasion)],
  ['fsutil.exe', t(CAP.evasion)],
  ['icacls.exe', t(CAP.evasion)],
  ['takeown.exe', t(CAP.evasion)],
  ['attrib.exe', t(CAP.evasion)],
  ['cipher.exe', t(CAP.evasion)],
  ['ntdsutil.exe', t(CAP.credential)],
  ['comsvcs.dll', t(CAP.credential)],
  ['msbuild.exe', t(CAP.compile | CAP.proxyExec, undefined, true)],
  ['installutil.exe', t(CAP.proxyExec, undefined, true)],
  ['regasm.exe', t(CAP.proxyExec, undefined, true)],
  ['regsvcs.exe', t(CAP.proxyExec, undefined, true)],
  ['csc.exe', t(CAP.compile, undefined, true)],
  ['vbc.exe', t(CAP.compile, undefined, true)],
  ['jsc.exe', t(CAP.compile | CAP.proxyExec, undefined, true)],
  ['aspnet_compiler.exe', t(CAP.compile | CAP.proxyExec, undefined, true)],
  // discovery
  ['whoami.exe', t(CAP.recon)],
  ['net.exe', t(CAP.recon | CAP.persistence)],
  ['net1.exe', t(CAP.recon | CAP.persistence)],
  ['nltest.exe', t(CAP.recon)],
  ['tasklist.exe', t(CAP.recon)],
  ['taskkill.exe', t(CAP.evasion)],
  ['systeminfo.exe', t(CAP.recon)],
  ['ipconfig.exe', t(CAP.recon)],
  ['netstat.exe', t(CAP.recon)],
  ['arp.exe', t(CAP.recon)],
  ['route.exe', t(CAP.recon)],
  ['nslookup.exe', t(CAP.recon)],
  ['quser.exe', t(CAP.recon)],
  ['qwinsta.exe', t(CAP.recon)],
  ['query.exe', t(CAP.recon)],
  ['hostname.exe', t(CAP.recon)],
  ['klist.exe', t(CAP.recon | CAP.credential)],
  ['setspn.exe', t(CAP.recon | CAP.credential)],
  ['dsquery.exe', t(CAP.recon)],
  ['gpresult.exe', t(CAP.recon)],
  ['cmdkey.exe', t(CAP.recon | CAP.credential)],
  ['ping.exe', t(CAP.recon)],
  ['msinfo32.exe', t(CAP.recon)],
  ['driverquery.exe', t(CAP.recon)],
]);

/** Names attackers imitate; a near miss of one of these is a lookalike. */
export const LOOKALIKE_TARGETS: readonly string[] = [
  'svchost', 'lsass', 'csrss', 'services', 'explorer', 'winlogon', 'wininit', 'rundll32', 'smss', 'spoolsv',
  'conhost', 'dllhost', 'taskhost', 'taskhostw', 'powershell', 'iexplore', 'userinit', 'searchindexer',
  'regsvr32', 'lsm', 'runtimebroker', 'wmiprvse', 'taskmgr',
];

export function binaryFact(lowerName: string): BinaryFact | undefined {
  return BINARIES.get(lowerName);
}

/** True when a lowercased folder (drive letter optional) is one of the binary's canonical folders. */
export function inCanonicalFolder(fact: BinaryFact, lowerDir: string): boolean {
  const d = lowerDir.length > 1 && lowerDir.charCodeAt(1) === 58 ? lowerDir.slice(2) : lowerDir;
  if (fact.dotnet) return d.startsWith(DOTNET_PREFIX);
  if (!fact.folders) return true;
  return fact.folders.includes(d);
}

export const PROCESS_CLASSES = [
  'missing',
  'other',
  'office',
  'browser',
  'script_host',
  'shell',
  'wmi',
  'services',
  'svchost',
  'explorer',
  'document_reader',
  'system',
  'lolbin',
  'recon',
  'mail_chat',
] as const;
export type ProcessClass = (typeof PROCESS_CLASSES)[number];

const CLASS_BY_NAME = new Map<string, ProcessClass>();
const setClass = (cls: ProcessClass, ...names: string[]): void => names.forEach((n) => CLASS_BY_NAME.set(n, cls));
setClass('office', 'winword.exe', 'excel.exe', 'powerpnt.exe', 'msaccess.exe', 'mspub.exe', 'onenote.exe', 'visio.exe', 'eqnedt32.exe', 'wordpad.exe');
setClass('mail_chat', 'outlook.exe', 'thunderbird.exe', 'teams.exe', 'ms-teams.exe', 'slack.exe');
setClass('browser', 'chrome.exe', 'msedge.exe', 'firefox.exe', 'iexplore.exe', 'opera.exe', 'brave.exe', 'microsoftedge.exe', 'microsoftedgecp.exe');
setClass('document_reader', 'acrord32.exe', 'acrobat.exe', 'foxitreader.exe', 'foxitpdfreader.exe', 'sumatrapdf.exe');
setClass('script_host', 'wscript.exe', 'cscript.exe', 'mshta.exe', 'scrcons.exe');
setClass('shell', 'cmd.exe', 'powershell.exe', 'pwsh.exe', 'powershell_ise.exe');
setClass('wmi', 'wmiprvse.exe');
setClass('services', 'services.exe');
setClass('svchost', 'svchost.exe', 'taskeng.exe', 'taskhostw.exe');
setClass('explorer', 'explorer.exe', 'userinit.exe');
setClass('system', 'smss.exe', 'wininit.exe', 'winlogon.exe', 'lsass.exe', 'csrss.exe', 'conhost.exe', 'dllhost.exe', 'werfault.exe', 'searchindexer.exe', 'searchprotocolhost.exe', 'consent.exe', 'spoolsv.exe', 'sihost.exe');

export function processClass(lowerName: string): ProcessClass {
  if (lowerName === '' || lowerName === '?' || lowerName === '-') return 'missing';
  const c = CLASS_BY_NAME.get(lowerName);
  if (c) return c;
  const fact = BINARIES.get(lowerName);
  if (fact) {
    if (fact.caps & (CAP.proxyExec | CAP.download | CAP.compile | CAP.evasion | CAP.credential)) return 'lolbin';
    if (fact.caps & (CAP.recon | CAP.persistence)) return 'recon';
    return 'system';
  }
  return 'other';
}
