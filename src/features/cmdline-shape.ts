// The shape of the command line: how long, how random, what it points at, how it hides. These carry
// across tools and sources better than the exact strings do.

import { b, procLabel, scalarFamily, type FeatureFamily, type ScalarFeature } from './family.js';
import { memoFamily } from './memo.js';
import { Arena } from './arena.js';
import { GATE, gatesOf } from './cmd-gates.js';
import { commandLineCodes } from './cmdline-codes.js';
import { scan, type Scan } from './shape-scan.js';
import { countChar, entropy } from './text.js';
import type { EventView } from './view.js';

export { scan, type Scan } from './shape-scan.js';

const BASE64_BLOB = /[A-Za-z0-9+/]{40,}={0,2}/;
const URL_RE = /\b(?:https?|ftp|file):\/\/[^\s"']+/gi;
const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/;
const UNC = /(?:^|[\s"'=])\\\\[a-z0-9._$-]+\\/i;
const ENV_VAR = /%[a-z_][a-z0-9_()]*%|\$env:[a-z_]/gi;
const ENCODED_FLAG = /\s[-/]e(?:n(?:c(?:o(?:d(?:e(?:d(?:c(?:o(?:m(?:m(?:a(?:nd?)?)?)?)?)?)?)?)?)?)?)?)?\s+[A-Za-z0-9+/=]{16,}/i;
const HIDDEN = /\s[-/]w(?:indowstyle)?\s+(?:h(?:idden)?|1)\b|\s-noni\b|\s-noninteractive\b/i;
const BYPASS = /bypass|-nop\b|-noprofile\b|unrestricted/i;
const DOWNLOAD_VERB = /downloadstring|downloadfile|downloaddata|invoke-webrequest|\biwr\b|invoke-restmethod|\birm\b|net\.webclient|start-bitstransfer|urlcache|wget\s|curl\s/i;
const USER_WRITABLE = /\\(?:temp|tmp)\\|\\appdata\\|\\users\\public\\|\\programdata\\|\\downloads\\|\\desktop\\|\\perflogs\\|\\recycle/i;
const SCRIPT_EXT = /\.(?:ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|sct|bat|cmd)\b/i;
const DLL_REF = /\.(?:dll|ocx|cpl)\b/i;
const PIPE_REDIRECT = /\||>|</;

function argCount(cmd: string): number {
  let n = 0;
  let inQuote = false;
  let inToken = false;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd.charCodeAt(i);
    if (c === 34) inQuote = !inQuote;
    if ((c === 32 || c === 9) && !inQuote) inToken = false;
    else if (!inToken) {
      inToken = true;
      n++;
    }
  }
  return n;
}

function longestToken(cmd: string): number {
  let best = 0;
  let cur = 0;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd.charCodeAt(i);
    if (c === 32 || c === 9 || c === 34 || c === 39) cur = 0;
    else if (++cur > best) best = cur;
  }
  return best;
}

/** Letters whose case flips from the previous letter: "PoWeRsHeLl" obfuscation. */
function caseFlips(cmd: string): number {
  let flips = 0;
  let prev = 0;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd.charCodeAt(i);
    const kind = c >= 65 && c <= 90 ? 1 : c >= 97 && c <= 122 ? 2 : 0;
    if (kind === 0) continue;
    if (prev !== 0 && kind !== prev) flips++;
    prev = kind;
  }
  return flips;
}

const has = (v: EventView): boolean => v.cmd.length > 0;
const num = (v: EventView, f: (s: string) => number): number => (has(v) ? f(v.cmd) : NaN);
const flag = (v: EventView, re: RegExp): number => (has(v) ? b(re.test(v.cmd)) : NaN);

function urlCount(cmd: string): number {
  URL_RE.lastIndex = 0;
  return cmd.match(URL_RE)?.length ?? 0;
}

const FEATURES: ScalarFeature[] = [
  { id: 'missing', value: (v) => b(!has(v)), describe: () => 'no command line recorded' },
  { id: 'length', value: (v) => num(v, (s) => s.length), describe: (_v, x) => `command line is ${x} characters long` },
  { id: 'entropy', value: (v) => num(v, entropy), describe: (_v, x) => `command-line entropy ${x.toFixed(2)} bits/char` },
  { id: 'args', value: (v) => num(v, argCount), describe: (_v, x) => `${x} command-line arguments` },
  { id: 'longest_token', value: (v) => num(v, longestToken), describe: (_v, x) => `longest command-line token has ${x} characters` },
  { id: 'quotes', value: (v) => num(v, (s) => countChar(s, 34)), describe: (_v, x) => `${x} double quotes in the command line` },
  { id: 'carets', value: (v) => num(v, (s) => countChar(s, 94)), describe: (_v, x) => `${x} caret (^) escapes in the command line` },
  { id: 'backticks', value: (v) => num(v, (s) => countChar(s, 96)), describe: (_v, x) => `${x} backtick (\`) escapes in the command line` },
  { id: 'percents', value: (v) => num(v, (s) => countChar(s, 37)), describe: (_v, x) => `${x} percent signs in the command line` },
  {
    id: 'env_vars',
    value: (v) => num(v, (s) => s.match(ENV_VAR)?.length ?? 0),
    describe: (_v, x) => `${x} environment-variable references in the command line`,
  },
  { id: 'case_flips', value: (v) => num(v, caseFlips), describe: (_v, x) => `${x} upper/lower case flips (mixed-case obfuscation)` },
  { id: 'base64_blob', value: (v) => flag(v, BASE64_BLOB), describe: () => 'command line carries a long base64-like blob' },
  { id: 'encoded_flag', value: (v) => flag(v, ENCODED_FLAG), describe: (v) => `${procLabel(v)} with an -EncodedCommand style argument` },
  { id: 'urls', value: (v) => num(v, urlCount), describe: (v, x) => `${procLabel(v)} with ${x} URL${x === 1 ? '' : 's'} in the command line` },
  { id: 'ip', value: (v) => flag(v, IPV4), describe: () => 'command line contains an IPv4 address' },
  { id: 'unc', value: (v) => flag(v, UNC), describe: () => 'command line references a UNC path (\\\\host\\share)' },
  { id: 'pipe_redirect', value: (v) => flag(v, PIPE_REDIRECT), describe: () => 'command line pipes or redirects' },
  {
    id: 'separators',
    value: (v) => num(v, (s) => countChar(s, 38) + countChar(s, 59)),
    describe: (_v, x) => `${x} command separators (& ;) in the command line`,
  },
  { id: 'hidden_window', value: (v) => flag(v, HIDDEN), describe: (v) => `${procLabel(v)} asks for a hidden / non-interactive window` },
  { id: 'policy_bypass', value: (v) => flag(v, BYPASS), describe: (v) => `${procLabel(v)} bypasses execution policy or profile` },
  { id: 'download_verb', value: (v) => flag(v, DOWNLOAD_VERB), describe: () => 'command line downloads (DownloadString, Invoke-WebRequest, urlcache…)' },
  { id: 'user_writable_ref', value: (v) => flag(v, USER_WRITABLE), describe: () => 'command line points into a user-writable folder (Temp, AppData, Public…)' },
  { id: 'script_ref', value: (v) => flag(v, SCRIPT_EXT), describe: () => 'command line names a script file (.ps1 .vbs .js .hta .bat…)' },
  { id: 'dll_ref', value: (v) => flag(v, DLL_REF), describe: () => 'command line names a DLL / OCX / CPL' },
];

