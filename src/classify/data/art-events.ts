// Attack events built from Atomic Red Team command templates (MIT). How a test is launched changes
// what the log shows, so each template yields one of the runner variants: `cmd.exe /c <test>` or
// `powershell.exe -Command <test>` under a runner or a realistic launcher (Office, WMI, services,
// a script host, explorer), or the test fed to a bare shell on stdin so only its children carry the
// command lines. Users, hosts, integrity and the log flavour (Sysmon vs Security 4688) vary by seed.

import { readFileSync } from 'node:fs';
import { normalize } from '../../normalize/index.js';
import type { ProcessEvent } from '../../normalize/process-event.js';
import { BINARIES } from '../../features/lolbins.js';
import { Rng } from '../gbdt/prng.js';
import type { LabelledEvent } from './labelled.js';

export interface ArtTemplate {
  technique: string;
  guid: string;
  executor: string;
  elevation_required: boolean;
  resolved_command: string;
  test_name?: string;
}

export function readArtTemplates(path: string): ArtTemplate[] {
  const out: ArtTemplate[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const t = JSON.parse(line) as Partial<ArtTemplate>;
      if (typeof t.resolved_command === 'string' && typeof t.executor === 'string' && typeof t.technique === 'string')
        out.push({ technique: t.technique, guid: String(t.guid ?? ''), executor: t.executor, elevation_required: t.elevation_required === true, resolved_command: t.resolved_command, test_name: t.test_name });
    } catch {
      // A bad template line is skipped: the corpus is input data, not code.
    }
  }
  return out;
}

interface Proc {
  name: string;
  exe: string;
  cmd: string;
}

const SYS32 = 'C:\\Windows\\System32\\';
const CMD: Proc = { name: 'cmd.exe', exe: SYS32 + 'cmd.exe', cmd: '"C:\\Windows\\system32\\cmd.exe"' };
const PWSH: Proc = { name: 'powershell.exe', exe: SYS32 + 'WindowsPowerShell\\v1.0\\powershell.exe', cmd: '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"' };

