// entropy() and the cold pass take each p · log2(p) term from a table kept per (length, count): the sums
// must be the plain definition's bit for bit (in double precision, before the row's float32 rounding
// hides a last-bit difference) — terms inside and outside the table (counts ≥ 64, lengths ≥ 1024),
// strings that fill the table in one order and read it in another, non-ASCII and lone surrogates.

import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA } from '../../test/shared-data.js';
import { Rng } from '../classify/gbdt/prng.js';
import { realCommandLines } from './real-command-lines.test-util.js';
import { scan } from './shape-scan.js';
import { entropy, entropyTerm } from './text.js';

/** Shannon entropy by its definition: code-unit counts in first-occurrence order (ASCII first, then the others), no table. */
function plainEntropy(s: string): number {
  if (s.length === 0) return 0;
  const ascii = new Map<number, number>();
  const other = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const m = c < 128 ? ascii : other;
    m.set(c, (m.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const k of [...ascii.values(), ...other.values()]) {
    const p = k / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const PIECES = ['a', 'b', 'Z', ' ', '0', '\\', '-', '"', 'é', '😀', '\ud800', '\udfff', 'İ', '\u00a0'];

function gen(rng: Rng, max: number): string {
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += rng.next() < 0.3 ? String.fromCharCode(rng.int(rng.next() < 0.9 ? 128 : 0x10000)) : PIECES[rng.int(PIECES.length)];
  return s;
}

describe('entropy terms', () => {
  it('each table term is the product computed in place, in and out of the table', () => {
    let differ = 0;
    for (const n of [1, 2, 3, 7, 63, 64, 65, 263, 1023, 1024, 1025, 5000])
      for (let k = 1; k <= n; k += k < 70 ? 1 : 97) {
        const p = k / n;
        const want = p * Math.log2(p);
        // the first read fills the table, the second reads it
        if (!Object.is(entropyTerm(k, n), want) || !Object.is(entropyTerm(k, n), want)) differ++;
      }
    expect(differ).toBe(0);
  });

  it('entropy() and the shape scan equal the plain definition on hostile and long strings', () => {
    const rng = new Rng(9090);
    const strings = ['a', ' ', '\ud800', 'ab', 'a'.repeat(64), 'a'.repeat(63) + 'b', 'x'.repeat(1023), 'x'.repeat(1024) + 'y', 'ab'.repeat(600), 'é'.repeat(70) + 'a'];
    strings.push(Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join('').repeat(9));
    for (let k = 0; k < 8_000; k++) strings.push(gen(rng, rng.next() < 0.05 ? 1500 : 200));
    let differ = 0;
    // twice: the first round fills the table, the second reads what other strings left there
    for (let round = 0; round < 2; round++)
      for (const s of round ? [...strings].reverse() : strings) {
        const want = plainEntropy(s);
        if (!Object.is(entropy(s), want) || !Object.is(scan(s).entropy, want)) differ++;
      }
    expect(differ).toBe(0);
    expect(entropy('')).toBe(0);
  });

  it.skipIf(!HAS_SHARED_DATA)('equals the plain definition on every real command line', () => {
    const lines = realCommandLines();
    expect(lines.length).toBeGreaterThan(1000);
    let differ = 0;
    for (const s of lines) if (!Object.is(scan(s).entropy, plainEntropy(s)) || !Object.is(entropy(s), plainEntropy(s))) differ++;
    expect(differ).toBe(0);
  });
});
