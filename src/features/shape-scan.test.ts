// The shape scan counts the command line's characters for its entropy in the same pass, and hashes
// trigrams with a table for ASCII pairs; both must give exactly what the plain definitions give (in
// double precision, before the row's float32 rounding hides a last-bit difference), on hostile
// strings: non-ASCII, lone surrogates, every ASCII code, giant lines.

import { describe, expect, it } from 'vitest';
import { Rng } from '../classify/gbdt/prng.js';
import { scan } from './cmdline-shape.js';
import { codesToString, commandLineCodes } from './cmdline-codes.js';
import { ScanState, scanInto } from './shape-scan.js';
import { entropy } from './text.js';

const PIECES = ['a', 'Z', ' ', '\t', '"', "'", '^', '`', '%', '&', ';', '|', '>', '<', '$', '.', '\\', '/', '+', '-e', '/w', '-n', '=', '0', '9', 'é', 'ščř', '😀', '\ud800', '\udfff', 'İ', 'K', '\u00a0', '\u0000', '\u007f', '\u0080', '\u2003', '\n', ' -E', '\v/W', '1.2', '3.4.5'];

function gen(rng: Rng, max: number): string {
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += rng.next() < 0.1 ? String.fromCharCode(rng.int(128)) : PIECES[rng.int(PIECES.length)];
  return s;
}

describe('shape scan', () => {
  it('its entropy is entropy(s) bit for bit', () => {
    const rng = new Rng(4242);
    const strings = [' ', 'a', '\ud800', '😀😀', 'x'.repeat(100_000), 'ab'.repeat(50_000) + 'é', Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join('')];
    for (let k = 0; k < 20_000; k++) strings.push(gen(rng, 40));
    let differ = 0;
    for (const s of strings) {
      // interleaved with plain entropy() calls: the two share no counting state
      const want = entropy(s);
      if (!Object.is(scan(s).entropy, want) || !Object.is(entropy(s), want)) differ++;
    }
    expect(differ).toBe(0);
    expect(scan('').entropy).toBe(0);
  });

  it('counts what plain string definitions count', () => {
    const rng = new Rng(77);
    const count = (s: string, ch: string): number => s.split(ch).length - 1;
    const longestRun = (s: string, re: RegExp): number => Math.max(0, ...(s.match(re) ?? []).map((m) => m.length));
    const wrong: string[] = [];
    for (let n = 0; n < 5000; n++) {
      const s = gen(rng, 30);
      const k = scan(s);
      const want = [count(s, '"'), count(s, '^'), count(s, '`'), count(s, '%'), count(s, '&') + count(s, ';'), count(s, '.'), longestRun(s, /[A-Za-z0-9+/]+/g), longestRun(s, /[^ \t"']+/g)];
      const got = [k.quotes, k.carets, k.backticks, k.percents, k.separators, k.dots, k.base64Run, k.longestToken];
      want.push((s.match(/(?<=\d)\.(?=\d)/g) ?? []).length);
      got.push(k.digitDots);
      const flags = [/[|<>]/.test(s), s.includes('$'), s.includes('\\\\'), s.includes('\\'), /\s[-/][eE]/.test(s), /\s[-/][wW]|\s-[nN]/.test(s), /^[\x00-\x7f]*$/.test(s)];
      const gotFlags = [k.pipeRedirect, k.dollar, k.doubleBackslash, k.backslash, k.dashE, k.dashWN, k.ascii];
      if (want.join() !== got.join() || flags.join() !== gotFlags.join()) wrong.push(JSON.stringify(s));
    }
    expect(wrong).toEqual([]);
  });

  it('the codes carry the same scan, and the lowercasing pass writes toLowerCase for ASCII lines', () => {
    // A new command line's codes are built in the shape scan's pass: their scan must be scan(s), also
    // when other scans and other command lines' codes run in between (shared counting state, reused buffers).
    const rng = new Rng(9090);
    const strings = ['', ' ', '\ud800', 'İ', 'K:\\X', 'Ab'.repeat(60_000), 'x'.repeat(100_000) + 'é', Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join('')];
    for (let k = 0; k < 10_000; k++) strings.push(gen(rng, 40));
    const wrong: string[] = [];
    for (let k = 0; k < strings.length; k++) {
      const s = strings[k];
      const other = strings[(k * 7919) % strings.length];
      const want = JSON.stringify(scan(s), (_key, x: unknown) => (typeof x === 'number' && Object.is(x, -0) ? '-0' : x));
      commandLineCodes(other);
      scan(other);
      const c = commandLineCodes(s);
      const got = JSON.stringify(c.scan, (_key, x: unknown) => (typeof x === 'number' && Object.is(x, -0) ? '-0' : x));
      const lowerOk = codesToString(c.lower, c.lowerLength) === s.toLowerCase();
      // ASCII lines are lowercased by the scan alone (no engine fallback): its codes are the lowercase.
      const out = new ScanState();
      const buf = new Uint16Array(s.length);
      scanInto(s, out, buf);
      const asciiOk = out.ascii === /^[\x00-\x7f]*$/.test(s) && (!out.ascii || codesToString(buf, s.length) === s.toLowerCase());
      if (got !== want || !lowerOk || !asciiOk || !Object.is(c.scan.entropy, entropy(s))) wrong.push(JSON.stringify(s.slice(0, 80)));
    }
    expect(wrong).toEqual([]);
    expect(commandLineCodes('Ab').scan.caseFlips).toBe(1);
  });
});
