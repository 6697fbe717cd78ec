// The shape scan: counts and gates of a raw command line in one pass, with its entropy — and, in the
// same pass, its ASCII lowercase written as codes. A new command line needs both (the shape features
// read the counts, the parity normalisation and the gates read the lowercase), and reading the string
// once instead of twice is the saving: cmdline-codes runs this pass when it builds a command line's
// codes, and the shape features take the counts it left there.

import { entropyOfCounts } from './text.js';

/** Counts and gates from one pass over the command line (cmdline-shape's per-feature helpers each scan it). */
export interface Scan {
  args: number;
  longestToken: number;
  quotes: number;
  carets: number;
  backticks: number;
  percents: number;
  caseFlips: number;
  separators: number;
  pipeRedirect: boolean;
  /** Longest run of [A-Za-z0-9+/]: BASE64_BLOB matches iff it is ≥ 40. */
  base64Run: number;
  dollar: boolean;
  dots: number;
  doubleBackslash: boolean;
  backslash: boolean;
  /** Whitespace (\\s) then "-e" or "/e" (any case): ENCODED_FLAG cannot match without it. */
  dashE: boolean;
  /** Whitespace then "-w", "/w" or "-n" (any case): HIDDEN cannot match without one. */
  dashWN: boolean;
  /** Dots with a digit on both sides: IPV4 cannot match with fewer than three. */
  digitDots: number;
  /** Every code unit is ASCII. */
  ascii: boolean;
  /** entropy(cmd), counted in the same pass. */
  entropy: number;
}

// Character classes of the ASCII codes for scan (non-ASCII code units have none of them).
const C_UPPER = 1;
const C_LOWER = 2;
/** [A-Za-z0-9+/]: BASE64_BLOB's class. */
const C_BASE64 = 4;
/** Space or tab: separates arguments outside quotes. */
const C_SPACE = 8;
/** Space, tab, double or single quote: ends a token for longestToken. */
const C_BREAK = 16;
/** A character the counts below look at: " ^ ` % & ; | > < $ . \\ */
const C_PUNCT = 32;
/** - or /: the dashE / dashWN tests look at the characters around it. */
const C_DASH = 64;
/** Anything but [A-Za-z0-9+]: the characters the loop's short path cannot take. */
const C_SPECIAL = 128;
const CLS = new Uint8Array(128);
/** scan's character counts for the entropy (cleared by entropyOfCounts). */
const COUNTS = new Int32Array(128);
const USED = new Int32Array(128);
for (let c = 0; c < 128; c++) {
  let k = 0;
  if (c >= 65 && c <= 90) k |= C_UPPER;
  if (c >= 97 && c <= 122) k |= C_LOWER;
  if ((k & 3) !== 0 || (c >= 48 && c <= 57) || c === 43 || c === 47) k |= C_BASE64;
  if (c === 32 || c === 9) k |= C_SPACE;
  if (c === 32 || c === 9 || c === 34 || c === 39) k |= C_BREAK;
  if ('"^`%&;|><$.\\'.includes(String.fromCharCode(c))) k |= C_PUNCT;
  if (c === 45 || c === 47) k |= C_DASH;
  if ((k & C_BASE64) === 0 || c === 47) k |= C_SPECIAL;
  CLS[c] = k;
}

/** JavaScript's \s (the regexes' whitespace). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A Scan that scanInto fills in place (one per user, reused: no object per command line). */
export class ScanState implements Scan {
  args = 0;
  longestToken = 0;
  quotes = 0;
  carets = 0;
  backticks = 0;
  percents = 0;
  caseFlips = 0;
  separators = 0;
  pipeRedirect = false;
  base64Run = 0;
  dollar = false;
  dots = 0;
  doubleBackslash = false;
  backslash = false;
  dashE = false;
  dashWN = false;
  digitDots = 0;
  ascii = true;
  entropy = 0;
}

/** The one-pass counts (and entropy) of a command line, in a new object. */
export function scan(cmd: string): Scan {
  const out = new ScanState();
  if (scratch.length < cmd.length) scratch = new Uint16Array(Math.max(cmd.length, 2 * scratch.length));
  scanInto(cmd, out, scratch);
  return out;
}
let scratch = new Uint16Array(256);

