// Session 7's fast paths of the normalizer, each against a reference written here (or the generic path) on hostile
// values: the converters compiled rule code inlines (rule-code.ts FAST), the remembered lowercase of the detection's
// `in` test, the unrolled hash-object reader, the group rules' child copy, the compiled match's unchecked first
// stores, and normalizeKeepingRaw() against normalize() + `event.raw = raw`.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import type { RawRecord } from '../read/types.js';
import { compileAll } from './compile.js';
import { CONVERTERS, INVALID } from './converters.js';
import { DETECT_RULES, SHAPE_MAPPINGS } from './detect-table.js';
import { applyRules, beginRecord, takeWarnings } from './mapper.js';
import { compileMatchesAfter, normalize, normalizeKeepingRaw, normalizeReference } from './normalize.js';
import { rulesCode } from './rule-code.js';
import { TARGETS } from './targets.js';
import { mulberry32 } from '../common/seeded-rng.js';

// Plans compile their match after a million hits in the product; here after 16, so these records reach the compiled match.
compileMatchesAfter(16);

const C = compileAll(DETECT_RULES, SHAPE_MAPPINGS);
type Obj = Record<string, unknown>;

const rng = mulberry32;

const GIANT = 'x'.repeat(200_000);
const HOSTILE: unknown[] = [
  '',
  '-',
  '--',
  ' - ',
  ' ',
  'x',
  'cmd.exe',
  'Zürich\\Jürgen',
  '日本語.exe',
  '\ud800',
  'lone\udc00',
  '\ud83d\ude00',
  GIANT,
  '4688',
  'S-1-0-0',
  'S-1-16-12288',
  'true',
  'false',
  '0x1F',
  0,
  -0,
  1,
  -1,
  1.5,
  4688,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  2 ** 53 - 1,
  true,
  false,
  null,
  [],
  [''],
  ['-'],
  ['a'],
  ['a', 'b'],
  [1],
  [true],
  [null],
  {},
  { md5: 'a'.repeat(32) },
  Object('boxed'),
  Object(7),
];

/** Object.is per slot: toEqual alone would let 0 stand for -0. */
function sameSlots(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], b[i])) continue;
    if (typeof a[i] !== 'object' || a[i] === null) return false;
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  }
  return true;
}

