// Windows binaries the simulator starts: name on disk, canonical folder, PE original file name and signer.
// These are facts about Windows and common software (names, install paths, publishers), written as data.

export const S32 = 'C:\\Windows\\System32';
export const WOW = 'C:\\Windows\\SysWOW64';
const NET64 = 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319';
const PF = 'C:\\Program Files';
const PF86 = 'C:\\Program Files (x86)';
const OFFICE = `${PF}\\Microsoft Office\\root\\Office16`;
const EDGE = `${PF86}\\Microsoft\\Edge\\Application`;
const ACRO = `${PF86}\\Adobe\\Acrobat DC\\Acrobat`;
const AGS = `${PF86}\\Common Files\\Adobe\\AdobeGCClient`;
const DEFENDER = 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23110.3-0';
const SENSE = `${PF}\\Windows Defender Advanced Threat Protection`;
const LOCALAPP = 'C:\\Users\\{user}\\AppData\\Local';
const GIT = `${PF}\\Git`;

export const SIGNER_WINDOWS = 'Microsoft Windows';
const MSC = 'Microsoft Corporation';
const MSP = 'Microsoft Windows Publisher';

export interface Binary {
  /** Lower-case key, usually the file name. */
  key: string;
  /** File name as Windows writes it. */
  name: string;
  /** Canonical folder; `{user}` is replaced by the profile name for per-user installs. */
  dir: string;
  originalFileName: string;
  /** Empty = unsigned. */
  signer: string;
  /** A console program: Windows starts a conhost.exe beside it. */
  console: boolean;
}

// [name, folder, original file name ('' = same as name), signer, console]
type Row = readonly [string, string, string, string, boolean?];

