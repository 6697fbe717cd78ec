// The hand-written scanners that replace regex passes on the cold path must give the regexes'
// answers exactly: the GUID / hex / number replacements, the one-pass word scanner behind the keyword
// groups, and the regex gates (a closed gate must mean "the regex cannot match"). Strings are
// generated densely from the characters each one keys on.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../classify/gbdt/prng.js';
import { loadJsonl } from '../classify/data/labelled.js';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { Arena } from './arena.js';
import { GATE, gatesOf } from './cmd-gates.js';
import { KEYWORD_GROUPS, keywordMaskOf } from './parity-keywords.js';
import { normalizeCommandLine, replaceGuids, replaceHexNumbers } from './parity-normalize.js';
import { WordScanner } from './word-scan.js';

function gen(rng: Rng, parts: readonly string[], max: number): string {
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += parts[rng.int(parts.length)];
  return s;
}

const referenceMask = (cmd: string): number => KEYWORD_GROUPS.reduce((m, g, i) => (g.test(cmd) ? m | (1 << i) : m), 0);

describe('hand-written replacements equal the regexes', () => {
  const parts = ['0', '00', '7', '12345', 'a', 'f', 'e', 'g', 'x', '0x', '-', '--', ' ', 'abcd', 'dead', 'beef1234', '\\', 'z', '{', '}'];
  it('GUIDs, 0x/8-hex runs and long numbers on 30,000 dense strings', () => {
    const rng = new Rng(31337);
    const wrong: string[] = [];
    for (let k = 0; k < 30_000; k++) {
      const s = gen(rng, parts, 30);
      if (replaceGuids(s) !== s.replace(/[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f-]{4,}/g, 'process_id')) wrong.push(`guid ${s}`);
      if (replaceHexNumbers(s) !== s.replace(/0x[0-9a-f]+|[0-9a-f]{8}/g, 'hex').replace(/[0-9]{5,}/g, 'num')) wrong.push(`hex/num ${s}`);
    }
    expect(wrong).toEqual([]);
  });

  it('real shapes: GUIDs in braces, SIDs, pointers', () => {
    const s = 'rundll32 {3f2504e0-4f89-11d3-9a0c-0305e82c3301} s-1-5-21-3623811015-3361044348-30300820-1013 0x7ffe0000 deadbeefcafe';
    expect(replaceGuids(s)).toBe('rundll32 {process_id} s-1-5-21-process_id 0x7ffe0000 deadbeefcafe');
    expect(replaceHexNumbers(s)).toBe('rundll32 {hex-4f89-11d3-9a0c-hex3301} s-1-5-21-hex15-hex48-hex-1013 hex hexcafe');
    expect(replaceHexNumbers('a 12345 1234 123456x')).toBe('a num 1234 numx');
  });
});

