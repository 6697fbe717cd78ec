// The cold pass reads a new command line once for the shape scan, the lowercase, the normalisation's
// first pass and the regex gates: each of its answers must be the plain definition's — the gates are
// gatesOf(lowercase) (each gate word a plain `includes`), the first pass is the caret, quote and
// backslash-run regexes, and the later steps' gates are regex tests on that text — on hostile strings
// (gate words cut, glued and in mixed case, non-ASCII, lone surrogates, Unicode spaces, giant lines)
// and on every command line of the real training files.

import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA } from '../../test/shared-data.js';
import { realLineDifferences } from './real-command-lines.test-util.js';
import { Rng } from '../classify/gbdt/prng.js';
import { GATE_WORDS, gatesOf } from './cmd-gates.js';
import { codesToString, commandLineCodes } from './cmdline-codes.js';
import { ColdPass, coldPassInto } from './cold-pass.js';
import { normalizeCommandLine } from './parity-normalize.js';
import { scan, ScanState } from './shape-scan.js';

const GATE_PIECES = GATE_WORDS.flatMap(([, words]) => words);
const PIECES = [
  ...GATE_PIECES,
  ...GATE_PIECES.map((w) => w.toUpperCase()),
  ...GATE_PIECES.map((w) => w.slice(0, -1)),
  ...GATE_PIECES.map((w) => w.slice(1)),
  'a', 'Z', 'e', 'F', 'x', 'X', '0', '00', '0x', '0X', '9', '12345', 'deadbeef', 'DEAD', '-', 'abcd-', '1234-5678-9abc-def0',
  '\\', '\\\\', '/', 'users', 'Users\\', 'users\\bob', 'windows', 'Windows\\', 'WINDOWS/', 'system32', '^', '^^', '"', '""', ' ', '\t',
  '.', '+', 'é', 'É', 'İ', 'K', '\ud800', '\udc00', '😀', '\u00a0', '\u2003', '\n',
];

function gen(rng: Rng, max: number): string {
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += rng.next() < 0.1 ? String.fromCharCode(rng.int(rng.next() < 0.8 ? 128 : 0x10000)) : PIECES[rng.int(PIECES.length)];
  return s;
}

function strings(seed: number, n: number): string[] {
  const rng = new Rng(seed);
  const out = ['', 'a', '^', '"', '\\', '\\\\', 'bypass', 'BYPASS', 'bypas', 'ypass', '.js', 'x.JS', '-nop', ' -nop', '\\temp\\', '\\TEMP\\', '\\tmp', 'curl', 'cur^l', 'İnvoke-', 'K'];
  out.push('a'.repeat(70_000) + 'bypass', '\\Temp\\'.repeat(20_000), 'é'.repeat(70_000) + '.dll', 'Ab^"\\'.repeat(30_000) + 'lsass', '0'.repeat(100_000) + 'x1');
  for (let k = 0; k < n; k++) out.push(gen(rng, rng.next() < 0.05 ? 400 : 40));
  return out;
}

/** /[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f]{4,}-/.test(text), without the regex's quadratic backtracking on giant hex runs. */
function guidChain(text: string): boolean {
  const seg = text.split('-');
  const whole = (t: string): boolean => /^[0-9a-f]{4,}$/.test(t);
  for (let j = 0; j + 3 < seg.length; j++) if (/[0-9a-f]{4}$/.test(seg[j]) && whole(seg[j + 1]) && whole(seg[j + 2])) return true;
  return false;
}

/** The pass's later-step gates as regex tests on the plain first pass of a lowercase line. */
function plainPass(lower: string): Record<string, number | boolean | string> {
  const text = lower.replace(/[\^"]/g, '').replace(/\\{2,}/g, '\\');
  const longest = (re: RegExp): number => Math.max(0, ...(text.match(re) ?? []).map((m) => m.length));
  return {
    text,
    carets: lower.split('^').length - 1,
    users: text.includes('users\\'),
    windows: /windows[\\/]/.test(text),
    guid: guidChain(text),
    zeroX: text.includes('0x'),
    maxHex: longest(/[0-9a-f]+/g),
    maxDigits: longest(/[0-9]+/g),
    gates: gatesOf(lower),
  };
}

/** What the pass noted on a lowercase line (as cmdline-codes runs it on a non-ASCII line's lowercase). */
function passOf(lower: string): Record<string, number | boolean | string> {
  const room = new Uint16Array(lower.length);
  const norm = new Uint16Array(lower.length);
  const p = new ColdPass();
  coldPassInto(lower, new ScanState(), room, norm, p);
  return {
    text: codesToString(norm, p.normLength),
    carets: p.carets,
    users: p.users,
    windows: p.windows,
    guid: p.guid,
    zeroX: p.zeroX,
    maxHex: p.maxHex,
    maxDigits: p.maxDigits,
    gates: p.gates,
  };
}

/** Where the codes of raw differ from the plain definitions ('' when they do not). */
function differences(raw: string): string {
  const lower = raw.toLowerCase();
  const bad: string[] = [];
  const c = commandLineCodes(raw);
  if (c.gates !== gatesOf(lower)) bad.push('gates');
  if (codesToString(c.norm, c.normLength) !== normalizeCommandLine(raw)) bad.push('norm');
  if (codesToString(c.lower, c.lowerLength) !== lower) bad.push('lower');
  if (JSON.stringify(c.scan) !== JSON.stringify(scan(raw))) bad.push('scan');
  const want = plainPass(lower);
  const got = passOf(lower);
  for (const k of Object.keys(want)) if (want[k] !== got[k]) bad.push(k);
  return bad.length ? `${bad.join(',')}: ${JSON.stringify(raw.slice(0, 120))}` : '';
}

describe('the cold pass', () => {
  it('gates, first normalisation pass and later-step gates equal the plain definitions on 30,000 hostile strings', () => {
    expect(strings(1717, 30_000).map(differences).filter((d) => d)).toEqual([]);
  });

  it('finds each gate word alone, at either end, in any ASCII case, and not a word cut short', () => {
    const bad: string[] = [];
    for (const [bit, words] of GATE_WORDS)
      for (const w of words)
        for (const s of [w, ` ${w}`, `${w} `, `x${w.toUpperCase()}y`, `é${w}`]) if ((commandLineCodes(s).gates & bit) === 0) bad.push(s);
    expect(bad).toEqual([]);
    expect(commandLineCodes('bypas ypass .j s -no p cur l').gates).toBe(0);
    // A caret inside a word hides it from the lowercase-only gates as it does from gatesOf.
    expect(commandLineCodes('by^pass').gates).toBe(gatesOf('by^pass'));
  });
});

describe.skipIf(!HAS_SHARED_DATA)('the cold pass on real events', () => {
  it('equals the plain definitions for every command line of ../shared/data/train and its upper-case copy', () => {
    const { bad, lines } = realLineDifferences(differences);
    expect(bad).toEqual([]);
    expect(lines).toBeGreaterThan(8000);
  });
});
