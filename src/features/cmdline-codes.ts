// A command line as char codes: its lowercase and its parity normalisation (normalizeCommandLine:
// caret and quote removal, backslash runs, user names, system folders, GUIDs, hex and numbers)
// computed in reused typed arrays. A new command line then costs a few passes over numbers instead
// of a chain of string replacements, each building (and the next one flattening) a new string.
// The lowercasing pass is cold-pass.ts's: one read of the string for the shape scan, the lowercase,
// the normalisation's first pass and the regex gates.
// Every step only ever shortens the text, so the later steps run in place (write index ≤ read index).

import { ColdPass, coldPassInto } from './cold-pass.js';
import { PRIMER_LINES } from './jit-primer.js';
import { ScanState, type Scan } from './shape-scan.js';

/** The codes of the last command line given to commandLineCodes; valid until its next call. */
export interface CommandLineCodes {
  readonly raw: string;
  /** raw.toLowerCase() as UTF-16 code units: lower[0 … lowerLength). */
  readonly lower: Uint16Array;
  readonly lowerLength: number;
  /** normalizeCommandLine(raw) as code units: norm[0 … normLength). */
  readonly norm: Uint16Array;
  readonly normLength: number;
  /** Carets (^) in the lowercase. */
  readonly carets: number;
  /** The shape scan of raw (its counts were taken in the lowercasing pass). */
  readonly scan: Scan;
  /** gatesOf(raw.toLowerCase()): the cmd-gates bits, noted in the same pass. */
  readonly gates: number;
}

// The buffers start at 8,192 code units (32 KB in all): growing them is a branch that a stream may take
// only after the loops are optimised, and the first time throws that code away (see jit-primer.ts);
// few command lines are longer.
class Codes implements CommandLineCodes {
  raw = '';
  lower = new Uint16Array(8192);
  lowerLength = 0;
  norm = new Uint16Array(8192);
  normLength = 0;
  carets = 0;
  scan = new ScanState();
  pass = new ColdPass();
  /** Whether `raw` has been analysed (the empty string is a command line too). */
  valid = false;

  get gates(): number {
    return this.pass.gates;
  }
}

const state = new Codes();

/** The codes of `raw` (recomputed unless raw is the last command line asked for). */
export function commandLineCodes(raw: string): CommandLineCodes {
  if (state.valid && state.raw === raw) return state;
  state.valid = false;
  lowerInto(raw);
  state.normLength = normalizeInPlace();
  state.raw = raw;
  state.valid = true;
  return state;
}

/** normalizeCommandLine(raw), built from the codes. */
export function normalizedText(raw: string): string {
  const c = commandLineCodes(raw);
  return codesToString(c.norm, c.normLength);
}

export function codesToString(codes: Uint16Array, n: number): string {
  let s = '';
  // fromCharCode.apply takes each code as an argument: in pieces, so giant lines stay under the argument limit.
  for (let i = 0; i < n; i += 8192) s += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
  return s;
}

function lowerInto(raw: string): void {
  const n = raw.length;
  room(n);
  coldPassInto(raw, state.scan, state.lower, state.norm, state.pass);
  if (state.scan.ascii) {
    state.lowerLength = n;
    return;
  }
  // Outside ASCII, lowercasing can change the length (İ → i̇) or give ASCII letters (K, the Kelvin sign
  // → k): the engine's, and the pass again on it for the normalisation and gates (its counts unused).
  const l = raw.toLowerCase();
  room(l.length);
  coldPassInto(l, spareScan, state.lower, state.norm, state.pass);
  state.lowerLength = l.length;
}

function room(n: number): void {
  if (state.lower.length < n) state.lower = new Uint16Array(Math.max(n, 2 * state.lower.length));
  if (state.norm.length < n) state.norm = new Uint16Array(Math.max(n, 2 * state.norm.length));
}
const spareScan = new ScanState();

/**
 * The normalisation's later steps on norm, after the cold pass's first one (caret and quote removal,
 * backslash runs), each only when what that pass saw says it can change the text: "users" or
 * "windows" right before a kept slash, and for the token steps the longest hex and digit runs, "0x"
 * and three dash-separated hex segments (charRuns' tests; they stay necessary conditions after the
 * path steps, see below).
 */
function normalizeInPlace(): number {
  const p = state.pass;
  const b = state.norm;
  const w = p.normLength;
  state.carets = p.carets;
  let len = w;
  if (p.users) len = dropUserNamesInPlace(b, len);
  if (p.windows) len = replaceSystemDirsInPlace(b, len);
  // The gates hold for the text after the path steps too: those only cut text out between "users" and a
  // backslash, or write "win_system_dir" for "windows\\system32" (no hex run of two, no digit or dash, and
  // its ends outside [0-9a-f-]), so no GUID chain, hex or digit run, nor "0x" can appear across an edit
  // that was not there before. Likewise the GUID step writes "process_id" after a character that is not
  // hex and before one outside [0-9a-f-]: no hex or digit run nor "0x" can appear across it.
  if (p.guid) len = replaceGuidsInPlace(b, len);
  // Before the first run that can change nothing changes: the step starts there when no edit moved it.
  if (p.maxHex >= 8 || p.zeroX || p.maxDigits >= 5) len = replaceHexNumbersInPlace(b, len, len === w ? p.first : 0);
  return len;
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);

/** Copies b[from … to) to b[w …] (w ≤ from) and returns the new write index. */
function copyDown(b: Uint16Array, from: number, to: number, w: number): number {
  if (w === from) return w + (to - from);
  for (let k = from; k < to; k++) b[w++] = b[k];
  return w;
}

