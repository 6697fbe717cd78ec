// The loops a new command line goes through, checked against plain definitions on hostile strings:
// the shape scan's short path for letters and digits (its neighbour tests run at the dash, dot or
// backslash), the token steps of the normalisation gated by what the first pass saw even after the
// path steps edited the text, and the one pass that hashes tokens and trigrams together (and the
// two-pass version kept for bucket counts that are not powers of two), which also scans the codes for
// the parity keyword groups.

import { describe, expect, it } from 'vitest';
import { Rng } from '../classify/gbdt/prng.js';
import { normalizedText } from './cmdline-codes.js';
import { cmdTokens, DEFAULT_HASHED, hashedFamily, type HashedConfig } from './hashed-ngrams.js';
import { KEYWORD_GROUPS, keywordScanner } from './parity-keywords.js';
import { normalizeCommandLine } from './parity-normalize.js';
import { scan } from './shape-scan.js';
import { fnv1a } from './text.js';
import { eventView } from './view.js';

function gen(rng: Rng, pieces: readonly string[], max: number): string {
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += rng.next() < 0.1 ? String.fromCharCode(rng.int(rng.next() < 0.8 ? 128 : 0x10000)) : pieces[rng.int(pieces.length)];
  return s;
}

/** The shape scan's counts as plain definitions (one regex or loop per value). */
function plainScan(s: string): Record<string, number | boolean> {
  let args = 0;
  let inQuote = false;
  let inToken = false;
  for (const ch of s.split('')) {
    if (ch === '"') inQuote = !inQuote;
    if ((ch === ' ' || ch === '\t') && !inQuote) inToken = false;
    else if (!inToken) {
      inToken = true;
      args++;
    }
  }
  const letters = s.replace(/[^A-Za-z]/g, '');
  let caseFlips = 0;
  for (let i = 1; i < letters.length; i++) if (/[A-Z]/.test(letters[i]) !== /[A-Z]/.test(letters[i - 1])) caseFlips++;
  const longest = (re: RegExp): number => Math.max(0, ...(s.match(re) ?? []).map((m) => m.length));
  return {
    args,
    caseFlips,
    longestToken: longest(/[^ \t"']+/g),
    base64Run: longest(/[A-Za-z0-9+/]+/g),
    digitDots: (s.match(/(?<=\d)\.(?=\d)/g) ?? []).length,
    dots: s.split('.').length - 1,
    doubleBackslash: s.includes('\\\\'),
    backslash: s.includes('\\'),
    dashE: /\s[-/][eE]/.test(s),
    dashWN: /\s[-/][wW]|\s-[nN]/.test(s),
    ascii: /^[\x00-\x7f]*$/.test(s),
  };
}

describe('cold command-line loops', () => {
  it('the shape scan counts what the plain definitions count, at the ends of the text too', () => {
    const pieces = ['a', 'Z', 'e', 'E', 'w', 'W', 'n', 'N', '0', '7', '+', '/', '-', '.', '\\', '\\\\', ' ', '\t', '\u00a0', '\u3000', '"', "'", '1.2', '.5', '5.', ' -e', ' /W', '\t-n', ' -', '😀', '\ud800', 'é'];
    const rng = new Rng(515);
    const strings = ['', '-', '.', '\\', ' -', ' -e', '-e', '1.', '.1', '1.1', 'a'.repeat(70_000) + '.1', ' /w'.repeat(1000), 'Ab'.repeat(40_000)];
    for (let k = 0; k < 20_000; k++) strings.push(gen(rng, pieces, 30));
    const wrong: string[] = [];
    for (const s of strings) {
      const k = scan(s);
      const want = plainScan(s);
      const got = Object.fromEntries(Object.keys(want).map((key) => [key, k[key as keyof typeof k]]));
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(JSON.stringify(s.slice(0, 60)));
    }
    expect(wrong).toEqual([]);
    expect(scan(' -e').dashE).toBe(true);
    expect(scan('x -').dashE).toBe(false);
    expect(scan('1.2.3.4').digitDots).toBe(3);
  });

  it('hex, number and GUID steps skipped on what the first pass saw equal normalizeCommandLine next to path edits', () => {
    // Path edits (user names dropped, system folders renamed) glued to hex runs, digit runs, "0x" and GUID chains.
    const pieces = ['users\\', 'Users\\bob', 'USERS\\', '\\', 'windows\\system32', 'Windows/SysWOW64', 'windows\\', 'system32', 'win_system_dir', '0x', '0', 'x', 'a', 'f', 'e', 'd', 's', 'r', '1', '9', '1234', '12345', 'deadbeef', '-', 'abcd-', '1234-5678-9abc-def0', '^', '"', ' ', '_'];
    const rng = new Rng(6161);
    const wrong: string[] = [];
    for (let k = 0; k < 60_000; k++) {
      const s = gen(rng, pieces, 14);
      if (normalizedText(s) !== normalizeCommandLine(s)) wrong.push(JSON.stringify(s));
    }
    expect(wrong).toEqual([]);
    expect(normalizedText('C:\\Users\\bob\\0xff 123456 deadbeef00')).toBe('c:\\users\\hex num hex00');
  });

  it('token and trigram slots in one pass equal the counts of cmdTokens and trigrams, for any bucket counts', () => {
    const pieces = ['a', 'Z', ' ', '\t', '"', "'", '=', ',', ';', '(', ')', '|', '&', '<', '>', '{', '}', '\\', '/', '://', ':', ':/', 'http://x/y', 'a\\b\\c', 'x/', 'é', '😀', '\ud800', '\u00a0', '\u2003', 'C:\\Users\\bob\\', '12345', 'deadbeef'];
    const configs: HashedConfig[] = [
      { cmdTokens: 256, cmdTrigrams: 128, name: 4, parentName: 4, dirTokens: 4 },
      { cmdTokens: 100, cmdTrigrams: 37, name: 4, parentName: 4, dirTokens: 4 },
      { cmdTokens: 64, cmdTrigrams: 0, name: 4, parentName: 4, dirTokens: 4 },
      { cmdTokens: 0, cmdTrigrams: 32, name: 4, parentName: 4, dirTokens: 4 },
    ];
    const seeds = [0x2545f491, 0x9e3779b9];
    const rng = new Rng(808);
    const lines = ['', ' ', 'a', 'ab', 'abc', 'x'.repeat(600), ('a\\b /c '.repeat(120) + 'd\\e').slice(0, 900), 'é'.repeat(513)];
    for (let k = 0; k < 4000; k++) lines.push(gen(rng, pieces, rng.next() < 0.1 ? 200 : 24));
    for (const cfg of configs) {
      const fam = hashedFamily(cfg);
      const row = new Float32Array(fam.names.length);
      let wrong = 0;
      for (const line of lines) {
        const v = eventView({ process: { name: 'x.exe', command_line: line } } as never);
        fam.extract(v, row, 0);
        const want = new Float32Array(cfg.cmdTokens + cfg.cmdTrigrams);
        if (cfg.cmdTokens) for (const t of cmdTokens(v.cmdNorm)) want[fnv1a(t, seeds[0]) % cfg.cmdTokens] += 1;
        const s = v.cmdNorm.slice(0, 512);
        if (cfg.cmdTrigrams) for (let i = 0; i + 3 <= s.length; i++) want[cfg.cmdTokens + (fnv1a(s.slice(i, i + 3), seeds[1]) % cfg.cmdTrigrams)] += 1;
        if (Array.from(row.subarray(0, want.length)).join() !== Array.from(want).join()) wrong++;
      }
      expect(wrong).toBe(0);
    }
  });

  it('the keyword groups scanned in the token and trigram loop equal plain contains tests on the normalised text', () => {
    const words = keywordScanner.words;
    const pieces = [...words, ...words.map((w) => w.toUpperCase()), ...words.map((w) => w.slice(1)), ...words.map((w) => w.slice(0, -1)), ' ', '\\', '\\\\', '^', '"', 'users\\x', 'deadbeef', '12345', 'é', '\ud800', '😀'];
    const rng = new Rng(2468);
    const lines = new Set(['', ' ', 'iex', 'iex ', 'net  user', 'x'.repeat(600) + 'mimikatz', 'é'.repeat(600) + ' whoami', 'sc \\\\host']);
    while (lines.size < 30_000) lines.add(gen(rng, pieces, rng.next() < 0.05 ? 120 : 12));
    const want = (line: string): number => {
      const norm = normalizeCommandLine(line);
      return KEYWORD_GROUPS.reduce((m, g, i) => (g.test(norm) ? m | (1 << i) : m), 0);
    };
    const wrong: string[] = [];
    // The shipped configuration scans in its loop; one with bucket counts not powers of two leaves the
    // keywords to the record's own scan; reading them before the hash family runs scans them there too.
    const fused = hashedFamily(DEFAULT_HASHED);
    const apart = hashedFamily({ ...DEFAULT_HASHED, cmdTokens: 100 });
    const row = new Float32Array(fused.names.length);
    let k = 0;
    for (const line of lines) {
      // A suffix per pass keeps each record new (the record memo would otherwise answer).
      for (const [fam, tag, first] of [[fused, ' ', false], [apart, '  ', false], [fused, '   ', true]] as const) {
        const cmd = line + tag.repeat(k % 3 === 0 ? 1 : 2);
        const v = eventView({ process: { name: 'x.exe', command_line: cmd } } as never);
        const early = first ? v.parity.keywords : -1;
        fam.extract(v, row, 0);
        if (fam === fused && !first && !v.parity.cmdParts.keywordsKnown) wrong.push(`not scanned: ${JSON.stringify(cmd)}`);
        if (v.parity.keywords !== want(cmd) || (first && early !== want(cmd))) wrong.push(JSON.stringify(cmd.slice(0, 80)));
      }
      k++;
    }
    expect(wrong).toEqual([]);
  });
});
