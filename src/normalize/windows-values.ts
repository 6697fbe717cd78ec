// How Windows and its shippers write values: paths, accounts, hash lists, token and integrity enumerations,
// hex pids. Pure functions over strings; nothing here lowercases a value it returns as written.

import type { HashInfo } from './process-event.js';

/** The file name of a Windows or POSIX path ("C:\\x\\a.exe" and "/x/a.exe" → "a.exe"); undefined when it ends in a separator. */
export function basename(path: string): string | undefined {
  let i = path.length - 1;
  for (; i >= 0; i--) {
    const c = path.charCodeAt(i);
    if (c === 92 || c === 47) break;
  }
  const name = path.slice(i + 1);
  return name === '' ? undefined : name;
}

/**
 * The service accounts Windows names by a fixed SID. Security 4688 logs SYSTEM's activity under the machine account
 * ("PC01$", domain "CORP") as SubjectUserName, and localized systems write "AUTORITE NT"; the SID says who it is.
 */
export const WELL_KNOWN_ACCOUNTS: Readonly<Record<string, readonly [domain: string, name: string] | undefined>> = Object.assign(
  Object.create(null) as Record<string, readonly [string, string]>,
  {
    'S-1-5-18': ['NT AUTHORITY', 'SYSTEM'],
    'S-1-5-19': ['NT AUTHORITY', 'LOCAL SERVICE'],
    'S-1-5-20': ['NT AUTHORITY', 'NETWORK SERVICE'],
  } as const,
);

/** "DOMAIN\\name" → ["DOMAIN","name"], "name@domain" → ["domain","name"], else undefined. */
export function splitAccount(s: string): [domain: string, name: string] | undefined {
  // One scan for the first backslash and the last "@": names are short, and two builtin searches cost more.
  let bs = -1;
  let at = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) {
      if (bs < 0) bs = i;
    } else if (c === 64) at = i;
  }
  if (bs > 0 && bs < s.length - 1) return [s.slice(0, bs), s.slice(bs + 1)];
  if (at > 0 && at < s.length - 1 && bs < 0) return [s.slice(at + 1), s.slice(0, at)];
  return undefined;
}

const HASH_KEYS: Readonly<Record<string, keyof HashInfo>> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', imphash: 'imphash' };
const HASH_BY_LENGTH: Readonly<Record<number, keyof HashInfo>> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

/** Sysmon "SHA1=…,MD5=…,SHA256=…,IMPHASH=…" (or a bare hex digest, typed by length) → HashInfo. */
export function parseHashList(s: string): HashInfo | undefined {
  let out: HashInfo | undefined;
  if (s.indexOf('=') < 0) {
    const k = HASH_BY_LENGTH[s.length];
    return k && isHex(s) ? { [k]: s } : undefined;
  }
  let start = 0;
  while (start < s.length) {
    let end = s.indexOf(',', start);
    if (end < 0) end = s.length;
    const eq = s.indexOf('=', start);
    if (eq > start && eq < end - 1) {
      const key = HASH_KEYS[s.slice(start, eq).trim().toLowerCase()];
      if (key) (out ??= {})[key] = s.slice(eq + 1, end).trim();
    }
    start = end + 1;
  }
  return out;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return s.length > 0;
}

