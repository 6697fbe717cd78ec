// The families' fast extractors (one scan, regexes behind necessary-condition gates, values kept on
// memoised records) must equal their per-feature definitions bit for bit. The identity test pins
// real events; this one throws generated strings built from the characters the gates key on
// (slashes, percent signs, dots, dashes before e/w/n, "://", Unicode spaces, quotes, carets) at both.

import { describe, expect, it } from 'vitest';
import type { ProcessEvent } from '../normalize/process-event.js';
import { Rng } from '../classify/gbdt/prng.js';
import { cmdlineShapeFamily, cmdlineShapeReference } from './cmdline-shape.js';
import type { FeatureFamily } from './family.js';
import { hashedFamily, cmdTokens, DEFAULT_HASHED } from './hashed-ngrams.js';
import { lineageFamily, lineageReference } from './lineage.js';
import { lolbinFamily, lolbinReference } from './lolbin-family.js';
import { masqueradeFamily, masqueradeReference } from './masquerade.js';
import { parityCoreFamily, parityCoreReference } from './parity.js';
import { normalizeCommandLineTokens } from './parity-normalize.js';
import { fnv1a } from './text.js';
import { userContextFamily, userContextReference } from './user-context.js';
import { eventView } from './view.js';

const PIECES = [
  'a', 'Z', 'e', 'E', 'w', 'W', 'n', 'N', '0', '7', '1.2.3.4', '256.1.1.1', '.', '-', '/', '\\', '\\\\', ' ', '\t', '\u00a0', '\u2003', '\ufeff',
  '"', "'", '=', ',', ';', '(', ')', '|', '&', '<', '>', '{', '}', '^', '`', '%', '%APPDATA%', '$env:temp', '$', '://', 'http://x.y/z', 'file://a',
  '-enc ', '/e ', '-EncodedCommand ', 'QUJDRA=='.repeat(3), 'A'.repeat(39), 'B'.repeat(40), '-w hidden', '/W 1', '-noni', '-NonInteractive', '-nop',
  'bypass', 'Unrestricted', 'DownloadString', 'iwr ', 'curl ', 'urlcache', '\\temp\\', '\\AppData\\', '\\users\\public\\', '\\recycle',
  '.ps1', '.vbs', '.dll', '.cpl', '.hta', 'x.exe', 'certutil', '-decode', 'rundll32', 'javascript:', '#24', 'comsvcs', 'lsass', 'regsvr32',
  'scrobj', '/i:', 'process call create', 'schtasks /create', 'reg add hklm', 'net user /add', 'mimikatz', 'sc ', 'wmic /node:', 'ščř', '😀', 'İ', 'K',
];
const NAMES = ['cmd.exe', 'powershell.exe', 'certutil.exe', 'rundll32.exe', 'regsvr32.exe', 'wmic.exe', 'net.exe', 'svchost.exe', 'svch0st.exe', 'x.pdf.exe', 'a\\b.exe', 'mshta.exe', 'reg.exe', 'sc.exe', 'winword.exe', 'outlook.exe', 'notepad.exe', '?', ''];
const DIRS = ['C:\\Windows\\System32', 'C:\\Users\\bob\\AppData\\Local\\Temp', 'C:\\Users\\bob\\AppData\\Local\\Programs\\x', 'D:\\tools', '\\Windows\\SysWOW64', 'C:\\ProgramData', ''];

function str(rng: Rng, max: number): string {
  let s = '';
  const n = rng.int(max);
  for (let i = 0; i < n; i++) s += PIECES[rng.int(PIECES.length)];
  return s;
}
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

