// The one read of a new command line: the shape scan's counts and entropy, its ASCII lowercase, the
// first pass of the parity normalisation (carets and quotes dropped, backslash runs collapsed, and the
// gates of the later steps noted) and the regex gates of cmd-gates.ts, all in one loop over the
// string. Four loops did this before (scan, normalise, gate scan, and the lowercase read by two of
// them); each read every character again and kept its own run state.
//
// Letters, digits and + (most of a command line) take a short path: counts, lowercase, token start and
// case flips, the gate pair test, and the character written to the normalised text with the hex and
// digit runs it extends or ends. The longest token and base64 run are measured where a run ends, and
// the tests that look at neighbours (a dash or slash after whitespace before e/w/n, a dot between
// digits, a doubled backslash) run at the dash, dot or backslash — each occurrence counted once, as a
// test at its last character would.
//
// The normalisation and gates are those of the code units' ASCII lowercase: for a line with non-ASCII
// code units the caller runs the pass again on raw.toLowerCase() (the engine's lowercasing can change
// the length or give ASCII), keeping the counts of the first run.

import { GATE_WORDS } from './cmd-gates.js';
import type { ScanState } from './shape-scan.js';
import { entropyOfCounts } from './text.js';
import { EndPairTable } from './word-scan.js';

// Character classes of the ASCII codes (non-ASCII code units have none of them).
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
/** The character counts for the entropy (cleared by entropyOfCounts). */
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

// What the normalisation does with a lowercase letter, digit or +: keep it and end the runs (N_PLAIN),
// or extend the digit and hex runs, the hex run, or look for "0x" before it.
const N_PLAIN = 0;
const N_DIGIT = 1;
const N_HEX = 2;
const N_X = 3;
const NCLS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) NCLS[c] = N_DIGIT;
for (let c = 97; c <= 102; c++) NCLS[c] = N_HEX;
NCLS[120] = N_X;

const GATE_TABLE = new EndPairTable(GATE_WORDS.flatMap(([, words]) => words));
const GATE_BIT = Int32Array.from(GATE_WORDS.flatMap(([bit, words]) => words.map(() => bit)));
const GATE_PAIRS = GATE_TABLE.pairs;

/** JavaScript's \s (the regexes' whitespace). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** What the pass found for the normalisation's later steps and the gates (one per user, reused). */
export class ColdPass {
  /** Length of the text after the first normalisation pass (before the path and token steps). */
  normLength = 0;
  /** Carets (^) in the text. */
  carets = 0;
  /** "users" right before a kept backslash; "windows" right before a kept slash or backslash. */
  users = false;
  windows = false;
  /** A chain of three dash-separated runs of 4+ hex characters (the GUID step's necessary condition). */
  guid = false;
  /** "0x" kept in the text; the longest hex and digit runs. */
  zeroX = false;
  maxHex = 0;
  maxDigits = 0;
  /** Where the first hex run the hex/number step can change starts (-1: none seen). */
  first = -1;
  /** The cmd-gates GATE bits open for the lowercase. */
  gates = 0;
}

/** Gate words ending at lower[i] with the pair p: returns `gates` with their bits added. */
function gateHits(lower: Uint16Array, i: number, p: number, gates: number): number {
  const { start, candidates, codes, codeStart } = GATE_TABLE;
  for (let k = start[p], e = start[p + 1]; k < e; k++) {
    const w = candidates[k];
    const bit = GATE_BIT[w];
    if ((gates & bit) !== 0) continue;
    const a = codeStart[w];
    // The word's first character sits at s; its last two matched through the table.
    const s = i + 1 - (codeStart[w + 1] - a);
    if (s < 0) continue;
    let j = 0;
    const m = codeStart[w + 1] - a - 2;
    while (j < m && lower[s + j] === codes[a + j]) j++;
    if (j === m) gates |= bit;
  }
  return gates;
}

