// The command line as codes must say exactly what the string definitions say: its lowercase is
// toLowerCase, its normalisation is normalizeCommandLine (and the regex chain that one stands for),
// each in-place step is its string step, and the keyword and gate scans over codes answer as the
// scans over strings — on generated hostile strings (every piece the steps and gates look for, cut
// and glued at random, upper case, non-ASCII, lone surrogates, line breaks, giant lines) and on every
// command line of the real training files.

import { describe, expect, it } from 'vitest';
import { Rng } from '../classify/gbdt/prng.js';
import { HAS_SHARED_DATA } from '../../test/shared-data.js';
import { realLineDifferences } from './real-command-lines.test-util.js';
import { gatesOf } from './cmd-gates.js';
import {
  codesToString,
  commandLineCodes,
  dropUserNamesInPlace,
  normalizedText,
  replaceGuidsInPlace,
  replaceHexNumbersInPlace,
  replaceSystemDirsInPlace,
} from './cmdline-codes.js';
import { KEYWORD_GROUPS, keywordMaskOf, keywordMaskOfCodes } from './parity-keywords.js';
import { dropUserNames, normalizeCommandLine, replaceGuids, replaceHexNumbers, replaceSystemDirs } from './parity-normalize.js';

const PIECES = [
  'users\\', 'Users\\', 'USERS', 'user', '\\', '\\\\', '\\\\\\', '/', '//', 'windows', 'Windows\\', 'WINDOWS/', 'windows\\\\', 'win^dows\\', 'system32',
  'SysWOW64', 'system3', 'sys', 'x', 'X', '0x', '0X', '0', '00', '0x1f', 'DEADBEEF', 'deadbeef', 'cafe', '-', '--', '1234', '12345', '9', 'abcdef', 'F',
  'g', ' ', '\t', '"', '""', '^', '^^', '\\^\\', '"\\', 'é', 'É', '\ud800', '\udc00', '😀', '\n', '\r', '\u2028', '\u00a0', 'process_id', 'hex', 'num',
  'ü', 'İ', 'K', 'Å', 'ß', '0000-1111-2222-3333-4444', 'ABCD-1234-abcd-ef01-', '{6F9619FF-8B86-D011-B42D-00C04FC964FF}', 'mimikatz', 'SEKURLSA',
  'net ', ' user', ' group', 'schtasks', '/create', 'reg add', 'HKLM', 'certutil', '-encode', 'iex(', 'invoke-', 'bypass', '-nop', '\\temp\\',
  '\\AppData\\', '.ps1', '.dll', 'lsass', 'comsvcs', 'curl', 'wget', 'iwr', 'irm',
];

function gen(rng: Rng, max: number): string {
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += rng.next() < 0.15 ? String.fromCharCode(rng.int(rng.next() < 0.9 ? 128 : 0x10000)) : PIECES[rng.int(PIECES.length)];
  return s;
}

function strings(seed: number, n: number, max: number, giant: boolean): string[] {
  const rng = new Rng(seed);
  const out = ['', '^', '"', '\\', 'users\\', 'users\\a', 'USERS\\\\a', 'windows\\system32', 'C:\\WINDOWS/SYSWOW64x', '0x', '0X0', '12345678', 'İstanbul', 'K:\\'];
  if (giant)
    out.push('0'.repeat(100_000) + 'X1', 'Users\\'.repeat(20_000), 'Windows/System32'.repeat(10_000), '1234567'.repeat(20_000), 'aB^"\\'.repeat(30_000), 'é'.repeat(70_000));
  for (let k = 0; k < n; k++) out.push(gen(rng, max));
  return out;
}

/** Where the codes of one command line differ from the string definitions ('' when they do not). */
function differences(raw: string): string {
  const lower = raw.toLowerCase();
  const norm = normalizeCommandLine(raw);
  const c = commandLineCodes(raw);
  const bad: string[] = [];
  if (codesToString(c.lower, c.lowerLength) !== lower) bad.push('lower');
  if (codesToString(c.norm, c.normLength) !== norm) bad.push('norm');
  if (c.carets !== lower.split('^').length - 1) bad.push('carets');
  if (c.gates !== gatesOf(lower)) bad.push('gates');
  if (keywordMaskOfCodes(c.norm, c.normLength) !== keywordMaskOf(norm)) bad.push('keywords');
  if (normalizedText(raw) !== norm) bad.push('text');
  return bad.length ? `${bad.join(',')}: ${JSON.stringify(raw.slice(0, 200))}` : '';
}