function event(rng: Rng): ProcessEvent {
  const name = pick(rng, NAMES);
  const dir = pick(rng, DIRS);
  const parent = pick(rng, NAMES);
  return {
    process: {
      name: rng.next() < 0.8 ? name : undefined,
      executable: dir && name ? `${dir}\\${rng.next() < 0.8 ? name : pick(rng, NAMES)}` : rng.next() < 0.5 ? '-' : undefined,
      command_line: rng.next() < 0.9 ? `${name} ${str(rng, 14)}` : rng.next() < 0.5 ? '' : undefined,
      args: rng.next() < 0.2 ? [name, str(rng, 3), 7] : undefined,
      pe: rng.next() < 0.4 ? { original_file_name: pick(rng, NAMES) } : undefined,
      integrity_level: rng.next() < 0.5 ? pick(rng, ['High', 'Medium', 'System', 'Low', 'weird']) : undefined,
      Ext: rng.next() < 0.3 ? { token: { elevation_type: pick(rng, ['full', 'limited', 'default', '%%1936', 'x']), integrity_level_name: 'high' } } : undefined,
      parent: { name: rng.next() < 0.8 ? parent : undefined, executable: rng.next() < 0.7 ? `${pick(rng, DIRS)}\\${parent}` : undefined },
    },
    user: { id: rng.next() < 0.3 ? pick(rng, ['S-1-5-18', 'S-1-5-21-1', '']) : undefined, name: pick(rng, ['SYSTEM', 'bob', 'svc$', '']), domain: pick(rng, ['NT AUTHORITY', 'CORP', '']) },
  } as unknown as ProcessEvent;
}

const PAIRS: Array<[string, FeatureFamily, FeatureFamily]> = [
  ['cmd', cmdlineShapeFamily, cmdlineShapeReference],
  ['lolbin', lolbinFamily, lolbinReference],
  ['lineage', lineageFamily, lineageReference],
  ['masq', masqueradeFamily, masqueradeReference],
  ['user', userContextFamily, userContextReference],
  ['parity_core', parityCoreFamily, parityCoreReference],
];

describe('fast family extractors equal their per-feature definitions', () => {
  for (const [id, fast, ref] of PAIRS)
    it(`${id}: 3,000 generated events, cold and warm`, () => {
      expect(fast.names).toEqual(ref.names);
      const rng = new Rng(id.length * 7919);
      const events = Array.from({ length: 3000 }, () => event(rng));
      const a = new Float32Array(fast.names.length);
      const b = new Float32Array(fast.names.length);
      for (let pass = 0; pass < 2; pass++)
        for (const ev of events) {
          a.fill(-7);
          b.fill(-7);
          fast.extract(eventView(ev), a, 0);
          ref.extract(eventView(ev), b, 0);
          expect(Array.from(a)).toEqual(Array.from(b));
        }
    });

  it('hash: the command-line slots are the bucket counts of cmdTokens and the trigrams', () => {
    const fam = hashedFamily(DEFAULT_HASHED);
    const rng = new Rng(99);
    const row = new Float32Array(fam.names.length);
    const seeds = [0x2545f491, 0x9e3779b9];
    for (let k = 0; k < 2000; k++) {
      const ev = event(rng);
      const v = eventView(ev);
      fam.extract(v, row, 0);
      const want = new Float32Array(DEFAULT_HASHED.cmdTokens + DEFAULT_HASHED.cmdTrigrams);
      for (const t of cmdTokens(v.cmdNorm)) want[fnv1a(t, seeds[0]) % DEFAULT_HASHED.cmdTokens] += 1;
      const s = v.cmdNorm.slice(0, 512);
      for (let i = 0; i + 3 <= s.length; i++) want[DEFAULT_HASHED.cmdTokens + (fnv1a(s.slice(i, i + 3), seeds[1]) % DEFAULT_HASHED.cmdTrigrams)] += 1;
      expect(Array.from(row.subarray(0, want.length))).toEqual(Array.from(want));
    }
  });

  it('gated token normalisation equals the three plain replacements', () => {
    const plain = (x: string): string =>
      x
        .replace(/[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f]{4,}-[0-9a-f-]{4,}/g, 'process_id')
        .replace(/0x[0-9a-f]+|[0-9a-f]{8}/g, 'hex')
        .replace(/[0-9]{5,}/g, 'num');
    const parts = ['0', '1', '9', 'a', 'f', 'e', 'd', 'g', 'x', '0x', '-', ' ', '1234', 'abcd', 'deadbeef', '12345', 'process_id', 'hex', '\\', 'z'];
    const rng = new Rng(2024);
    for (let k = 0; k < 20_000; k++) {
      let x = '';
      const n = rng.int(24);
      for (let i = 0; i < n; i++) x += parts[rng.int(parts.length)];
      expect(normalizeCommandLineTokens(x)).toBe(plain(x));
    }
  });
});
