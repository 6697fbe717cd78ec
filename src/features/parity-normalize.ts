// ProblemChild's input preparation (elastic-reference.md §1.1–1.2), reproduced step for step, quirks
// included, so the parity family sees exactly the strings Elastic's model saw. Our own families reuse
// the normalised command line (user names, GUIDs, hex and long numbers removed) because it generalises
// across hosts better than the raw one.

import type { ProcessEvent } from '../normalize/process-event.js';
import { memoized } from './memo.js';
import { dirname } from './text.js';
import { keywordMaskOf } from './parity-keywords.js';

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
  keywords: number;
  /** The memoised record of the raw command line these fields came from. */
  cmdParts: CommandLineParts;
}

/**
 * One raw command line's derived values. The parity fields fill the first four; the families keep
 * their own pure functions of the same string here too (one memo lookup per event instead of one
 * per family): `shape` and `patterns` are functions of `raw`, `hashSlots` of `commandLine`.
 */
export interface CommandLineParts {
  raw: string;
  commandLine: string;
  cmdObfuscation: boolean;
  keywords: number;
  shape: Float32Array | undefined;
  patterns: Int8Array | undefined;
  hashSlots: Float64Array | undefined;
  /** The hash family (configuration) hashSlots were computed for. */
  hashOwner: object | undefined;
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
  if (s.includes('"')) s = s.replace(/"/g, '');
  if (s.includes('\\\\')) s = s.replace(/\\{2,}/g, '\\');
  if (s.includes('users\\')) s = s.replace(/(users)\\([^\\]+)/g, '$1');
  if (s.includes('windows')) s = s.replace(/windows\\system32|windows\/system32|windows\\syswow64|windows\/syswow64/g, 'win_system_dir');
  return s;
}

/**
 * Steps e–h, command line only, in Elastic's order. Step g runs after f has already turned most hex runs
 * into "hex", so it rarely fires: a quirk kept for parity. The reference writes step g's pattern as
 * `[a-f0-9]{128}|{64}|…`; we read it as the same class repeated for each length.
 */
export function normalizeCommandLineTokens(s: string): string {
  // Each replacement runs only when one scan shows it can match (a longest run of [0-9a-f], of
  // digits, an "0x"): same result, usually without any regex pass.
  let runs = charRuns(s);
  if (runs.hex >= 4 && s.includes('-')) {
    const r = s.replace(/[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f-]{4,}/g, 'process_id');
    if (r !== s) runs = charRuns((s = r));
  }
  if (runs.hex >= 8 || runs.zeroX) s = s.replace(/0x[0-9a-f]+|[0-9a-f]{8}/g, 'hex');
  // Step g is provably a no-op here: after step f no run of 8+ hex characters is left ("hex" itself
  // isolates its 'e'), so no 32-character run can match. Kept as a comment, skipped for speed; the
  // golden test pins the behaviour.
  // "hex" holds no digit, so step f never lengthens a digit run: the count from before it still gates.
  return runs.digits >= 5 ? s.replace(/[0-9]{5,}/g, 'num') : s;
}

/** Longest runs of [0-9a-f] and [0-9], and whether "0x" occurs. */
function charRuns(s: string): { hex: number; digits: number; zeroX: boolean } {
  let hex = 0;
  let digits = 0;
  let h = 0;
  let d = 0;
  let zeroX = false;
  let prev = 0;
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
        h = 0;
        if (c === 120 && prev === 48) zeroX = true;
      }
    }
    prev = c;
  }
  return { hex, digits, zeroX };
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

export function parityFields(ev: ProcessEvent, exe: PathRecord = pathOf(ev.process?.executable), parentExe: PathRecord = pathOf(ev.process?.parent?.executable)): ParityFields {
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

  const cmd = commandLineParts(rawCmd);
  return {
    processName,
    parentName,
    commandLine: cmd.commandLine,
    executable: exe.normalized,
    parentExecutable: parentExe.normalized,
    elevationType,
    integrityLevel,
    originalFileName,
    userId,
    elevated,
    signed,
    signerTrusted,
    filenameMismatch: processName !== originalFileName,
    runningAsSystem: SYSTEM_SIDS.has(userId),
    endsWithExe: processName.includes('.exe'),
    cmdObfuscation: cmd.cmdObfuscation,
    normalizedPpath: exe.normalizedPpath,
    keywords: cmd.keywords,
    cmdParts: cmd,
  };
}

// The string work of parityFields, memoised per raw string (pure functions of it).
const commandLineParts = memoized(8192, (raw: string): CommandLineParts => {
  const lowerCmd = raw.toLowerCase();
  const commandLine = normalizeCommandLineTokens(normalizePathLike(lowerCmd.replace(/\^/g, '')));
  return {
    raw,
    commandLine,
    cmdObfuscation: countCarets(lowerCmd) >= 2,
    keywords: keywordMaskOf(commandLine),
    shape: undefined,
    patterns: undefined,
    hashSlots: undefined,
    hashOwner: undefined,
  };
});

function countCarets(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 94) n++;
  return n;
}
