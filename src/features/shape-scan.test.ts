// The shape scan counts the command line's characters for its entropy in the same pass, and hashes
// trigrams with a table for ASCII pairs; both must give exactly what the plain definitions give (in
// double precision, before the row's float32 rounding hides a last-bit difference), on hostile
// strings: non-ASCII, lone surrogates, every ASCII code, giant lines.

import { describe, expect, it } from 'vitest';
import { Rng } from '../classify/gbdt/prng.js';
import { scan } from './cmdline-shape.js';
import { entropy } from './text.js';

const PIECES = ['a', 'Z', ' ', '\t', '"', "'", '^', '`', '%', '&', ';', '|', '>', '<', '$', '.', '\\', '/', '+', '-e', '/w', '-n', '=', '0', '9', 'é', 'ščř', '😀', '\ud800', '\udfff', 'İ', 'K', '\u00a0', '\u0000', '\u007f', '\u0080'];

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
      const flags = [/[|<>]/.test(s), s.includes('$'), s.includes('\\\\'), s.includes('\\'), /[-/][eE]/.test(s), /[-/][wW]|-[nN]/.test(s)];
      const gotFlags = [k.pipeRedirect, k.dollar, k.doubleBackslash, k.backslash, k.dashE, k.dashWN];
      if (want.join() !== got.join() || flags.join() !== gotFlags.join()) wrong.push(JSON.stringify(s));
    }
    expect(wrong).toEqual([]);
  });
});
