// ProblemChild's input preparation (elastic-reference.md §1.1–1.2), reproduced step for step, quirks
// included, so the parity family sees exactly the strings Elastic's model saw. Our own families reuse
// the normalised command line (user names, GUIDs, hex and long numbers removed) because it generalises
// across hosts better than the raw one.

import type { ProcessEvent } from '../normalize/process-event.js';
import { memoized } from './memo.js';
import { dirname } from './text.js';
import { commandLineCodes, normalizedText } from './cmdline-codes.js';
import { keywordMaskOfCodes } from './parity-keywords.js';

export interface ParityFields {
  processName: string;
  parentName: string;
  /** Lowercased, carets removed, gsub-normalised. */
  commandLine: string;
  /** Lowercased and gsub-normalised (path steps a–d only). */
  executable: string;
  parentExecutable: string;
  elevationType: string;
  integrityLevel: string;
  originalFileName: string;
  userId: string;
  elevated: boolean;
  signed: boolean;
  signerTrusted: boolean;
  filenameMismatch: boolean;
  runningAsSystem: boolean;
  endsWithExe: boolean;
  cmdObfuscation: boolean;
  normalizedPpath: PpathClass;
  /** keywordMaskOf(commandLine): bit i set when keyword group i matches. */
  readonly keywords: number;
  /** The memoised record of the raw command line these fields came from. */
  cmdParts: CommandLineParts;
}

/**
 * One raw command line's derived values. The parity fields fill the first four; the families keep
 * their own pure functions of the same string here too (one memo lookup per event instead of one
 * per family): the shape values and lolbin patterns are functions of `raw`, the hash slots of
 * `commandLine`. Only numbers: a record must stay small, since the memo keeps every new one alive.
 */
export interface CommandLineParts {
  raw: string;
  /** normalizeCommandLine(raw): built on first read (the families read the codes of cmdline-codes.ts instead). */
  readonly commandLine: string;
  cmdObfuscation: boolean;
  /** keywordMaskOf(commandLine): computed on first read unless noteKeywords gave it first. */
  readonly keywords: number;
  readonly keywordsKnown: boolean;
  /** Sets `keywords` from a scan of this record's normalised codes made elsewhere (the hash family's loop). */
  noteKeywords(mask: number): void;
  /** gatesOf(raw.toLowerCase()): which case-insensitive regexes of the families can match. */
  gates: number;
  /** Where the shape family's values of `raw` start in its arena, -1 before it asks. */
  shapeAt: number;
  /** The lolbin patterns tested on `raw` so far (bit i) and their results (bit i set = match). */
  patternsKnown: number;
  patternsMatched: number;
  /** Where the hash family's slots of `commandLine` start in its arena (-1 before it asks), and how many numbers. */
  hashAt: number;
  hashLength: number;
  /** The hash family (configuration) hashAt belongs to. */
  hashOwner: object | undefined;
}

class Parts implements CommandLineParts {
  shapeAt = -1;
  patternsKnown = 0;
  patternsMatched = 0;
  hashAt = -1;
  hashLength = 0;
  hashOwner: object | undefined = undefined;
  private text: string | undefined = undefined;
  /** The keyword mask, -1 until known. */
  private kw = -1;

  constructor(
    readonly raw: string,
    readonly cmdObfuscation: boolean,
    readonly gates: number,
  ) {}

  get commandLine(): string {
    return (this.text ??= normalizedText(this.raw));
  }

  // The hash family reads the same normalised codes for its tokens and trigrams and scans them for the
  // keywords in that loop (the feature set runs it first); otherwise the first reader scans here.
  get keywords(): number {
    if (this.kw < 0) {
      const c = commandLineCodes(this.raw);
      this.kw = keywordMaskOfCodes(c.norm, c.normLength);
    }
    return this.kw;
  }

  get keywordsKnown(): boolean {
    return this.kw >= 0;
  }

  noteKeywords(mask: number): void {
    this.kw = mask;
  }
}