describe('compiled rules: the inlined converters', () => {
  const FAST_NAMES = new Set(['string', 'code', 'winString', 'bool', 'pid']);

  it('give every converter the value, absence and warnings the generic path gives, for every hostile value in every source', () => {
    let compared = 0;
    let inlined = 0;
    let warned = 0;
    const r = rng(7);
    for (const [shape, prog] of C.mappings) {
      const code = rulesCode(prog, prog.rules);
      for (const r0 of prog.rules) if (!r0.choice && FAST_NAMES.has(r0.convName)) inlined++;
      // Each hostile value in every source at once, then mixes where some sources are absent (the next source of a
      // rule is tried only when the first gave nothing).
      const fills: Array<(i: number) => unknown> = HOSTILE.map((v) => () => v);
      for (let m = 0; m < 60; m++) fills.push(() => (r() < 0.4 ? undefined : HOSTILE[Math.floor(r() * HOSTILE.length)]));
      for (const fill of fills) {
        const src = Array.from({ length: C.sourceCount }, (_, i) => fill(i));
        const generic = new Array<unknown>(TARGETS.length).fill(undefined);
        beginRecord({ file: shape, line: 1 });
        applyRules(prog.rules, src, generic);
        const gw = takeWarnings();
        const compiled = new Array<unknown>(TARGETS.length).fill(undefined);
        beginRecord({ file: shape, line: 1 });
        code(src, compiled);
        const cw = takeWarnings();
        expect(sameSlots(compiled, generic)).toBe(true);
        expect(cw).toEqual(gw);
        warned += gw?.length ?? 0;
        compared++;
      }
    }
    expect(inlined).toBeGreaterThan(30);
    expect(compared).toBeGreaterThan(300);
    expect(warned).toBeGreaterThan(100);
  });

  it('take the inline branch only where the converter returns the value itself (or nothing) and notes nothing', () => {
    // The inline tests of rule-code.ts restated: for each, the converter's own answer on the values they accept.
    const accepts: Record<string, (v: unknown) => boolean> = {
      string: (v) => typeof v === 'string',
      code: (v) => typeof v === 'string',
      winString: (v) => typeof v === 'string',
      bool: (v) => typeof v === 'boolean',
      pid: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
    };
    const inline: Record<string, (v: never) => unknown> = {
      string: (v: string) => (v.length !== 0 ? v : undefined),
      code: (v: string) => (v.length !== 0 ? v : undefined),
      winString: (v: string) => (v.length > 1 || (v.length === 1 && v.charCodeAt(0) !== 45) ? v : undefined),
      bool: (v: boolean) => v,
      pid: (v: number) => v,
    };
    let checked = 0;
    for (const name of Object.keys(accepts) as Array<keyof typeof CONVERTERS>) {
      for (const v of HOSTILE) {
        if (!accepts[name](v)) continue;
        const got = CONVERTERS[name](v);
        expect(got).not.toBe(INVALID);
        expect(Object.is(got, inline[name](v as never))).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });
});

describe('detection: the remembered lowercase', () => {
  const NOT_WINDOWS = ['linux', 'macos', 'darwin', 'unix', 'ios', 'android', 'freebsd'];
  const OS = ['windows', 'Windows', 'WINDOWS', 'linux', 'Linux', 'LINUX', 'android', 'Android', 'ANDROİD', 'İOS', 'ios', 'IOS', 'Ios', 'freebsd', 'FreeBSD', 'frEEbsd', 'darwin', 'Darwin', 'macos', 'MacOS', 'unix', 'UNIX', 'andro\ud800', '\ud800ndroid'];

  it('skips exactly the records whose OS lowercases to a non-Windows name, whatever came before', () => {
    const r = rng(11);
    let skipped = 0;
    let kept = 0;
    for (let i = 0; i < 3000; i++) {
      // Runs of one value and alternations, so the remembered value is both hit and replaced.
      const type = OS[r() < 0.5 ? i % OS.length : Math.floor(r() * OS.length)];
      const platform = r() < 0.7 ? type : OS[Math.floor(r() * OS.length)];
      const value = {
        '@timestamp': '2026-11-01T00:00:00.000Z',
        event: { category: ['process'], type: ['start'] },
        host: { os: { type, platform } },
        process: { name: 'cmd.exe' },
      };
      const res = normalize({ value, origin: { file: 'os', line: i + 1 }, format: 'ndjson' });
      const expectSkip = NOT_WINDOWS.includes(type.toLowerCase()) || NOT_WINDOWS.includes(platform.toLowerCase());
      if (expectSkip) {
        expect(res).toEqual({ kind: 'skip', reason: 'not-windows' });
        skipped++;
      } else {
        expect(res.kind).toBe('event');
        kept++;
      }
    }
    expect(skipped).toBeGreaterThan(500);
    expect(kept).toBeGreaterThan(500);
  });
});

describe('hash objects and the group rules', () => {
  /** The reader before session 7: a loop over the four names. */
  function hashesReference(o: Obj): Obj | undefined {
    let out: Obj | undefined;
    for (const k of ['md5', 'sha1', 'sha256', 'imphash']) {
      const x = o[k];
      if (typeof x === 'string' && x !== '') (out ??= {})[k] = x;
    }
    return out;
  }

  it('reads a hash object as the loop did: same members, same order, same reads in the same order', () => {
    const r = rng(3);
    const values: unknown[] = ['', 'a'.repeat(32), 'b'.repeat(40), 'Zürich', '\ud800', GIANT, 5, null, true, ['x'], { y: 1 }];
    for (let i = 0; i < 2000; i++) {
      const o: Obj = {};
      // Members in random order, some missing, plus junk members.
      const names = ['imphash', 'md5', 'sha256', 'junk', 'sha1', 'MD5'].sort(() => r() - 0.5);
      for (const n of names) if (r() < 0.7) o[n] = values[Math.floor(r() * values.length)];
      const got = CONVERTERS.hashes(o);
      const want = hashesReference(o);
      expect(got).toStrictEqual(want);
      if (got !== undefined) expect(Object.keys(got as Obj)).toEqual(Object.keys(want as Obj));
    }
    const reads: string[] = [];
    const spy = new Proxy({}, { get: (_t, k) => (reads.push(String(k)), 'a'.repeat(32)) });
    expect(CONVERTERS.hashes(spy)).toStrictEqual({ md5: 'a'.repeat(32), sha1: 'a'.repeat(32), sha256: 'a'.repeat(32), imphash: 'a'.repeat(32) });
    expect(reads).toEqual(['md5', 'sha1', 'sha256', 'imphash']);
  });

  it('spread hash and signature objects into the event as the converter returned them, without overwriting', () => {
    const r = rng(5);
    // Strings and nulls only in the hash object, so the per-member rules (which also read it, and turn numbers into
    // strings) agree with the group's copy and the expected hash can be stated from the members alone.
    const hashVals: unknown[] = ['', 'a'.repeat(32), 'SHA1=' + 'A'.repeat(40) + ',MD5=' + 'B'.repeat(32), 'Zürich', null];
    const sigVals: unknown[] = [true, false, 'true', '', 'Microsoft', 3, null];
    for (let i = 0; i < 1500; i++) {
      const hash: Obj = {};
      for (const n of ['md5', 'sha1', 'sha256', 'imphash']) if (r() < 0.6) hash[n] = hashVals[Math.floor(r() * hashVals.length)];
      const sig: Obj = {};
      for (const n of ['exists', 'trusted', 'subject_name', 'status']) if (r() < 0.6) sig[n] = sigVals[Math.floor(r() * sigVals.length)];
      // Sometimes a flat spelling of one member too, first in walk order (so it is that source's value): the group
      // rule runs first in the table and wins with a usable md5; the member's own rule fills md5 only when it did not.
      const proc: Obj = r() < 0.3 ? { 'hash.md5': 'c'.repeat(32) } : {};
      Object.assign(proc, { name: 'a.exe', hash, code_signature: sig });
      const value = { '@timestamp': '2026-11-01T00:00:00.000Z', event: { category: ['process'], type: ['start'] }, process: proc };
      const raw: RawRecord = { value, origin: { file: 'g', line: i + 1 }, format: 'ndjson' };
      // Twice through normalize (plans and compiled code get hot), once through the generic walk.
      const a = normalize(raw);
      const b = normalize(raw);
      const ref = normalizeReference(raw);
      expect(a).toStrictEqual(ref);
      expect(b).toStrictEqual(ref);
      if (ref.kind === 'event') {
        const h = ref.event.event.process.hash;
        const want = hashesReference(hash);
        const flat = proc['hash.md5'] as string | undefined;
        const expected = flat !== undefined ? { md5: flat, ...(want ?? {}) } : want;
        if (expected === undefined) expect(h).toBeUndefined();
        else expect({ ...h }).toEqual(expected);
      }
    }
  });
});

describe('compiled match: unchecked first stores', () => {
  it('keeps the first of two spellings of one path in walk order, plan hot or not', () => {
    const orders: Array<(name1: string, name2: string) => Obj> = [
      (a, b) => ({ 'process.name': a, process: { name: b } }),
      (a, b) => ({ process: { name: a }, 'process.name': b }),
      (a, b) => ({ process: { name: a, 'pe.original_file_name': 'x.exe' }, 'process.name': b }),
    ];
    for (const make of orders) {
      for (let i = 0; i < 60; i++) {
        const value = {
          '@timestamp': '2026-11-01T00:00:00.000Z',
          event: { category: ['process'], type: ['start'] },
          ...make(`first${i}.exe`, `second${i}.exe`),
        };
        const raw: RawRecord = { value, origin: { file: 'o', line: i + 1 }, format: 'ndjson' };
        const got = normalize(raw);
        expect(got).toStrictEqual(normalizeReference(raw));
        expect(got.kind === 'event' && got.event.event.process.name).toBe(`first${i}.exe`);
      }
    }
  });
});

describe('normalizeKeepingRaw', () => {
  function fixtures(): Obj[] {
    const dir = new URL('../../test/fixtures/shapes/', import.meta.url);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Obj);
  }

  function check(raw: RawRecord): string {
    const want = normalize(raw);
    if (want.kind === 'event') want.event.raw = raw;
    const got = normalizeKeepingRaw(raw);
    expect(got).toStrictEqual(want);
    if (got.kind === 'event' && want.kind === 'event') {
      expect(Object.keys(got.event)).toEqual(Object.keys(want.event));
      expect(got.event.raw).toBe(raw);
      expect(JSON.stringify(got.event.event)).toBe(JSON.stringify(want.event.event));
    }
    return got.kind;
  }

  it('is normalize() with `raw` set afterwards: same keys in the same order, same values, same results otherwise', () => {
    const kinds = new Set<string>();
    const docs: unknown[] = [...fixtures(), null, 5, 'text', [], {}, { '@timestamp': 'x', process: { name: 'a' } }];
    for (const base of fixtures()) {
      for (const v of HOSTILE) docs.push({ ...base, '@timestamp': v }, { ...base, process: v });
    }
    docs.forEach((value, i) => {
      // Each twice: the second meets a hot plan.
      for (let k = 0; k < 2; k++) kinds.add(check({ value, origin: { file: 'k', line: i + 1 }, format: 'ndjson', text: 'x' }));
    });
    expect([...kinds].sort()).toEqual(['event', 'issue']);
  });

  it.skipIf(!HAS_SHARED_DATA)('is normalize() with `raw` set afterwards on every record of ../shared/data/train', () => {
    const dir = sharedPath('train');
    let events = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
      const lines = readFileSync(`${dir}/${f}`, 'utf8').split('\n');
      lines.forEach((text, i) => {
        if (text.trim() === '') return;
        if (check({ value: JSON.parse(text) as unknown, origin: { file: f, line: i + 1 }, format: 'ndjson', text }) === 'event') events++;
      });
    }
    expect(events).toBeGreaterThan(8000);
  });
});
