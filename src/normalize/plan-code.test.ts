// The compiled plan match (plan-code.ts) against the interpreted one (record-plan.ts matchNode), and normalize()'s
// plan paths (compiled match, per-plan slot clearing) against normalizeReference(), the generic walk: on generated
// documents, hostile values and layouts, and every record of ../shared/data/train.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import type { RawRecord } from '../read/types.js';
import { compileAll } from './compile.js';
import { DETECT_RULES, SHAPE_MAPPINGS } from './detect-table.js';
import { compileMatchesAfter, normalize, normalizeReference } from './normalize.js';
import { buildPlan, compileMatch, matchPlan } from './record-plan.js';
import { PENDING } from './source-trie.js';
import { mulberry32 } from '../common/seeded-rng.js';

// Plans compile their match after a million hits in the product; here after 16, so these records reach the compiled match.
compileMatchesAfter(16);

const C = compileAll(DETECT_RULES, SHAPE_MAPPINGS);
type Obj = Record<string, unknown>;

const rng = mulberry32;

const HOSTILE_VALUES: unknown[] = [
  'cmd.exe',
  'C:\\Windows\\System32\\cmd.exe',
  'CORP\\ann',
  'bob@corp.example',
  '\\lead',
  'trail\\',
  'Zürich\\Jürgen',
  '日本語.exe',
  '\ud800lone',
  'x\udc00',
  '',
  '-',
  'x'.repeat(5000),
  '2026-11-01T00:00:00.000Z',
  '2026-02-31T00:00:00.000Z',
  '1700000000000',
  4688,
  1.5,
  -1,
  Number.NaN,
  true,
  null,
  [],
  ['process'],
  ['start', 'end'],
  [1, 'a', null],
  { name: 'nested.exe' },
  { md5: 'a'.repeat(32) },
];

/** Source paths the tables read, plus junk, as nested or dotted keys. */
const PATHS = [
  '@timestamp',
  'event.category',
  'event.type',
  'event.code',
  'event.provider',
  'event.dataset',
  'event.action',
  'host.name',
  'host.os.type',
  'user.name',
  'user.domain',
  'user.id',
  'process.name',
  'process.executable',
  'process.command_line',
  'process.args',
  'process.pid',
  'process.hash',
  'process.integrity_level',
  'process.Ext.token.elevation_type',
  'process.parent.name',
  'process.parent.executable',
  'labels.run',
  'labels.case',
  'labels',
  'winlog.event_id',
  'winlog.provider_name',
  'winlog.event_data.Image',
  'winlog.event_data.User',
  'junk.a',
  'junk',
];

function setPath(doc: Obj, path: string, value: unknown, r: () => number): void {
  const segs = path.split('.');
  let o = doc;
  let i = 0;
  while (i < segs.length - 1) {
    // Either descend (nesting) or write the rest as one dotted key.
    if (r() < 0.3) break;
    const k = segs[i];
    const cur = o[k];
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) {
      if (cur !== undefined) break;
      o[k] = {};
    }
    o = o[k] as Obj;
    i++;
  }
  const key = segs.slice(i).join('.');
  if (!(key in o)) o[key] = value;
}

function randomDoc(r: () => number): Obj {
  const doc: Obj = {};
  const n = 3 + Math.floor(r() * 14);
  for (let i = 0; i < n; i++) {
    const p = PATHS[Math.floor(r() * PATHS.length)];
    setPath(doc, p, HOSTILE_VALUES[Math.floor(r() * HOSTILE_VALUES.length)], r);
  }
  return doc;
}

/** The same keys in the same order (mostly), values swapped: a plan hit or a near miss. */
function sameLayout(doc: Obj, r: () => number): Obj {
  const out: Obj = {};
  for (const k in doc) {
    const v = doc[k];
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && r() < 0.85) out[k] = sameLayout(v as Obj, r);
    else if (r() < 0.6) out[k] = HOSTILE_VALUES[Math.floor(r() * HOSTILE_VALUES.length)];
    else out[k] = v;
  }
  if (r() < 0.05) out['process.name'] = 'extra.exe';
  return out;
}

function fresh(): { vals: unknown[]; touched: number[] } {
  return { vals: new Array<unknown>(C.sourceCount).fill(undefined), touched: [] };
}

/** Matches `doc` against a plan of `base`, interpreted and compiled; both must agree on everything. */
function compare(base: Obj, doc: Obj): boolean {
  const interp = buildPlan(base, C.trie);
  const compiled = buildPlan(base, C.trie);
  compileMatch(compiled);
  const a = fresh();
  const b = fresh();
  const okA = matchPlan(interp, doc, a.vals, a.touched);
  const okB = matchPlan(compiled, doc, b.vals, b.touched);
  expect(okB).toBe(okA);
  expect(PENDING.length).toBe(0);
  expect(b.vals).toEqual(a.vals);
  if (!okA) {
    expect(a.vals.every((v) => v === undefined)).toBe(true);
    expect(b.vals.every((v) => v === undefined)).toBe(true);
    expect(b.touched).toEqual([]);
  } else {
    // The compiled match leaves its fixed sources out of `touched`: its clear function plus `touched` empty it.
    compiled.compiled?.clear(b.vals);
    for (const s of b.touched) b.vals[s] = undefined;
    expect(b.vals.every((v) => v === undefined)).toBe(true);
  }
  return okA;
}