export const PPATH_CLASSES = [
  'unknown',
  'win_system_dir',
  'win_temp_dir',
  'win_user_appdata_local_temp',
  'win_user_appdata',
  'win_user_downloads',
  'win_user_dir',
  'win_users_root_dir',
  'win_program_files',
  'win_program_data_dir',
  'win_sys_vol_info_dir',
  'win_recycle_bin_dir',
  'win_dir',
  'win_root',
] as const;
export type PpathClass = (typeof PPATH_CLASSES)[number];

// First match wins; Painless `=~` is a find, so none of these is anchored at the start.
const PPATH_TABLE: ReadonlyArray<readonly [RegExp, PpathClass]> = [
  [/:\\windows\\system32/i, 'win_system_dir'],
  [/:\\windows\\syswow64/i, 'win_system_dir'],
  [/:\\windows\\temp/i, 'win_temp_dir'],
  [/:\\users\\.*\\appdata\\local\\temp/i, 'win_user_appdata_local_temp'],
  [/:\\users\\.*\\appdata/i, 'win_user_appdata'],
  [/:\\users\\.*\\downloads/i, 'win_user_downloads'],
  [/:\\users\\.*\\/i, 'win_user_dir'],
  [/:\\users$/i, 'win_users_root_dir'],
  [/:\\program files/i, 'win_program_files'],
  [/:\\programdata/i, 'win_program_data_dir'],
  [/:\\system volume information/i, 'win_sys_vol_info_dir'],
  [/:\\\$recycle\.bin/i, 'win_recycle_bin_dir'],
  [/:\\windows/i, 'win_dir'],
  [/[a-z]:\\$/i, 'win_root'],
];

export function normalizedPpath(lowerExecutable: string): PpathClass {
  for (const [re, cls] of PPATH_TABLE) if (re.test(lowerExecutable)) return cls;
  return 'unknown';
}

const SYSTEM_SIDS = new Set(['S-1-5-18', 'S-1-5-19', 'S-1-5-20']);