describe('WordScanner', () => {
  it('answers s.includes(word) for every word', () => {
    const words = ['ab', 'abc', 'bca', 'aa', 'c a', '\\\\', 'net ', ' user', 'x.y'];
    const scanner = new WordScanner(words);
    const rng = new Rng(5);
    const wrong: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const s = gen(rng, ['a', 'b', 'c', ' ', '\\', 'net', 'user', 'x', '.', 'y', 'é', '😀'], 16);
      scanner.scan(s);
      words.forEach((w, i) => {
        if (scanner.has(i) !== s.includes(w)) wrong.push(`${JSON.stringify(s)} / ${w}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('scanCodes and a loop calling matchAt only where nextFits lets it answer s.includes(word) too', () => {
    // Pairs shared by words of two, three and more characters, words at the very end, non-ASCII third characters.
    const words = ['ab', 'abc', 'abd', 'ba', 'bac', 'c a', 'c b', '\\\\', '\\\\x', 'net ', 'ne', ' user', 'x.y', 'xyz'];
    const scanner = new WordScanner(words);
    const rng = new Rng(55);
    const wrong: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const s = gen(rng, ['a', 'b', 'c', 'd', ' ', '\\', 'ne', 'net', 'user', 'x', '.', 'y', 'z', 'é', '😀', '\ud800'], 16);
      const codes = Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
      const want = words.map((w) => s.includes(w));
      scanner.scanCodes(codes, s.length);
      const viaCodes = words.map((_, i) => scanner.has(i));
      scanner.begin();
      for (let i = 0; i + 1 < s.length; i++) {
        const c0 = codes[i];
        const c1 = codes[i + 1];
        if ((c0 | c1) >= 128) continue;
        const p = (c0 << 7) | c1;
        if (scanner.firstPair(p) && scanner.nextFits(p, i + 2 < s.length ? codes[i + 2] : 128)) scanner.matchAt(codes, s.length, i, p);
      }
      const viaLoop = words.map((_, i) => scanner.has(i));
      if (want.join() !== viaCodes.join() || want.join() !== viaLoop.join()) wrong.push(JSON.stringify(s));
    }
    expect(wrong).toEqual([]);
    // The filter does rule positions out: after "ab" anything fits (the word "ab"), after "c " only a or b, nothing at the end.
    const p = (a: string, b: string): number => (a.charCodeAt(0) << 7) | b.charCodeAt(0);
    expect(scanner.nextFits(p('a', 'b'), 'x'.charCodeAt(0))).toBe(true);
    expect(scanner.nextFits(p('c', ' '), 'x'.charCodeAt(0))).toBe(false);
    expect(scanner.nextFits(p('c', ' '), 'b'.charCodeAt(0))).toBe(true);
    expect(scanner.nextFits(p('c', ' '), 128)).toBe(false);
    expect(scanner.nextFits(p('c', ' '), 0xe9)).toBe(false);
    expect(scanner.nextFits(p('n', 'e'), 0xe9)).toBe(true);
    expect(scanner.nextFits(p('x', '.'), 'y'.charCodeAt(0))).toBe(true);
    expect(scanner.nextFits(p('x', '.'), 'z'.charCodeAt(0))).toBe(false);
  });

  it('refuses words it cannot index', () => {
    expect(() => new WordScanner(['a'])).toThrow();
    expect(() => new WordScanner(['éa'])).toThrow();
  });
});

describe('keyword groups in one scan', () => {
  const words = ['sekurlsa', 'certutil', '-encode', 'wmic', 'node', 'schtasks', '/s ', '/create', 'sc ', '\\\\', 'net ', ' user', ' group', ' localgroup', 'reg add', 'hklm', 'hkcu', 'iex(', 'iex ', '-enc ', 'whoami', 'runonce', 'psexec', 'x', ' ', 'nets', 'reg ad'];
  it('equal the groups as defined, on generated command lines', () => {
    const rng = new Rng(8);
    for (let k = 0; k < 20_000; k++) {
      const s = gen(rng, words, 8);
      expect(keywordMaskOf(s)).toBe(referenceMask(s));
    }
  });

  it.skipIf(!HAS_SHARED_DATA)('equal the groups as defined, on every normalised command line of ../shared/data/train', () => {
    const dir = sharedPath('train');
    let n = 0;
    let hits = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')))
      for (const ev of loadJsonl(join(dir, f)).all) {
        const c = ev.process?.command_line;
        if (typeof c !== 'string') continue;
        const norm = normalizeCommandLine(c);
        const m = keywordMaskOf(norm);
        expect(m).toBe(referenceMask(norm));
        n++;
        if (m) hits++;
      }
    expect(n).toBeGreaterThan(1000);
    expect(hits).toBeGreaterThan(10);
  });
});

describe('regex gates', () => {
  const GATED: Array<[number, RegExp]> = [
    [GATE.bypass, /bypass|-nop\b|-noprofile\b|unrestricted/i],
    [GATE.download, /downloadstring|downloadfile|downloaddata|invoke-webrequest|\biwr\b|invoke-restmethod|\birm\b|net\.webclient|start-bitstransfer|urlcache|wget\s|curl\s/i],
    [GATE.userWritable, /\\(?:temp|tmp)\\|\\appdata\\|\\users\\public\\|\\programdata\\|\\downloads\\|\\desktop\\|\\perflogs\\|\\recycle/i],
    [GATE.script, /\.(?:ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|sct|bat|cmd)\b/i],
    [GATE.dll, /\.(?:dll|ocx|cpl)\b/i],
    [GATE.lsass, /lsass|sekurlsa|minidump|comsvcs(?:\.dll)?,?\s*#?24/i],
  ];
  const parts = [
    'ByPass', '-NoP', '-noprofile', 'UNRESTRICTED', 'DownloadString', 'Invoke-WebRequest', 'IWR', 'irm', 'Net.WebClient', 'Start-BitsTransfer', 'UrlCache', 'wget', 'CURL',
    '\\Temp\\', '\\TMP\\', '\\AppData\\', '\\Users\\Public\\', '\\ProgramData\\', '\\Downloads\\', '\\Desktop\\', '\\PerfLogs\\', '\\Recycle', '.PS1', '.psm1', '.VBS', '.vbe',
    '.JS', '.jse', '.wsf', '.WSH', '.hta', '.SCT', '.bat', '.CMD', '.DLL', '.ocx', '.Cpl', 'LSASS', 'sekurlsa', 'MiniDump', 'comsvcs', ' ', '\t', 'x', '\\', '.', '-', 'ſ', 'K', 'İ',
  ];
  it('a closed gate means the regex cannot match (30,000 mixed-case strings)', () => {
    const rng = new Rng(12);
    let open = 0;
    for (let k = 0; k < 30_000; k++) {
      const s = gen(rng, parts, 6);
      const g = gatesOf(s.toLowerCase());
      for (const [bit, re] of GATED) {
        if (re.test(s)) expect(g & bit).toBe(bit);
        if (g & bit) open++;
      }
    }
    expect(open).toBeGreaterThan(1000);
  });
});

describe('Arena', () => {
  it('reports values as gone once the ring has wrapped over them, and never splits a record', () => {
    const a = new Arena(new Int32Array(10));
    const r1 = a.reserve(4);
    expect(a.index(r1)).toBe(0);
    const r2 = a.reserve(4);
    expect(a.index(r2)).toBe(4);
    // 2 left in this lap: the next record starts the next lap.
    const r3 = a.reserve(3);
    expect(a.index(r3)).toBe(0);
    expect(a.holds(r1)).toBe(false);
    expect(a.holds(r2)).toBe(true);
    expect(a.holds(r3)).toBe(true);
    a.reserve(4);
    expect(a.holds(r2)).toBe(false);
    expect(a.holds(-1)).toBe(false);
    expect(() => a.reserve(11)).toThrow();
  });
});