/**
 * Fills `out` with the counts of cmd and writes the ASCII lowercase of its code units into
 * lower[0 … cmd.length) (which must be that long): when out.ascii, that is cmd.toLowerCase(); otherwise
 * the caller lowercases with the engine (non-ASCII lowercasing can change the length or give ASCII).
 *
 * Letters, digits and + (most of a command line) take a short path: counts, lowercase, token start and
 * case flips. The longest token and base64 run are measured from where the last one ended when a
 * character ends them, and the tests that look at neighbours (a dash or slash after whitespace before
 * e/w/n, a dot between digits, a doubled backslash) run at the dash, dot or backslash, reading the
 * characters around it — each occurrence counted once, as a test at its last character would.
 */
export function scanInto(cmd: string, out: ScanState, lower: Uint16Array): void {
  const n = cmd.length;
  let args = 0;
  let inQuote = false;
  let inToken = false;
  let longest = 0;
  let tokenStart = 0;
  let quotes = 0;
  let carets = 0;
  let backticks = 0;
  let percents = 0;
  let flips = 0;
  let prevKind = 0;
  let separators = 0;
  let pipeRedirect = false;
  let runStart = 0;
  let base64Run = 0;
  let dollar = false;
  let dots = 0;
  let doubleBackslash = false;
  let backslash = false;
  let dashE = false;
  let dashWN = false;
  let digitDots = 0;
  let nUsed = 0;
  let other: Map<number, number> | undefined;
  for (let i = 0; i < n; i++) {
    const c = cmd.charCodeAt(i);
    let k = 0;
    if (c < 128) {
      // entropy: the same counts as text.ts entropy()
      if (COUNTS[c]++ === 0) USED[nUsed++] = c;
      k = CLS[c];
      lower[i] = c + ((k & C_UPPER) << 5);
      if ((k & C_SPECIAL) === 0) {
        if (!inToken) {
          inToken = true;
          args++;
        }
        const kind = k & (C_UPPER | C_LOWER);
        if (kind !== 0) {
          if (prevKind + kind === 3) flips++;
          prevKind = kind;
        }
        continue;
      }
    } else {
      other ??= new Map();
      other.set(c, (other.get(c) ?? 0) + 1);
    }
    // argCount
    if (c === 34) inQuote = !inQuote;
    if ((k & C_SPACE) !== 0 && !inQuote) inToken = false;
    else if (!inToken) {
      inToken = true;
      args++;
    }
    // longestToken
    if ((k & C_BREAK) !== 0) {
      if (i - tokenStart > longest) longest = i - tokenStart;
      tokenStart = i + 1;
    }
    if ((k & C_BASE64) === 0) {
      if (i - runStart > base64Run) base64Run = i - runStart;
      runStart = i + 1;
    }
    if ((k & C_PUNCT) !== 0)
      switch (c) {
        case 34:
          quotes++;
          break;
        case 94:
          carets++;
          break;
        case 96:
          backticks++;
          break;
        case 37:
          percents++;
          break;
        case 38:
        case 59:
          separators++;
          break;
        case 124:
        case 62:
        case 60:
          pipeRedirect = true;
          break;
        case 36:
          dollar = true;
          break;
        case 46:
          dots++;
          if (i > 0 && i + 1 < n) {
            const a = cmd.charCodeAt(i - 1);
            const z = cmd.charCodeAt(i + 1);
            if (a >= 48 && a <= 57 && z >= 48 && z <= 57) digitDots++;
          }
          break;
        case 92:
          backslash = true;
          if (i > 0 && cmd.charCodeAt(i - 1) === 92) doubleBackslash = true;
          break;
      }
    else if ((k & C_DASH) !== 0 && i > 0 && i + 1 < n && isSpace(cmd.charCodeAt(i - 1)))
      switch (cmd.charCodeAt(i + 1)) {
        case 69:
        case 101:
          dashE = true;
          break;
        case 87:
        case 119:
          dashWN = true;
          break;
        case 78:
        case 110:
          if (c === 45) dashWN = true;
          break;
      }
  }
  if (n - tokenStart > longest) longest = n - tokenStart;
  if (n - runStart > base64Run) base64Run = n - runStart;
  out.args = args;
  out.longestToken = longest;
  out.quotes = quotes;
  out.carets = carets;
  out.backticks = backticks;
  out.percents = percents;
  out.caseFlips = flips;
  out.separators = separators;
  out.pipeRedirect = pipeRedirect;
  out.base64Run = base64Run;
  out.dollar = dollar;
  out.dots = dots;
  out.doubleBackslash = doubleBackslash;
  out.backslash = backslash;
  out.dashE = dashE;
  out.dashWN = dashWN;
  out.digitDots = digitDots;
  out.ascii = other === undefined;
  out.entropy = n === 0 ? 0 : entropyOfCounts(COUNTS, USED, nUsed, other, n);
}