function firstNonEmpty(...vals: unknown[]): string | undefined {
  for (const v of vals) {
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

/** Steps a–d: applied to the command line and both executables. */
export function normalizePathLike(s: string): string {
  // Each step runs only when its trigger is present: same result, a fraction of the regex work.
  if (s.includes('"')) s = s.replaceAll('"', '');
  if (s.includes('\\\\')) s = s.replace(/\\{2,}/g, '\\');
  return replaceSystemDirs(dropUserNames(s));
}

/**
 * s.replace(/(users)\\([^\\]+)/g, '$1') by hand: every "users\" followed by one or more
 * non-backslash characters loses the backslash and those characters; the search goes on after them.
 */
export function dropUserNames(s: string): string {
  let p = s.indexOf('users\\');
  if (p < 0) return s;
  const n = s.length;
  let out = '';
  let last = 0;
  while (p >= 0) {
    let k = p + 6;
    while (k < n && s.charCodeAt(k) !== 92) k++;
    if (k > p + 6) {
      out += s.slice(last, p + 5);
      last = k;
      p = s.indexOf('users\\', k);
    } else p = s.indexOf('users\\', p + 1);
  }
  return last === 0 ? s : out + s.slice(last);
}

/** s.replace(/windows\\system32|windows\/system32|windows\\syswow64|windows\/syswow64/g, 'win_system_dir') by hand. */
export function replaceSystemDirs(s: string): string {
  let p = s.indexOf('windows');
  if (p < 0) return s;
  let out = '';
  let last = 0;
  while (p >= 0) {
    const c = s.charCodeAt(p + 7);
    if ((c === 92 || c === 47) && (s.startsWith('system32', p + 8) || s.startsWith('syswow64', p + 8))) {
      out += s.slice(last, p) + 'win_system_dir';
      last = p + 16;
      p = s.indexOf('windows', last);
    } else p = s.indexOf('windows', p + 1);
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * Steps e–h, command line only, in Elastic's order. Step g runs after f has already turned most hex runs
 * into "hex", so it rarely fires: a quirk kept for parity. The reference writes step g's pattern as
 * `[a-f0-9]{128}|{64}|…`; we read it as the same class repeated for each length.
 */
export function normalizeCommandLineTokens(s: string): string {
  // Each replacement runs only when one scan shows it can match (a GUID-like chain of dashes, a
  // longest run of [0-9a-f], of digits, an "0x"): same result, usually without any regex pass.
  let runs = charRuns(s);
  if (runs.guid) runs = charRuns((s = replaceGuids(s)));
  // Step g is provably a no-op here: after step f no run of 8+ hex characters is left ("hex" itself
  // isolates its 'e'), so no 32-character run can match. Kept as a comment, skipped for speed; the
  // golden test pins the behaviour.
  // "hex" holds no digit, so step f never lengthens a digit run: the count from before it still gates
  // step h, and steps f and h run as one pass (replaceHexNumbers).
  return runs.hex >= 8 || runs.zeroX || runs.digits >= 5 ? replaceHexNumbers(s) : s;
}

/**
 * Step f, s.replace(/0x[0-9a-f]+|[0-9a-f]{8}/g, 'hex'), then step h, .replace(/[0-9]{5,}/g, 'num'), in one pass
 * by hand. Inside a run of hex characters the first regex takes eight characters at a time from the run's start
 * ("0x" can only start at a run's last character, since x is not hex), and what is left is shorter than eight;
 * "0x" and the whole hex run after it match when the run ends in 0 and an x and a hex character follow. Every
 * digit is a hex character, and step f's output around what it keeps of a hex run is "hex" or a non-hex
 * character (no digit), so step h's digit runs are the digit runs inside the kept remainder of each hex run (the
 * part after its 8-character chunks, less the "0" of an "0x" prefix).
 */
export function replaceHexNumbers(s: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = s.length;
  while (i < n) {
    if (!isHexCode(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const b = runEnd(s, i, false);
    while (i + 8 <= b) {
      out += s.slice(last, i) + 'hex';
      last = i = i + 8;
    }
    const zeroX = i < b && s.charCodeAt(b - 1) === 48 && s.charCodeAt(b) === 120 && isHexCode(s.charCodeAt(b + 1));
    const keptEnd = zeroX ? b - 1 : b;
    for (let d = i; d < keptEnd; ) {
      const c = s.charCodeAt(d);
      if (c < 48 || c > 57) {
        d++;
        continue;
      }
      let e = d + 1;
      while (e < keptEnd && s.charCodeAt(e) >= 48 && s.charCodeAt(e) <= 57) e++;
      if (e - d >= 5) {
        out += s.slice(last, d) + 'num';
        last = e;
      }
      d = e;
    }
    if (zeroX) {
      const e = runEnd(s, b + 1, false);
      out += s.slice(last, b - 1) + 'hex';
      last = i = e;
      continue;
    }
    i = b;
  }
  return last === 0 ? s : out + s.slice(last);
}

const isHexCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);

/** End of the run of hex characters (and dashes, when `dash`) starting at i. */
function runEnd(s: string, i: number, dash: boolean): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (!isHexCode(c) && !(dash && c === 45)) break;
    i++;
  }
  return i;
}

/**
 * s.replace(/[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f-]{4,}/g, 'process_id') by hand. A hex
 * segment can only end at a dash, so a match starting in a run of hex characters takes that whole run
 * (from the run's start: the leftmost start), the two whole runs between the next dashes, and then the
 * whole run of [0-9a-f-] after the third dash; the scan resumes after it, as the regex's does.
 */
export function replaceGuids(s: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = s.length;
  while (i < n) {
    if (!isHexCode(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const b = runEnd(s, i, false);
    let e = -1;
    if (b - i >= 4 && s.charCodeAt(b) === 45) {
      const c = runEnd(s, b + 1, false);
      if (c - b - 1 >= 4 && s.charCodeAt(c) === 45) {
        const d = runEnd(s, c + 1, false);
        if (d - c - 1 >= 4 && s.charCodeAt(d) === 45) {
          const f = runEnd(s, d + 1, true);
          if (f - d - 1 >= 4) e = f;
        }
      }
    }
    if (e < 0) {
      // No match starts in this run; the next run may start one.
      i = b;
      continue;
    }
    out += s.slice(last, i) + 'process_id';
    last = i = e;
  }
  return last === 0 ? s : out + s.slice(last);
}

interface CharRuns {
  /** Longest runs of [0-9a-f] and of [0-9]. */
  hex: number;
  digits: number;
  /** "0x" occurs. */
  zeroX: boolean;
  /** The GUID step's pattern occurs: 4+ hex, "-", 4+ hex, "-", 4+ hex, "-", then 4 of [0-9a-f-]. */
  guid: boolean;
}

/**
 * One scan for the gates. The GUID test is exact: the pattern matches iff some dash d3 ends three
 * dash-separated hex segments (the first a run of 4+ hex right before d1, the next two whole runs of
 * 4+ hex between dashes) and the four characters after d3 are hex or dashes.
 */
function charRuns(s: string): CharRuns {
  let hex = 0;
  let digits = 0;
  let h = 0;
  let d = 0;
  let zeroX = false;
  let guid = false;
  let prev = 0;
  // The last dash and how many qualifying segments end at it.
  let dashAt = -2;
  let chain = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++d > digits) digits = d;
      if (++h > hex) hex = h;
    } else {
      d = 0;
      if (c >= 97 && c <= 102) {
        if (++h > hex) hex = h;
      } else {
        if (c === 45) {
          const k = h < 4 ? 0 : dashAt === i - 1 - h && chain > 0 ? chain + 1 : 1;
          dashAt = i;
          chain = k;
          if (k >= 3 && !guid && hexOrDash4(s, i + 1)) guid = true;
        } else if (c === 120 && prev === 48) zeroX = true;
        h = 0;
      }
    }
    prev = c;
  }
  return { hex, digits, zeroX, guid };
}

/** s[i … i + 4) are all [0-9a-f-]. */
function hexOrDash4(s: string, i: number): boolean {
  if (i + 4 > s.length) return false;
  for (let k = i; k < i + 4; k++) {
    const c = s.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || c === 45)) return false;
  }
  return true;
}