function put(b: Uint16Array, w: number, word: Uint16Array): number {
  for (let k = 0; k < word.length; k++) b[w++] = word[k];
  return w;
}

const codesOf = (s: string): Uint16Array => Uint16Array.from(s, (ch) => ch.charCodeAt(0));
const HEX = codesOf('hex');
const NUM = codesOf('num');
const PROCESS_ID = codesOf('process_id');
const WIN_SYSTEM_DIR = codesOf('win_system_dir');
const USERS_SLASH = codesOf('users\\');
const WINDOWS = codesOf('windows');
const SYSTEM32 = codesOf('system32');
const SYSWOW64 = codesOf('syswow64');

function at(b: Uint16Array, n: number, p: number, word: Uint16Array): boolean {
  if (p < 0 || p + word.length > n) return false;
  for (let k = 0; k < word.length; k++) if (b[p + k] !== word[k]) return false;
  return true;
}

function indexOf(b: Uint16Array, n: number, word: Uint16Array, from: number): number {
  const first = word[0];
  for (let p = from; p + word.length <= n; p++) if (b[p] === first && at(b, n, p, word)) return p;
  return -1;
}

/** dropUserNames on b[0 … n): returns the new length. */
export function dropUserNamesInPlace(b: Uint16Array, n: number): number {
  let p = indexOf(b, n, USERS_SLASH, 0);
  let w = 0;
  let last = 0;
  while (p >= 0) {
    let k = p + 6;
    while (k < n && b[k] !== 92) k++;
    if (k > p + 6) {
      w = copyDown(b, last, p + 5, w);
      last = k;
      p = indexOf(b, n, USERS_SLASH, k);
    } else p = indexOf(b, n, USERS_SLASH, p + 1);
  }
  return last === 0 ? n : copyDown(b, last, n, w);
}

/** replaceSystemDirs on b[0 … n). */
export function replaceSystemDirsInPlace(b: Uint16Array, n: number): number {
  let p = indexOf(b, n, WINDOWS, 0);
  let w = 0;
  let last = 0;
  while (p >= 0) {
    const c = p + 7 < n ? b[p + 7] : -1;
    if ((c === 92 || c === 47) && (at(b, n, p + 8, SYSTEM32) || at(b, n, p + 8, SYSWOW64))) {
      w = put(b, copyDown(b, last, p, w), WIN_SYSTEM_DIR);
      last = p + 16;
      p = indexOf(b, n, WINDOWS, last);
    } else p = indexOf(b, n, WINDOWS, p + 1);
  }
  return last === 0 ? n : copyDown(b, last, n, w);
}

/** End of the run of hex characters (and dashes, when `dash`) starting at i, within n. */
function runEnd(b: Uint16Array, n: number, i: number, dash: boolean): number {
  while (i < n) {
    const c = b[i];
    if (!isHex(c) && !(dash && c === 45)) break;
    i++;
  }
  return i;
}

/** replaceGuids on b[0 … n) (same search as the string version; reads stay below n). */
export function replaceGuidsInPlace(b: Uint16Array, n: number): number {
  let w = 0;
  let last = 0;
  let i = 0;
  while (i < n) {
    if (!isHex(b[i])) {
      i++;
      continue;
    }
    const e1 = runEnd(b, n, i, false);
    let e = -1;
    if (e1 - i >= 4 && e1 < n && b[e1] === 45) {
      const c = runEnd(b, n, e1 + 1, false);
      if (c - e1 - 1 >= 4 && c < n && b[c] === 45) {
        const d = runEnd(b, n, c + 1, false);
        if (d - c - 1 >= 4 && d < n && b[d] === 45) {
          const f = runEnd(b, n, d + 1, true);
          if (f - d - 1 >= 4) e = f;
        }
      }
    }
    if (e < 0) {
      i = e1;
      continue;
    }
    w = put(b, copyDown(b, last, i, w), PROCESS_ID);
    last = i = e;
  }
  return last === 0 ? n : copyDown(b, last, n, w);
}

/**
 * replaceHexNumbers on b[0 … n) (see there for why one pass gives both steps), starting at `from`: the
 * caller knows nothing before it changes (no hex run of 8, digit run of 5 or "0x"), and `from` starts a run.
 */
export function replaceHexNumbersInPlace(b: Uint16Array, n: number, from = 0): number {
  let w = 0;
  let last = 0;
  let i = from;
  while (i < n) {
    if (!isHex(b[i])) {
      i++;
      continue;
    }
    const e = runEnd(b, n, i, false);
    while (i + 8 <= e) {
      w = put(b, copyDown(b, last, i, w), HEX);
      last = i = i + 8;
    }
    const zeroX = i < e && b[e - 1] === 48 && e + 1 < n && b[e] === 120 && isHex(b[e + 1]);
    const keptEnd = zeroX ? e - 1 : e;
    for (let d = i; d < keptEnd; ) {
      const c = b[d];
      if (c < 48 || c > 57) {
        d++;
        continue;
      }
      let f = d + 1;
      while (f < keptEnd && b[f] >= 48 && b[f] <= 57) f++;
      if (f - d >= 5) {
        w = put(b, copyDown(b, last, d, w), NUM);
        last = f;
      }
      d = f;
    }
    if (zeroX) {
      const f = runEnd(b, n, e + 1, false);
      w = put(b, copyDown(b, last, e - 1, w), HEX);
      last = i = f;
      continue;
    }
    i = e;
  }
  return last === 0 ? n : copyDown(b, last, n, w);
}

// Every branch of the cold pass and of the steps above taken once before any real command line (see
// jit-primer.ts); the codes are then dropped, so the first real line is analysed afresh.
for (const line of PRIMER_LINES) commandLineCodes(line);
state.valid = false;