/** f on the codes of s, with stale codes after the end ("x", "\\", "-" and "0": what the steps look ahead for) that must never be read. */
function inPlace(f: (b: Uint16Array, n: number) => number, s: string, stale = 120): string {
  const room = new Uint16Array(s.length + 32).fill(stale);
  for (let i = 0; i < s.length; i++) room[i] = s.charCodeAt(i);
  return codesToString(room, f(room, s.length));
}

describe('command-line codes', () => {
  it('equal toLowerCase, normalizeCommandLine and the string scans on 20,000+ hostile strings', () => {
    expect(strings(21, 20_000, 40, true).map(differences).filter((d) => d)).toEqual([]);
  });

  it('normalise as the plain regex chain does', () => {
    const ref = (raw: string): string =>
      raw
        .toLowerCase()
        .replace(/\^/g, '')
        .replace(/"/g, '')
        .replace(/\\{2,}/g, '\\')
        .replace(/(users)\\([^\\]+)/g, '$1')
        .replace(/windows\\system32|windows\/system32|windows\\syswow64|windows\/syswow64/g, 'win_system_dir')
        .replace(/[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f-]{4,}/g, 'process_id')
        .replace(/0x[0-9a-f]+|[0-9a-f]{8}/g, 'hex')
        .replace(/[0-9]{5,}/g, 'num');
    const bad = strings(22, 20_000, 30, false).filter((s) => normalizedText(s) !== ref(s));
    expect(bad).toEqual([]);
  });

  it('each in-place step is its string step (and reads nothing past the end)', () => {
    const tails = ['0', '0x', '0x1', 'users\\', 'users\\a', 'windows\\', 'windows/system3', 'abcd-abcd-abcd-', 'abcd-abcd-abcd-ab', 'abcd-abcd-abcd-abcd'];
    const bad: string[] = [];
    for (const s of [...strings(23, 20_000, 30, false), ...tails, ...tails.map((t) => `q ${t}`)]) {
      const l = s.toLowerCase();
      const stale = s.length % 2 ? 92 : 120;
      if (inPlace(dropUserNamesInPlace, l, stale) !== dropUserNames(l)) bad.push(`users: ${l}`);
      if (inPlace(replaceSystemDirsInPlace, l, stale) !== replaceSystemDirs(l)) bad.push(`dirs: ${l}`);
      if (inPlace(replaceGuidsInPlace, l, 45) !== replaceGuids(l)) bad.push(`guids: ${l}`);
      if (inPlace(replaceHexNumbersInPlace, l, stale === 92 ? 48 : 97) !== replaceHexNumbers(l)) bad.push(`hex: ${l}`);
    }
    expect(bad).toEqual([]);
  });

  it('keyword masks equal the groups as plain contains tests', () => {
    for (const s of strings(24, 5_000, 40, false)) {
      const norm = normalizeCommandLine(s);
      let want = 0;
      KEYWORD_GROUPS.forEach((g, i) => {
        if (g.test(norm)) want |= 1 << i;
      });
      const c = commandLineCodes(s);
      expect(keywordMaskOfCodes(c.norm, c.normLength)).toBe(want);
    }
  });

  it('asking again for the same or another command line gives its own codes', () => {
    const a = 'C:\\Users\\Bob\\x.exe 0xDEADBEEF';
    const b = 'cmd /c "WHOAMI"';
    expect(normalizedText(a)).toBe(normalizeCommandLine(a));
    expect(normalizedText(b)).toBe(normalizeCommandLine(b));
    expect(normalizedText(a)).toBe(normalizeCommandLine(a));
    expect(normalizedText(a)).toBe(normalizedText(`${a}`));
  });
});

describe.skipIf(!HAS_SHARED_DATA)('command-line codes on real events', () => {
  it('equal the string definitions for every command line of ../shared/data/train', () => {
    const { bad, lines } = realLineDifferences(differences);
    expect(bad).toEqual([]);
    expect(lines).toBeGreaterThan(8000);
  });
});