/** The full command-line pipeline: lowercase, caret removal, path gsubs, token gsubs. */
export function normalizeCommandLine(raw: string): string {
  return normalizeCommandLineTokens(normalizePathLike(raw.toLowerCase().replace(/\^/g, '')));
}

/** Everything derived from one raw executable path, for both the view and the parity fields. */
export interface PathRecord {
  /** Lowercased, '' for the placeholders "?" and "-" (the view's executable). */
  lower: string;
  /** dirname(lower). */
  dir: string;
  /** Steps a–d on the lowercased raw path (the parity executable). */
  normalized: string;
  normalizedPpath: PpathClass;
}

const pathRecord = memoized(16384, (raw: string): PathRecord => {
  const lowerRaw = raw.toLowerCase();
  const lower = raw === '?' || raw === '-' ? '' : lowerRaw;
  return { lower, dir: dirname(lower), normalized: normalizePathLike(lowerRaw), normalizedPpath: normalizedPpath(lowerRaw) };
});
/** A missing path: '' for the view, "unknown" for the parity fields (as Elastic's pipeline writes it). */
const MISSING_PATH: PathRecord = { lower: '', dir: '', normalized: normalizePathLike('unknown'), normalizedPpath: normalizedPpath('unknown') };

/** The record of a raw executable field (any JSON value). */
export function pathOf(value: unknown): PathRecord {
  const raw = firstNonEmpty(value);
  return raw === undefined ? MISSING_PATH : pathRecord(raw);
}