/** Decimal or "0x" hex process id → number; NaN when not a non-negative safe integer. */
export function parsePid(s: string): number {
  const n = s.length;
  if (n === 0 || n > 18) return NaN;
  let v = 0;
  if (n > 2 && s.charCodeAt(0) === 48 && (s.charCodeAt(1) | 32) === 120) {
    for (let i = 2; i < n; i++) {
      const c = s.charCodeAt(i);
      const lc = c | 32;
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (lc >= 97 && lc <= 102) d = lc - 87;
      else return NaN;
      v = v * 16 + d;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      v = v * 10 + d;
    }
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : NaN;
}

export type ElevationType = 'default' | 'full' | 'limited';

/** Windows TOKEN_ELEVATION_TYPE as the Security log writes it: "%%1936/7/8", or rendered text in several forms. */
export const ELEVATION_TYPE_CODES: ReadonlyArray<readonly [needle: string, value: ElevationType]> = [
  ['%%1936', 'default'],
  ['%%1937', 'full'],
  ['%%1938', 'limited'],
  ['type 1', 'default'],
  ['type 2', 'full'],
  ['type 3', 'limited'],
  ['typedefault', 'default'],
  ['typefull', 'full'],
  ['typelimited', 'limited'],
  ['default', 'default'],
  ['limited', 'limited'],
  ['full', 'full'],
  ['elevated', 'full'],
];

export function parseElevationType(s: string): ElevationType | undefined {
  const l = s.toLowerCase();
  for (const [needle, value] of ELEVATION_TYPE_CODES) if (l.includes(needle)) return value;
  return undefined;
}

/** Integrity levels: the mandatory-label SID, Elastic's lowercase name, Sysmon's spelling. */
export const INTEGRITY_LEVELS: ReadonlyArray<{ sid: string; name: string; sysmon: string }> = [
  { sid: 'S-1-16-0', name: 'untrusted', sysmon: 'Untrusted' },
  { sid: 'S-1-16-4096', name: 'low', sysmon: 'Low' },
  { sid: 'S-1-16-8192', name: 'medium', sysmon: 'Medium' },
  { sid: 'S-1-16-8448', name: 'medium', sysmon: 'Medium' },
  { sid: 'S-1-16-12288', name: 'high', sysmon: 'High' },
  { sid: 'S-1-16-16384', name: 'system', sysmon: 'System' },
  { sid: 'S-1-16-20480', name: 'protected', sysmon: 'Protected' },
];
const LEVEL_BY_SID = new Map(INTEGRITY_LEVELS.map((l) => [l.sid, l]));
/** Words that name a level inside rendered text ("Mandatory Label\\High Mandatory Level"), most specific first. */
const LEVEL_WORDS: ReadonlyArray<readonly [string, string]> = [
  ['untrusted', 'untrusted'],
  ['appcontainer', 'low'],
  ['protected', 'protected'],
  ['system', 'system'],
  ['high', 'high'],
  ['medium', 'medium'],
  ['low', 'low'],
];
const SYSMON_BY_NAME = new Map(INTEGRITY_LEVELS.map((l) => [l.name, l.sysmon]));

/** Elastic's lowercase integrity name for a SID, a Sysmon IntegrityLevel or rendered text; undefined if unknown. */
export function integrityName(s: string): string | undefined {
  const bySid = LEVEL_BY_SID.get(s.toUpperCase());
  if (bySid) return bySid.name;
  const l = s.toLowerCase();
  for (const [word, name] of LEVEL_WORDS) if (l.includes(word)) return name;
  return undefined;
}

/** Sysmon's spelling ("High") of a lowercase integrity name. */
export function sysmonIntegrity(name: string): string | undefined {
  return SYSMON_BY_NAME.get(name);
}

const EXE_EXTENSIONS = ['.exe', '.com', '.scr'];

function hasExeExtension(token: string): boolean {
  const l = token.slice(-4).toLowerCase();
  return EXE_EXTENSIONS.includes(l);
}

function isAbsoluteWindowsPath(t: string): boolean {
  const c0 = t.charCodeAt(0);
  const letter = (c0 | 32) >= 97 && (c0 | 32) <= 122;
  if (letter && t.charCodeAt(1) === 58 && (t.charCodeAt(2) === 92 || t.charCodeAt(2) === 47)) return true;
  return c0 === 92; // \\server\share, \SystemRoot\…, \??\C:\…
}

/**
 * The program a command line starts, when it can be told without guessing: a quoted first token, or an unquoted
 * one ending in .exe/.com/.scr (an unquoted "C:\\Program Files\\x.exe" would split at the space, so anything
 * else is left alone). `executable` only for absolute paths; `name` always when a token was accepted.
 */
export function programFromCommandLine(cmd: string): { executable?: string; name?: string } | undefined {
  let i = 0;
  while (i < cmd.length && (cmd.charCodeAt(i) === 32 || cmd.charCodeAt(i) === 9)) i++;
  let token: string;
  if (cmd.charCodeAt(i) === 34) {
    const end = cmd.indexOf('"', i + 1);
    if (end < 0) return undefined;
    token = cmd.slice(i + 1, end);
  } else {
    let end = i;
    while (end < cmd.length && cmd.charCodeAt(end) !== 32 && cmd.charCodeAt(end) !== 9) end++;
    token = cmd.slice(i, end);
    if (!hasExeExtension(token)) return undefined;
  }
  if (token === '' || token.indexOf('"') >= 0) return undefined;
  const name = basename(token);
  if (name === undefined) return undefined;
  return isAbsoluteWindowsPath(token) ? { executable: token, name } : { name };
}

/** A command line rebuilt from an argv: arguments with blanks or quotes are quoted, inner quotes escaped. */
export function joinArgs(args: readonly string[]): string {
  let out = '';
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (k > 0) out += ' ';
    if (a === '' || /[\s"]/.test(a)) out += '"' + a.replace(/"/g, '\\"') + '"';
    else out += a;
  }
  return out;
}