/**
 * The same values as FEATURES, from one scan plus the regexes whose cheap necessary condition holds
 * (a gate that fails means the regex cannot match, so skipping it is exact). `gates` are the
 * cmd-gates bits of the lowercased command line.
 */
function extract(s: string, k: Scan, gates: number, row: Float32Array, o: number): void {
  row[o] = 0;
  row[o + 1] = s.length;
  row[o + 2] = k.entropy;
  row[o + 3] = k.args;
  row[o + 4] = k.longestToken;
  row[o + 5] = k.quotes;
  row[o + 6] = k.carets;
  row[o + 7] = k.backticks;
  row[o + 8] = k.percents;
  row[o + 9] = k.percents >= 2 || k.dollar ? (s.match(ENV_VAR)?.length ?? 0) : 0;
  row[o + 10] = k.caseFlips;
  row[o + 11] = b(k.base64Run >= 40);
  row[o + 12] = k.dashE ? b(ENCODED_FLAG.test(s)) : 0;
  row[o + 13] = s.includes('://') ? urlCount(s) : 0;
  row[o + 14] = k.digitDots >= 3 ? b(IPV4.test(s)) : 0;
  row[o + 15] = k.doubleBackslash ? b(UNC.test(s)) : 0;
  row[o + 16] = b(k.pipeRedirect);
  row[o + 17] = k.separators;
  row[o + 18] = k.dashWN ? b(HIDDEN.test(s)) : 0;
  row[o + 19] = gates & GATE.bypass ? b(BYPASS.test(s)) : 0;
  row[o + 20] = gates & GATE.download ? b(DOWNLOAD_VERB.test(s)) : 0;
  // Its alternatives are the gate's words, and /i without u matches an ASCII letter in its two cases only:
  // on an ASCII line the open gate is the answer.
  row[o + 21] = k.backslash && gates & GATE.userWritable ? (k.ascii ? 1 : b(USER_WRITABLE.test(s))) : 0;
  row[o + 22] = k.dots > 0 && gates & GATE.script ? b(SCRIPT_EXT.test(s)) : 0;
  row[o + 23] = k.dots > 0 && gates & GATE.dll ? b(DLL_REF.test(s)) : 0;
}

function extractView(v: EventView, row: Float32Array, o: number): void {
  const s = v.cmd;
  if (!s) {
    row[o] = 1;
    row.fill(NaN, o + 1, o + FEATURES.length);
    return;
  }
  extract(s, scan(s), gatesOf(v.cmdLower), row, o);
}

const generic = scalarFamily('cmd', FEATURES);
/** The per-feature definition the fast extractor must equal (the property test compares them). */
export const cmdlineShapeReference: FeatureFamily = generic;

// Every feature reads only the raw command line: the values are kept on its memoised record (or, when
// the view's command line is not the parity one, in a memo of their own).
const fallback = memoFamily({ id: generic.id, names: generic.names, extract: extractView, describe: generic.describe }, 8192, (v) => v.cmd);
const N = FEATURES.length;

/** Shape values of memoised command lines (24 floats each; twice the command-line memo). */
const arena = new Arena(new Float32Array(N * 16384));

export const cmdlineShapeFamily: FeatureFamily = {
  id: generic.id,
  names: generic.names,
  extract(v, row, o) {
    const rec = v.parity.cmdParts;
    if (rec.raw !== v.cmd || !v.cmd) return fallback.extract(v, row, o);
    const data = arena.data;
    if (arena.holds(rec.shapeAt)) {
      const at = arena.index(rec.shapeAt);
      for (let i = 0; i < N; i++) row[o + i] = data[at + i];
      return;
    }
    // The record's codes were built from this command line with the shape scan in the same pass.
    extract(rec.raw, commandLineCodes(rec.raw).scan, rec.gates, row, o);
    rec.shapeAt = arena.reserve(N);
    const at = arena.index(rec.shapeAt);
    for (let i = 0; i < N; i++) data[at + i] = row[o + i];
  },
  describe: generic.describe,
};