/**
 * Fills `out` with the counts of cmd, writes the ASCII lowercase of its code units into
 * lower[0 … cmd.length) and the first normalisation pass of that lowercase into norm (both must be
 * that long), and notes in `pass` the later steps' gates and the cmd-gates bits. When out.ascii, the
 * lowercase is cmd.toLowerCase(); otherwise lower, norm and pass are those of the ASCII lowercase only.
 */
export function coldPassInto(cmd: string, out: ScanState, lower: Uint16Array, norm: Uint16Array, pass: ColdPass): void {
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
  // The gate scan: the previous lowercase code (0 after a non-ASCII one: no gate word holds either).
  let gates = 0;
  let prev = 0;
  // The normalisation: write index, runs, and the later steps' gates (as charRuns in parity-normalize).
  const b = norm;
  let w = 0;
  let users = false;
  let windows = false;
  let hex = 0;
  let maxHex = 0;
  let digits = 0;
  let maxDigits = 0;
  let zeroX = false;
  // The GUID step's chain: the last dash written and how many 4+ hex segments end at it.
  let dashAt = -2;
  let chain = 0;
  let guid = false;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const c = cmd.charCodeAt(i);
    let k = 0;
    if (c < 128) {
      // entropy: the same counts as text.ts entropy()
      if (COUNTS[c]++ === 0) USED[nUsed++] = c;
      k = CLS[c];
      const lc = c + ((k & C_UPPER) << 5);
      lower[i] = lc;
      const p = (prev << 7) | lc;
      if (GATE_PAIRS[p] !== 0) gates = gateHits(lower, i, p, gates);
      prev = lc;
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
        // Letters, digits and + are always kept; they extend or end the hex and digit runs.
        const nk = NCLS[lc];
        if (nk === N_PLAIN) {
          hex = 0;
          digits = 0;
        } else if (nk === N_DIGIT) {
          if (++digits > maxDigits) maxDigits = digits;
          if (++hex > maxHex) maxHex = hex;
          if (first < 0 && (hex >= 8 || digits >= 5)) first = w - hex + 1;
        } else if (nk === N_HEX) {
          digits = 0;
          if (++hex > maxHex) maxHex = hex;
          if (first < 0 && hex >= 8) first = w - hex + 1;
        } else {
          // x (N_X): "0x" when the last kept character is a 0.
          const run = hex;
          hex = 0;
          digits = 0;
          if (w > 0 && b[w - 1] === 48) {
            zeroX = true;
            if (first < 0) first = w - run;
          }
        }
        b[w++] = lc;
        continue;
      }
    } else {
      other ??= new Map();
      other.set(c, (other.get(c) ?? 0) + 1);
      lower[i] = c;
      prev = 0;
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
    // The normalisation: carets and quotes are dropped (the runs around them join), a backslash right
    // after a kept one too; every other character ends the runs and is kept.
    if (c === 94 || c === 34) continue;
    const run = hex;
    hex = 0;
    digits = 0;
    if (c === 92 || c === 47) {
      if (c === 92) {
        if (w > 0 && b[w - 1] === 92) continue;
        if (w >= 5 && b[w - 5] === 117 && b[w - 4] === 115 && b[w - 3] === 101 && b[w - 2] === 114 && b[w - 1] === 115) users = true;
      }
      if (w >= 7 && b[w - 7] === 119 && b[w - 6] === 105 && b[w - 5] === 110 && b[w - 4] === 100 && b[w - 3] === 111 && b[w - 2] === 119 && b[w - 1] === 115)
        windows = true;
    } else if (c === 45) {
      const segs = run < 4 ? 0 : dashAt === w - 1 - run && chain > 0 ? chain + 1 : 1;
      dashAt = w;
      chain = segs;
      if (segs >= 3) guid = true;
    }
    b[w++] = c;
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
  pass.normLength = w;
  pass.carets = carets;
  pass.users = users;
  pass.windows = windows;
  pass.guid = guid;
  pass.zeroX = zeroX;
  pass.maxHex = maxHex;
  pass.maxDigits = maxDigits;
  pass.first = first;
  pass.gates = gates;
}
