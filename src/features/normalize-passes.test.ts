// The hand-written normalisation passes must equal the regex replacements they stand for (and the
// fused hex+number pass the two passes in sequence) on hostile strings: every piece the patterns look
// for, cut and glued at random, with non-ASCII, lone surrogates, line breaks and giant lines.

import { describe, expect, it } from 'vitest';
import { Rng } from '../classify/gbdt/prng.js';
import { dropUserNames, normalizeCommandLineTokens, replaceHexNumbers, replaceSystemDirs } from './parity-normalize.js';

const PIECES = [
  'users\\', 'users', 'user', '\\', '\\\\', '/', 'windows', 'windows\\', 'windows/', 'system32', 'syswow64', 'system3', 'sys',
  'win', 'x', '0x', '0', '00', '0x1f', 'deadbeef', 'cafe', '-', '--', '1234', '12345', '9', 'abcdef', 'f', 'g', ' ', '"', 'é', '\ud800',
  '😀', '\n', '\u2028', 'process_id', 'hex', 'num', 'ü', 'İ', '0000-1111-2222-3333-4444',
];

function gen(rng: Rng, max: number): string {
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += rng.next() < 0.15 ? String.fromCharCode(rng.int(128)) : PIECES[rng.int(PIECES.length)];
  return s;
}

/** Generated strings after fixed ones (giant lines too, unless `giant` is false: the GUID regex backtracks quadratically on them). */
function strings(seed: number, n: number, max: number, giant = true): string[] {
  const rng = new Rng(seed);
  const out = ['', 'users\\', 'users\\a', 'users\\\\a', 'windows\\system32', 'windows/syswow64x', 'windowswindows\\system32', '0x', '0x0', '12345678', '123456789'];
  if (giant) out.push('0'.repeat(100_000) + 'x1', 'users\\'.repeat(20_000), 'windows/system32'.repeat(10_000), '1234567'.repeat(20_000));
  for (let k = 0; k < n; k++) out.push(gen(rng, max));
  return out;
}

describe('hand-written normalisation passes', () => {
  it('dropUserNames is the (users)\\\\([^\\\\]+) replacement', () => {
    const bad = strings(11, 20_000, 30).filter((s) => dropUserNames(s) !== s.replace(/(users)\\([^\\]+)/g, '$1'));
    expect(bad).toEqual([]);
  });

  it('replaceSystemDirs is the system32/syswow64 replacement', () => {
    const re = /windows\\system32|windows\/system32|windows\\syswow64|windows\/syswow64/g;
    const bad = strings(12, 20_000, 30).filter((s) => replaceSystemDirs(s) !== s.replace(re, 'win_system_dir'));
    expect(bad).toEqual([]);
  });

  it('replaceHexNumbers is the hex and number regexes in sequence', () => {
    const bad = strings(13, 20_000, 30).filter((s) => replaceHexNumbers(s) !== s.replace(/0x[0-9a-f]+|[0-9a-f]{8}/g, 'hex').replace(/[0-9]{5,}/g, 'num'));
    expect(bad).toEqual([]);
  });

  it('the token steps equal the reference regex chain', () => {
    const ref = (s: string): string =>
      s
        .replace(/[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f-]{4,}/g, 'process_id')
        .replace(/0x[0-9a-f]+|[0-9a-f]{8}/g, 'hex')
        .replace(/[0-9a-f]{128}|[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32}/g, 'hex')
        .replace(/[0-9]{5,}/g, 'num');
    const bad = strings(14, 20_000, 30, false).filter((s) => normalizeCommandLineTokens(s) !== ref(s));
    expect(bad).toEqual([]);
  });
});