/** `line`: the event's command line as the caller holds it (KnownLine); used only when it is this event's. */
export function parityFields(
  ev: ProcessEvent,
  exe: PathRecord = pathOf(ev.process?.executable),
  parentExe: PathRecord = pathOf(ev.process?.parent?.executable),
  line?: KnownLine,
): ParityFields {
  const p = ev.process ?? {};
  const parent = p.parent ?? {};
  const token = p.Ext?.token;
  const processName = firstNonEmpty(p.name) ?? 'unknown';
  const parentName = firstNonEmpty(parent.name) ?? 'unknown';
  const rawCmd = firstNonEmpty(p.command_line) ?? firstNonEmpty(Array.isArray(p.args) ? p.args.join(' ') : undefined) ?? 'unknown';
  const rawElevationType = firstNonEmpty(token?.elevation_type);
  const elevationType = (rawElevationType ?? 'unknown').toLowerCase();
  const integrityLevel = (firstNonEmpty(token?.integrity_level_name, p.integrity_level) ?? 'unknown').toLowerCase();
  const originalFileName = firstNonEmpty(p.pe?.original_file_name) ?? 'unknown';
  const userId = firstNonEmpty(ev.user?.id) ?? 'unknown';
  const elevated = typeof token?.elevation === 'boolean' ? token.elevation : rawElevationType !== undefined;
  const signed = p.code_signature?.exists === true;
  const signerTrusted =
    typeof p.code_signature?.trusted === 'boolean' ? p.code_signature.trusted : p.code_signature?.status === 'Valid';

  const cmd = line !== undefined && line.raw === rawCmd ? (line.parts ?? buildCommandLineParts(rawCmd)) : commandLineParts(rawCmd);
  commandLineMemoStats.lookups++;
  return new Parity(
    processName,
    parentName,
    exe.normalized,
    parentExe.normalized,
    elevationType,
    integrityLevel,
    originalFileName,
    userId,
    elevated,
    signed,
    signerTrusted,
    processName !== originalFileName,
    SYSTEM_SIDS.has(userId),
    processName.includes('.exe'),
    cmd.cmdObfuscation,
    exe.normalizedPpath,
    cmd,
  );
}

// A class, so the normalised command line is read from the record only when asked for (the families
// read its codes), and every instance shares one hidden class.
class Parity implements ParityFields {
  constructor(
    readonly processName: string,
    readonly parentName: string,
    readonly executable: string,
    readonly parentExecutable: string,
    readonly elevationType: string,
    readonly integrityLevel: string,
    readonly originalFileName: string,
    readonly userId: string,
    readonly elevated: boolean,
    readonly signed: boolean,
    readonly signerTrusted: boolean,
    readonly filenameMismatch: boolean,
    readonly runningAsSystem: boolean,
    readonly endsWithExe: boolean,
    readonly cmdObfuscation: boolean,
    readonly normalizedPpath: PpathClass,
    readonly cmdParts: CommandLineParts,
  ) {}

  get commandLine(): string {
    return this.cmdParts.commandLine;
  }

  get keywords(): number {
    return this.cmdParts.keywords;
  }
}

/** How often parityFields asked for a command line's record, and how often it had to be built (a memo miss). */
export const commandLineMemoStats = { lookups: 0, misses: 0 };

// The string work of parityFields, memoised per raw string (pure functions of it): one pass lowercases
// the command line into codes (with the first normalisation pass and the gates); the keyword scan reads
// them later, in the hash family's loop over the normalised codes or on first read.
function buildCommandLineParts(raw: string): CommandLineParts {
  commandLineMemoStats.misses++;
  const c = commandLineCodes(raw);
  return new Parts(raw, c.carets >= 2, c.gates);
}
const commandLineParts = memoized(8192, buildCommandLineParts);

/**
 * A command line as a caller that keeps its own table of lines has it (the classifier's input memo):
 * `parts`, a record this module built for an equal string, or undefined for a line the caller has not
 * seen, which parityFields then builds without a lookup in (or a place in) its own memo. A record is a
 * pure function of its string, so either gives what the memo would; a new line is hashed into one
 * table instead of two.
 */
export interface KnownLine {
  readonly raw: string;
  readonly parts: CommandLineParts | undefined;
}