describe('compiled plan match', () => {
  it('agrees with the interpreted match on 1,800 hostile documents and their same-layout variants', () => {
    const r = rng(11);
    const N = 600;
    let hits = 0;
    for (let i = 0; i < N; i++) {
      const base = randomDoc(r);
      expect(compare(base, base)).toBe(true);
      if (compare(base, sameLayout(base, r))) hits++;
      compare(base, randomDoc(r));
    }
    // Both outcomes are exercised.
    expect(hits).toBeGreaterThan(N / 10);
    expect(hits).toBeLessThan(N);
  });

  it('keeps keys and values of records out of the generated code', () => {
    const base: Obj = { '@timestamp': 'SENTINEL_V1', process: { name: 'SENTINEL_V2', "x'); throw 1; ('": 1 }, 'labels.SENTINEL_K': 'v' };
    const plan = buildPlan(base, C.trie);
    expect(compileMatch(plan)).toBe(true);
    const src = plan.compiled?.source ?? '';
    expect(src).toContain('function match');
    expect(src).not.toContain('SENTINEL');
    expect(src).not.toContain('throw');
    expect(src).not.toContain('timestamp');
    expect(src).not.toContain('process');
  });

  it('refuses a record whose keys come in another order, or with one more or one less key', () => {
    const base: Obj = { a: 1, '@timestamp': 't', process: { name: 'a.exe', pid: 1 } };
    expect(compare(base, { '@timestamp': 't', a: 1, process: { name: 'b.exe', pid: 2 } })).toBe(false);
    expect(compare(base, { a: 1, '@timestamp': 't', process: { pid: 2, name: 'b.exe' } })).toBe(false);
    expect(compare(base, { a: 1, '@timestamp': 't', process: { name: 'b.exe', pid: 2, x: 0 } })).toBe(false);
    expect(compare(base, { a: 1, '@timestamp': 't', process: { name: 'b.exe' } })).toBe(false);
    expect(compare(base, { a: 1, '@timestamp': 't', process: 'flat' })).toBe(false);
    expect(compare(base, { a: 1, '@timestamp': null, process: { name: 'b.exe', pid: 2 } })).toBe(false);
    expect(compare(base, { a: [1], '@timestamp': 'u', process: { name: ['b.exe'], pid: '2' } })).toBe(true);
  });
});

function raw(value: unknown, line: number): RawRecord {
  return { value, origin: { file: 'plan-code.test', line }, format: 'ndjson' };
}

/**
 * normalize() over the stream (plans get hot, then compiled) must give what the generic path gives, record by record.
 * The whole stream goes through normalize() first, so that state one record leaves behind meets the next record.
 */
function sameAsReference(values: readonly unknown[]): number {
  const got = values.map((v, i) => JSON.stringify(normalize(raw(v, i + 1))));
  let events = 0;
  values.forEach((v, i) => {
    expect(got[i]).toBe(JSON.stringify(normalizeReference(raw(v, i + 1))));
    if (got[i].startsWith('{"kind":"event"')) events++;
  });
  return events;
}

function benchDoc(i: number, r: () => number): Obj {
  const users = ['amelie.roux', 'CORP\\svc', 'NT AUTHORITY\\SYSTEM', 'bob@corp', 'Jürgen', '\ud800x', 7];
  return {
    '@timestamp': new Date(Date.UTC(2026, 10, 1) + i * 997).toISOString(),
    event: { category: ['process'], type: ['start'], kind: 'event' },
    host: { name: `ws-${(i * 7) % 500}` },
    user: { name: users[Math.floor(r() * users.length)] },
    process: {
      name: r() < 0.9 ? 'git.exe' : 42,
      executable: 'C:\\Program Files\\Git\\cmd\\git.exe',
      command_line: 'git.exe status',
      pid: r() < 0.9 ? 1000 + i : '0x1f',
      parent: { name: 'explorer.exe' },
    },
  };
}

describe('normalize() plan paths', () => {
  it('equal the generic path on 6,000 generated records of a few layouts, interleaved with hostile ones', () => {
    const r = rng(5);
    const values: unknown[] = [];
    const bases = Array.from({ length: 6 }, () => randomDoc(r));
    for (let i = 0; i < 6000; i++) {
      const pick = r();
      if (pick < 0.6) values.push(benchDoc(i, r));
      else if (pick < 0.9) values.push(sameLayout(bases[i % bases.length], r));
      else values.push(randomDoc(r));
    }
    expect(sameAsReference(values)).toBeGreaterThan(3000);
  });

  it('leave no value of one record in the next when layouts and shapes alternate', () => {
    const full: Obj = {
      '@timestamp': '2026-11-01T00:00:00.000Z',
      event: { category: ['process'], type: ['start'] },
      host: { name: 'h', os: { type: 'windows' } },
      user: { name: 'CORP\\a', id: 'S-1-5-18' },
      process: {
        args: ['C:\\x\\a.exe', '-y'],
        integrity_level: 'S-1-16-12288',
        Ext: { token: { elevation_type: 'default' } },
        hash: 'SHA1=' + 'a'.repeat(40),
        parent: { command_line: '"C:\\p\\p.exe" -z' },
      },
      'labels.run': 'r',
    };
    const thin: Obj = { '@timestamp': '2026-11-01T00:00:01.000Z', process: { name: 'b.exe' } };
    const values: unknown[] = [];
    for (let i = 0; i < 200; i++) values.push(i % 3 === 0 ? thin : full, i % 7 === 0 ? { ...thin, 'process.pid': 'x' } : thin);
    expect(sameAsReference(values)).toBe(values.length);
  });

  it.skipIf(!HAS_SHARED_DATA)('equal the generic path on every record of ../shared/data/train', () => {
    const values: unknown[] = [];
    for (const f of ['evtx-attack-samples.jsonl', 'msticpy.jsonl', 'otrf-security-datasets.jsonl']) {
      for (const line of readFileSync(sharedPath('train', f), 'utf8').split('\n')) if (line.trim()) values.push(JSON.parse(line));
    }
    expect(values.length).toBeGreaterThan(8000);
    expect(sameAsReference(values)).toBeGreaterThan(8000);
  });
});