const LAUNCHERS: Proc[] = [
  { name: 'explorer.exe', exe: 'C:\\Windows\\explorer.exe', cmd: 'C:\\Windows\\Explorer.EXE' },
  { name: 'WINWORD.EXE', exe: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', cmd: '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\{user}\\Downloads\\invoice.docm"' },
  { name: 'EXCEL.EXE', exe: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE', cmd: '"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE" /dde' },
  { name: 'WmiPrvSE.exe', exe: SYS32 + 'wbem\\WmiPrvSE.exe', cmd: 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding' },
  { name: 'services.exe', exe: SYS32 + 'services.exe', cmd: 'C:\\Windows\\system32\\services.exe' },
  { name: 'wscript.exe', exe: SYS32 + 'wscript.exe', cmd: '"C:\\Windows\\System32\\WScript.exe" "C:\\Users\\{user}\\AppData\\Local\\Temp\\update.vbs"' },
  { name: 'mshta.exe', exe: SYS32 + 'mshta.exe', cmd: '"C:\\Windows\\system32\\mshta.exe" "C:\\Users\\{user}\\Downloads\\doc.hta"' },
  { name: 'svchost.exe', exe: SYS32 + 'svchost.exe', cmd: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule' },
  { name: 'OUTLOOK.EXE', exe: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', cmd: '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"' },
  { name: 'cmd.exe', exe: CMD.exe, cmd: CMD.cmd },
  { name: 'powershell.exe', exe: PWSH.exe, cmd: PWSH.cmd },
];

const USERS = ['alice', 'bob.smith', 'jdoe', 'it-admin', 'Administrator', 'svc_backup', 'mgarcia', 'labuser', 'eve', 'k.tanaka'];
const HOSTS = ['WS-0142', 'LAPTOP-7F3K2', 'FIN-PC-09', 'SRV-FILE01', 'DC02', 'DEV-WKS-33', 'HR-LT-004', 'WIN10-LAB'];
const CMD_BUILTINS = new Set([
  'echo', '@echo', 'set', 'copy', 'del', 'erase', 'type', 'dir', 'cd', 'chdir', 'mkdir', 'md', 'rd', 'rmdir', 'move', 'ren',
  'rename', 'if', 'for', 'call', 'exit', 'cls', 'pushd', 'popd', 'pause', 'rem', '::', 'goto', 'start', 'title', 'ver', 'vol', 'mklink', 'assoc', 'ftype', 'path', 'prompt', 'setlocal', 'endlocal', 'shift', 'break', 'color', 'date', 'time', '(', ')',
]);

function expandEnv(s: string, user: string): string {
  const home = `C:\\Users\\${user}`;
  const vars: Record<string, string> = {
    temp: `${home}\\AppData\\Local\\Temp`, tmp: `${home}\\AppData\\Local\\Temp`, userprofile: home, public: 'C:\\Users\\Public',
    windir: 'C:\\Windows', systemroot: 'C:\\Windows', programdata: 'C:\\ProgramData', appdata: `${home}\\AppData\\Roaming`,
    localappdata: `${home}\\AppData\\Local`, comspec: 'C:\\Windows\\system32\\cmd.exe', username: user, computername: 'HOST',
    homedrive: 'C:', systemdrive: 'C:', programfiles: 'C:\\Program Files',
  };
  return s.replace(/%([a-z_]+)%/gi, (m, v: string) => vars[v.toLowerCase()] ?? m);
}

/** The program a command line starts, when it starts one (not a shell built-in or a cmdlet). */
export function programOf(line: string): Proc | undefined {
  const m = /^\s*(?:"([^"]+)"|(\S+))/.exec(line);
  if (!m) return undefined;
  const token = (m[1] ?? m[2]).replace(/^@/, '');
  const lower = token.toLowerCase();
  if (CMD_BUILTINS.has(lower) || lower.startsWith('$') || lower.includes('(')) return undefined;
  const slash = Math.max(token.lastIndexOf('\\'), token.lastIndexOf('/'));
  let file = slash >= 0 ? token.slice(slash + 1) : token;
  if (!file.includes('.')) {
    if (!BINARIES.has(file.toLowerCase() + '.exe')) return undefined;
    file += '.exe';
  }
  if (!/\.(exe|com|scr)$/i.test(file)) return undefined;
  const fact = BINARIES.get(file.toLowerCase());
  let exe: string;
  if (slash >= 0 && /^[a-z]:\\/i.test(token)) exe = token;
  else if (fact) exe = fact.dotnet ? `C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\${file}` : fact.folders?.[0] ? `C:${fact.folders[0]}\\${file}` : SYS32 + file;
  else if (slash >= 0) exe = token;
  else return undefined;
  return { name: file, exe, cmd: line.trim() };
}

function commandLines(t: ArtTemplate): string[] {
  return t.resolved_command
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !/^rem\s/i.test(l) && !l.startsWith('::'));
}

interface Ctx {
  rng: Rng;
  user: string;
  host: string;
  elevated: boolean;
  asSystem: boolean;
  sysmon: boolean;
  t: ArtTemplate;
  seq: number;
  baseMs: number;
}

function flatRecord(c: Ctx, proc: Proc, parent: Proc | undefined): Record<string, unknown> {
  c.seq++;
  const r: Record<string, unknown> = {
    '@timestamp': new Date(c.baseMs + c.seq * 1000).toISOString(),
    'host.name': c.host,
    'user.name': c.asSystem ? 'SYSTEM' : c.user,
    'user.domain': c.asSystem ? 'NT AUTHORITY' : 'CORP',
    'process.name': proc.name,
    'process.executable': proc.exe,
    'process.command_line': expandEnv(proc.cmd, c.user).replace(/\{user\}/g, c.user),
    'process.pid': 1000 + c.rng.int(60000),
    'process.integrity_level': c.asSystem ? 'System' : c.elevated ? 'High' : 'Medium',
    'label.value': 'malicious',
    'label.method': 'art_template_generated',
    'label.technique': [c.t.technique],
    'labels.dataset': 'art-generated',
    'labels.recording': `art/${c.t.technique}/${c.t.guid}`,
  };
  if (parent) {
    r['process.parent.name'] = parent.name;
    r['process.parent.executable'] = parent.exe;
    if (c.sysmon) r['process.parent.command_line'] = parent.cmd.replace(/\{user\}/g, c.user);
  }
  if (c.sysmon) {
    r['event.code'] = '1';
    r['event.provider'] = 'Microsoft-Windows-Sysmon';
    if (c.rng.next() < 0.8) r['process.pe.original_file_name'] = proc.name.toLowerCase().endsWith('.exe') ? proc.name : `${proc.name}`;
  } else {
    r['event.code'] = '4688';
    r['event.provider'] = 'Microsoft-Windows-Security-Auditing';
    r['process.token_elevation_type'] = c.asSystem ? '%%1936' : c.elevated ? (c.rng.next() < 0.5 ? '%%1937' : '%%1936') : '%%1938';
  }
  if (c.asSystem) r['user.id'] = 'S-1-5-18';
  else if (c.rng.next() < 0.6) r['user.id'] = `S-1-5-21-1004336348-1177238915-682003330-${1100 + USERS.indexOf(c.user)}`;
  return r;
}

function shellFor(t: ArtTemplate, lines: string[], rng: Rng): Proc {
  if (t.executor === 'command_prompt') {
    const body = lines.join(' & ');
    return { ...CMD, cmd: rng.next() < 0.5 ? `"cmd.exe" /c "${body}"` : `C:\\Windows\\system32\\cmd.exe /c ${body}` };
  }
  const body = lines.join('; ');
  const forms = [`"powershell.exe" & {${body}}`, `powershell.exe -Command "${body}"`, `powershell.exe -nop -ep bypass -c "${body}"`];
  return { ...PWSH, cmd: forms[rng.int(forms.length)] };
}

/** Events for one template: a labelled list, possibly empty (a stdin-fed cmdlet-only test shows nothing). */
export function eventsForTemplate(t: ArtTemplate, rng: Rng, index: number): ProcessEvent[] {
  if (t.executor !== 'command_prompt' && t.executor !== 'powershell') return [];
  const lines = commandLines(t);
  if (lines.length === 0) return [];
  const user = USERS[rng.int(USERS.length)];
  const c: Ctx = {
    rng,
    user,
    host: HOSTS[rng.int(HOSTS.length)],
    elevated: t.elevation_required || rng.next() < 0.2,
    asSystem: false,
    sysmon: rng.next() < 0.6,
    t,
    seq: 0,
    baseMs: Date.UTC(2026, 0, 5) + index * 3_600_000,
  };
  const recs: Record<string, unknown>[] = [];
  const variant = rng.next();
  const launcher = LAUNCHERS[rng.int(LAUNCHERS.length)];
  if (launcher.name === 'services.exe' || (launcher.name === 'WmiPrvSE.exe' && rng.next() < 0.5)) c.asSystem = true;
  const children = (parent: Proc): void => {
    for (const l of lines.slice(0, 6)) {
      const p = programOf(t.executor === 'command_prompt' ? expandEnv(l, user) : l);
      if (p) recs.push(flatRecord(c, p, parent));
    }
  };
  if (variant < 0.45) {
    // A runner or a launcher starts the shell with the whole test on its command line.
    const shell = shellFor(t, lines, rng);
    recs.push(flatRecord(c, shell, launcher));
    children(shell);
  } else if (variant < 0.75) {
    // The test is fed to a bare shell on stdin: only the children carry the command lines.
    const bare = t.executor === 'command_prompt' ? CMD : { ...PWSH, cmd: `${PWSH.cmd} -Command -` };
    children(bare);
  } else {
    // The first program line launched straight from a realistic parent (macro, WMI, service, script).
    const first = lines.map((l) => programOf(t.executor === 'command_prompt' ? expandEnv(l, user) : l)).find((p) => p);
    recs.push(flatRecord(c, first ?? shellFor(t, lines, rng), launcher));
  }
  const out: ProcessEvent[] = [];
  for (const r of recs) {
    const n = normalize({ value: r, origin: { file: 'art-generated', record: index }, format: 'ndjson' });
    if (n.kind === 'event') out.push(n.event.event);
  }
  return out;
}

/** All templates, each expanded `variants` times with independent draws. Deterministic for a seed. */
export function artEvents(templates: readonly ArtTemplate[], seed: number, variants = 2): LabelledEvent[] {
  const rng = new Rng(seed ^ 0x41525431);
  const out: LabelledEvent[] = [];
  templates.forEach((t, i) => {
    for (let v = 0; v < variants; v++)
      for (const ev of eventsForTemplate(t, rng, i * variants + v))
        out.push({ event: ev, y: 1, weight: 1, source: 'art-generated', recording: `art/${t.technique}/${t.guid}`, technique: [t.technique] });
  });
  return out;
}