const ROWS: readonly Row[] = [
  // boot and session
  ['smss.exe', S32, '', SIGNER_WINDOWS], ['csrss.exe', S32, '', SIGNER_WINDOWS], ['wininit.exe', S32, 'WinInit.exe', SIGNER_WINDOWS],
  ['winlogon.exe', S32, 'WINLOGON.EXE', SIGNER_WINDOWS], ['services.exe', S32, '', SIGNER_WINDOWS], ['lsass.exe', S32, 'lsass.exe', SIGNER_WINDOWS],
  ['svchost.exe', S32, 'svchost.exe', SIGNER_WINDOWS], ['LogonUI.exe', S32, '', SIGNER_WINDOWS], ['dwm.exe', S32, '', SIGNER_WINDOWS],
  ['fontdrvhost.exe', S32, '', SIGNER_WINDOWS], ['userinit.exe', S32, 'USERINIT.EXE', SIGNER_WINDOWS], ['explorer.exe', 'C:\\Windows', 'EXPLORER.EXE', SIGNER_WINDOWS],
  ['sihost.exe', S32, '', SIGNER_WINDOWS], ['taskhostw.exe', S32, 'taskhostw.exe', SIGNER_WINDOWS], ['RuntimeBroker.exe', S32, '', SIGNER_WINDOWS],
  ['dllhost.exe', S32, 'dllhost.exe', SIGNER_WINDOWS], ['WmiPrvSE.exe', `${S32}\\wbem`, 'Wmiprvse.exe', SIGNER_WINDOWS],
  ['ctfmon.exe', S32, 'CTFMON.EXE', SIGNER_WINDOWS], ['spoolsv.exe', S32, '', SIGNER_WINDOWS], ['audiodg.exe', S32, '', SIGNER_WINDOWS],
  ['WUDFHost.exe', S32, 'WUDFHost.exe', SIGNER_WINDOWS], ['LockApp.exe', 'C:\\Windows\\SystemApps\\Microsoft.LockApp_cw5n1h2txyewy', '', MSP],
  ['StartMenuExperienceHost.exe', 'C:\\Windows\\SystemApps\\Microsoft.Windows.StartMenuExperienceHost_cw5n1h2txyewy', '', MSP],
  ['SearchApp.exe', 'C:\\Windows\\SystemApps\\Microsoft.Windows.Search_cw5n1h2txyewy', '', MSP],
  ['TextInputHost.exe', 'C:\\Windows\\SystemApps\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\InputApp', '', MSP],
  ['ShellExperienceHost.exe', 'C:\\Windows\\SystemApps\\ShellExperienceHost_cw5n1h2txyewy', '', MSP],
  ['SecurityHealthService.exe', S32, '', SIGNER_WINDOWS], ['SecurityHealthSystray.exe', S32, '', SIGNER_WINDOWS],
  ['SecurityHealthHost.exe', S32, '', SIGNER_WINDOWS], ['smartscreen.exe', S32, '', SIGNER_WINDOWS], ['wlrmdr.exe', S32, '', SIGNER_WINDOWS],
  ['backgroundTaskHost.exe', S32, 'backgroundTaskHost.exe', SIGNER_WINDOWS], ['consent.exe', S32, '', SIGNER_WINDOWS],
  ['conhost.exe', S32, 'CONHOST.EXE', SIGNER_WINDOWS],
  // background services and maintenance
  ['SearchIndexer.exe', S32, '', SIGNER_WINDOWS], ['SearchProtocolHost.exe', S32, '', SIGNER_WINDOWS], ['SearchFilterHost.exe', S32, '', SIGNER_WINDOWS],
  ['MsMpEng.exe', DEFENDER, '', MSC], ['MpCmdRun.exe', DEFENDER, 'MpCmdRun.exe', MSC, true], ['NisSrv.exe', DEFENDER, '', MSC],
  ['MsSense.exe', SENSE, '', MSC], ['SenseCncProxy.exe', SENSE, '', MSC], ['SenseIR.exe', SENSE, '', MSC], ['SenseNdr.exe', SENSE, '', MSC],
  ['CompatTelRunner.exe', S32, '', SIGNER_WINDOWS, true], ['ngentask.exe', NET64, '', MSC, true], ['ngen.exe', NET64, '', MSC, true],
  ['mscorsvw.exe', NET64, '', MSC], ['csc.exe', NET64, 'csc.exe', MSC, true], ['cvtres.exe', NET64, 'CVTRES.EXE', MSC],
  ['sppsvc.exe', S32, '', SIGNER_WINDOWS], ['TrustedInstaller.exe', 'C:\\Windows\\servicing', '', SIGNER_WINDOWS],
  ['TiWorker.exe', 'C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.3745_none_7e1e2d6e7c7f6d4a', '', SIGNER_WINDOWS],
  ['makecab.exe', S32, '', SIGNER_WINDOWS, true], ['wermgr.exe', S32, '', SIGNER_WINDOWS], ['UsoClient.exe', S32, '', SIGNER_WINDOWS],
  ['MusNotification.exe', S32, '', SIGNER_WINDOWS], ['gpupdate.exe', S32, 'GPUpdate.exe', SIGNER_WINDOWS, true],
  ['DeviceEnroller.exe', S32, '', SIGNER_WINDOWS], ['dmclient.exe', S32, '', SIGNER_WINDOWS, true], ['upfc.exe', S32, '', SIGNER_WINDOWS],
  ['SIHClient.exe', S32, '', SIGNER_WINDOWS], ['CompPkgSrv.exe', S32, '', SIGNER_WINDOWS], ['SpeechModelDownload.exe', S32, '', SIGNER_WINDOWS],
  ['MicrosoftEdgeUpdate.exe', `${PF86}\\Microsoft\\EdgeUpdate`, '', MSC], ['GoogleUpdate.exe', `${PF86}\\Google\\Update`, '', 'Google LLC'],
  ['OfficeClickToRun.exe', `${PF}\\Common Files\\microsoft shared\\ClickToRun`, '', MSC],
  ['OfficeC2RClient.exe', `${PF}\\Common Files\\microsoft shared\\ClickToRun`, '', MSC],
  ['CcmExec.exe', 'C:\\Windows\\CCM', '', MSC], ['msiexec.exe', S32, 'msiexec.exe', SIGNER_WINDOWS], ['DismHost.exe', 'C:\\Windows\\Temp', '', SIGNER_WINDOWS],
  ['cleanmgr.exe', S32, 'CLEANMGR.EXE', SIGNER_WINDOWS], ['vssvc.exe', S32, '', SIGNER_WINDOWS], ['taskmgr.exe', S32, 'Taskmgr.exe', SIGNER_WINDOWS],
  // shells and admin tools
  ['cmd.exe', S32, 'Cmd.Exe', SIGNER_WINDOWS, true], ['powershell.exe', `${S32}\\WindowsPowerShell\\v1.0`, 'PowerShell.EXE', SIGNER_WINDOWS, true],
  ['powershell_ise.exe', `${S32}\\WindowsPowerShell\\v1.0`, 'PowerShell_ISE.EXE', SIGNER_WINDOWS],
  ['pwsh.exe', `${PF}\\PowerShell\\7`, '', MSC, true], ['auditpol.exe', S32, 'AUDITPOL.EXE', SIGNER_WINDOWS, true],
  ['sc.exe', S32, 'sc.exe', SIGNER_WINDOWS, true], ['net.exe', S32, 'net.exe', SIGNER_WINDOWS, true], ['net1.exe', S32, 'net1.exe', SIGNER_WINDOWS],
  ['reg.exe', S32, 'reg.exe', SIGNER_WINDOWS, true], ['wmic.exe', `${S32}\\wbem`, 'wmic.exe', SIGNER_WINDOWS, true],
  ['whoami.exe', S32, 'whoami.exe', SIGNER_WINDOWS, true], ['ipconfig.exe', S32, 'ipconfig.exe', SIGNER_WINDOWS, true],
  ['PING.EXE', S32, 'ping.exe', SIGNER_WINDOWS, true], ['nslookup.exe', S32, 'nslookup.exe', SIGNER_WINDOWS, true],
  ['NETSTAT.EXE', S32, 'netstat.exe', SIGNER_WINDOWS, true], ['tasklist.exe', S32, 'tasklist.exe', SIGNER_WINDOWS, true],
  ['find.exe', S32, 'find.exe', SIGNER_WINDOWS], ['findstr.exe', S32, 'findstr.exe', SIGNER_WINDOWS],
  ['HOSTNAME.EXE', S32, 'hostname.exe', SIGNER_WINDOWS, true], ['systeminfo.exe', S32, 'sysinfo.exe', SIGNER_WINDOWS, true],
  ['gpresult.exe', S32, 'gprslt.exe', SIGNER_WINDOWS, true], ['nltest.exe', S32, 'nltestrk.exe', SIGNER_WINDOWS, true],
  ['quser.exe', S32, 'quser.exe', SIGNER_WINDOWS, true], ['schtasks.exe', S32, 'schtasks.exe', SIGNER_WINDOWS, true],
  ['certutil.exe', S32, 'CertUtil.exe', SIGNER_WINDOWS, true], ['bitsadmin.exe', S32, 'bitsadmin.exe', SIGNER_WINDOWS, true],
  ['mshta.exe', S32, 'MSHTA.EXE', SIGNER_WINDOWS], ['regsvr32.exe', S32, 'REGSVR32.EXE', SIGNER_WINDOWS],
  ['rundll32.exe', S32, 'RUNDLL32.EXE', SIGNER_WINDOWS], ['wscript.exe', S32, 'wscript.exe', SIGNER_WINDOWS],
  ['cscript.exe', S32, 'cscript.exe', SIGNER_WINDOWS, true], ['vssadmin.exe', S32, 'VSSADMIN.EXE', SIGNER_WINDOWS, true],
  ['mmc.exe', S32, 'MMC.EXE', SIGNER_WINDOWS], ['mstsc.exe', S32, 'mstsc.exe', SIGNER_WINDOWS],
  ['ie4uinit.exe', S32, 'IE4UINIT.EXE', SIGNER_WINDOWS], ['unregmp2.exe', S32, 'unregmp2.exe', SIGNER_WINDOWS],
  // user desktop
  ['notepad.exe', S32, 'NOTEPAD.EXE', SIGNER_WINDOWS], ['calc.exe', S32, 'CALC.EXE', SIGNER_WINDOWS],
  ['SnippingTool.exe', S32, 'SnippingTool.exe', SIGNER_WINDOWS], ['splwow64.exe', 'C:\\Windows', 'splwow64.exe', SIGNER_WINDOWS],
  ['OneDrive.exe', `${LOCALAPP}\\Microsoft\\OneDrive`, 'OneDrive.exe', MSC], ['FileCoAuth.exe', `${LOCALAPP}\\Microsoft\\OneDrive\\23.226.1031.0001`, '', MSC],
  ['OneDriveSetup.exe', `${LOCALAPP}\\Microsoft\\OneDrive\\Update`, '', MSC],
  ['msedge.exe', EDGE, 'msedge.exe', MSC], ['identity_helper.exe', `${EDGE}\\119.0.2151.97`, '', MSC],
  ['msedgewebview2.exe', `${PF86}\\Microsoft\\EdgeWebView\\Application\\119.0.2151.97`, '', MSC],
  ['chrome.exe', `${PF}\\Google\\Chrome\\Application`, 'chrome.exe', 'Google LLC'],
  ['Teams.exe', `${LOCALAPP}\\Microsoft\\Teams\\current`, 'Teams.exe', MSC], ['Update.exe', `${LOCALAPP}\\Microsoft\\Teams`, 'Squirrel.exe', MSC],
  ['OUTLOOK.EXE', OFFICE, 'Outlook.exe', MSC], ['WINWORD.EXE', OFFICE, 'WinWord.exe', MSC], ['EXCEL.EXE', OFFICE, 'Excel.exe', MSC],
  ['POWERPNT.EXE', OFFICE, 'POWERPNT.EXE', MSC], ['SDXHelper.exe', OFFICE, 'SDXHelper.exe', MSC], ['msoia.exe', OFFICE, 'msoia.exe', MSC],
  ['Acrobat.exe', ACRO, '', 'Adobe Inc.'], ['AcroCEF.exe', `${ACRO}\\AcroCEF`, '', 'Adobe Inc.'],
  ['AdobeCollabSync.exe', ACRO, '', 'Adobe Inc.'], ['FullTrustNotifier.exe', `${ACRO}\\Browser\\WCFirefoxExtn`, '', 'Adobe Inc.'],
  ['AdobeARM.exe', `${PF86}\\Common Files\\Adobe\\ARM\\1.0`, '', 'Adobe Inc.'],
  ['AGMService.exe', AGS, '', 'Adobe Inc.', true], ['AGSService.exe', AGS, '', 'Adobe Inc.', true],
  ['Adobe Genuine Launcher.exe', AGS, '', 'Adobe Inc.', true], ['AdobeGCClient.exe', AGS, '', 'Adobe Inc.'],
  ['Zoom.exe', 'C:\\Users\\{user}\\AppData\\Roaming\\Zoom\\bin', 'Zoom.exe', 'Zoom Video Communications, Inc.'],
  ['7zFM.exe', `${PF}\\7-Zip`, '7zFM.exe', ''], ['7zG.exe', `${PF}\\7-Zip`, '7zg.exe', ''],
  // developer tools
  ['Code.exe', `${LOCALAPP}\\Programs\\Microsoft VS Code`, 'electron.exe', MSC], ['WindowsTerminal.exe', `${PF}\\WindowsApps\\Microsoft.WindowsTerminal_1.18.3181.0_x64__8wekyb3d8bbwe`, '', MSC],
  ['OpenConsole.exe', `${PF}\\WindowsApps\\Microsoft.WindowsTerminal_1.18.3181.0_x64__8wekyb3d8bbwe`, '', MSC],
  ['git.exe', `${GIT}\\cmd`, 'git.exe', 'Johannes Schindelin', true], ['git-remote-https.exe', `${GIT}\\mingw64\\libexec\\git-core`, '', 'Johannes Schindelin'],
  ['ssh.exe', `${GIT}\\usr\\bin`, '', ''], ['node.exe', `${PF}\\nodejs`, 'node.exe', 'OpenJS Foundation', true],
  ['python.exe', `${LOCALAPP}\\Programs\\Python\\Python311`, 'python.exe', 'Python Software Foundation', true],
  ['dotnet.exe', `${PF}\\dotnet`, '.NET Host', MSC, true], ['MSBuild.exe', `${PF}\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\amd64`, 'MSBuild.exe', MSC, true],
  ['VBCSCompiler.exe', `${PF}\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\Roslyn`, '', MSC],
  ['devenv.exe', `${PF}\\Microsoft Visual Studio\\2022\\Professional\\Common7\\IDE`, 'devenv.exe', MSC],
  // servers
  ['sqlservr.exe', `${PF}\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn`, '', MSC], ['SQLAGENT.EXE', `${PF}\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn`, '', MSC],
  ['sqlceip.exe', `${PF}\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn`, '', MSC],
  ['w3wp.exe', `${S32}\\inetsrv`, 'w3wp.exe', SIGNER_WINDOWS], ['robocopy.exe', S32, 'robocopy.exe', SIGNER_WINDOWS, true],
  ['wbadmin.exe', S32, 'WBADMIN.EXE', SIGNER_WINDOWS, true], ['dfsrs.exe', S32, '', SIGNER_WINDOWS], ['ntdsutil.exe', S32, '', SIGNER_WINDOWS, true],
  // attacker tools (signed tools abused, unsigned payloads get their own rows at run time)
  ['procdump64.exe', 'C:\\Users\\Public', 'procdump', 'Microsoft Corporation', true],
];

function toBinary(r: Row): Binary {
  return { key: r[0].toLowerCase(), name: r[0], dir: r[1], originalFileName: r[2] || r[0], signer: r[3], console: r[4] === true };
}

export const BINARIES: ReadonlyMap<string, Binary> = new Map(ROWS.map((r) => [r[0].toLowerCase(), toBinary(r)]));

/** Lookups by the key as the code spells it, without lower-casing it on every process start. */
const asSpelled = new Map<string, Binary>();

export function bin(key: string): Binary {
  let b = asSpelled.get(key);
  if (b === undefined) {
    b = BINARIES.get(key.toLowerCase());
    if (!b) throw new Error(`simulate: unknown binary ${key}`);
    asSpelled.set(key, b);
  }
  return b;
}

/** A binary that is not in the table (a payload, an installer, a renamed tool): unsigned unless told otherwise. */
export function adHocBinary(name: string, dir: string, originalFileName = name, signer = '', console = false): Binary {
  return { key: name.toLowerCase(), name, dir, originalFileName, signer, console };
}
