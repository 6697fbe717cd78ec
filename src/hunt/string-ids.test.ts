// Process-global string ids and the projected ids the main thread hands the rarity jobs: an id names exactly one
// string (the object the event carries), a string has one id whichever worker sent it, and a value that was not
// sent by number — long, not a string, past a field's numbering limit, left out of a trimmed line — has none.

import { describe, expect, it } from 'vitest';
import type { ClassifierFields, ProblemChildFields, ScoredEvent } from '../classify/types.js';
import { builtinJobs, jobFieldPaths } from '../rarity/index.js';
import { compileProjection } from '../rarity/fields.js';
import { scoredEvent, T0 } from '../rarity/testing.js';
import { DocFiles } from './doc-files.js';
import { unfedFieldPaths } from './feed-gate.js';
import type { LazyScoredEvent } from './lazy-scored.js';
import { ScoredLineReader, ScoredLineWriter } from './scored-line.js';
import { MAX_ID_LENGTH, StringIds, compileIdsMaker } from './string-ids.js';

const PATHS = jobFieldPaths(builtinJobs());
const P: ProblemChildFields = { prediction: 1, prediction_probability: 0.9 };
const C: ClassifierFields = { malicious_probability: 0.9, model: 'm', top_features: [], threshold: 0.5 };

// Values that strain the ids: empty, escapes, non-ASCII, lone surrogates, the length limit, non-strings.
const VALUES: unknown[] = [
  '', 'alice', 'a\tb\n"c"\\', 'é\u2028名前', '\ud83d\ude00', '\ud800', 'x\udfff', 'A'.repeat(MAX_ID_LENGTH), 'B'.repeat(MAX_ID_LENGTH + 1),
  'C'.repeat(5000), 0, -1.5, 7, true, null, ['alice', 2], { name: 'alice' },
];

function eventWith(v: unknown, i: number): ScoredEvent {
  const e = scoredEvent({ timeMs: T0 + i, user: 'u', process: 'p', line: i });
  const doc = e.event as unknown as Record<string, Record<string, unknown>>;
  doc.user.name = v;
  doc.process.name = i % 2 ? v : 'cmd.exe';
  doc.host.name = i % 3 ? 'host' : v;
  doc.event.id = `id-${i}`;
  return { ...e, problemchild: { ...P }, classifier: { ...C, top_features: [] } };
}

/** Every id the reader gave names the very string object the event carries; every other path has -1. */
function expectIdsName(ev: LazyScoredEvent, space: StringIds, paths: readonly string[]): number {
  let withId = 0;
  const ids = ev.projectedIds!;
  expect(Object.keys(ids)).toEqual(paths.filter((p) => p !== '__proto__'));
  for (const p of paths) {
    const id = ids[p];
    if (id >= 0) {
      withId++;
      expect(ev.projected[p]).toBe(space.stringOf(id));
      expect(space.idOf(ev.projected[p] as string)).toBe(id);
    } else expect(id).toBe(-1);
  }
  return withId;
}

describe('StringIds', () => {
  it('gives one id per short non-empty string and keeps the first object seen for it', () => {
    const space = new StringIds();
    const a = ['x', 'y'].join('');
    const b = `${'x'}y`;
    expect(space.idOf(a)).toBe(0);
    expect(space.idOf(b)).toBe(0);
    expect(space.stringOf(0)).toBe(a);
    expect(space.idOf('')).toBe(-1);
    expect(space.idOf('A'.repeat(MAX_ID_LENGTH))).toBe(1);
    expect(space.idOf('B'.repeat(MAX_ID_LENGTH + 1))).toBe(-1);
    expect(space.idOf('\ud800')).toBe(2);
    expect(space.idOf('\udc00')).toBe(3);
    expect(space.size).toBe(4);
  });

  it('makes the ids object with every path but __proto__, in order', () => {
    const make = compileIdsMaker(['b', '__proto__', 'a"\u2028\\', 'constructor']);
    const o = make(Int32Array.from([1, 2, 3, -1]));
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.entries(o)).toEqual([['b', 1], ['a"\u2028\\', 3], ['constructor', -1]]);
  });
});

describe('ScoredLineReader ids', () => {
  it('gives the same value from two workers one id and one string object; unnumbered values get -1', () => {
    const space = new StringIds();
    const reader = new ScoredLineReader(PATHS, new DocFiles(), undefined, space);
    const workers = [new ScoredLineWriter(PATHS), new ScoredLineWriter(PATHS)];
    const read: LazyScoredEvent[][] = [[], []];
    let withId = 0;
    VALUES.forEach((v, i) => {
      for (const [w, writer] of workers.entries()) {
        const sc = eventWith(v, i);
        const line = writer.line(sc, 'event', [w, i, 1]);
        reader.define(w, writer.takeNewStrings());
        const ev = reader.read(line);
        expect(ev.projected).toEqual(JSON.parse(JSON.stringify(compileProjection(PATHS)(sc.event))));
        withId += expectIdsName(ev, space, PATHS);
        read[w].push(ev);
      }
    });
    expect(withId).toBeGreaterThan(50);
    for (let i = 0; i < VALUES.length; i++) {
      const [a, b] = [read[0][i], read[1][i]];
      for (const p of PATHS) {
        expect(b.projectedIds![p]).toBe(a.projectedIds![p]);
        if (a.projectedIds![p] >= 0) expect(Object.is(a.projected[p], b.projected[p])).toBe(true);
      }
      const v = VALUES[i];
      const want = typeof v === 'string' && v !== '' && v.length <= MAX_ID_LENGTH;
      expect(a.projectedIds!['user.name'] >= 0).toBe(want);
    }
  });

  it('gives no id to a value sent as it is past the field’s numbering limit, the same value an id from another worker', () => {
    const space = new StringIds();
    const paths = ['user.name', 'process.name'];
    const reader = new ScoredLineReader(paths, new DocFiles(), undefined, space);
    const busy = new ScoredLineWriter(paths);
    const fresh = new ScoredLineWriter(paths);
    let noId = 0;
    for (let i = 0; i < 4200; i++) {
      const sc = scoredEvent({ timeMs: T0 + i, user: `user${i}`, process: 'p.exe', line: i });
      const line = busy.line(sc, 'event', [0, i, 1]);
      reader.define(0, busy.takeNewStrings());
      const ev = reader.read(line);
      expectIdsName(ev, space, paths);
      if (ev.projectedIds!['user.name'] < 0) {
        noId++;
        expect(ev.projected['user.name']).toBe(`user${i}`);
        // The other worker numbers it: now it has an id, and the next line of the first worker still has none.
        const other = reader.read((() => {
          const l = fresh.line(sc, 'event', [1, i, 1]);
          reader.define(1, fresh.takeNewStrings());
          return l;
        })());
        expect(other.projectedIds!['user.name']).toBeGreaterThanOrEqual(0);
      }
    }
    expect(noId).toBe(4200 - 4096);
  });

  it('gives no id to a trimmed line’s left-out fields, nor any past thirty fields', () => {
    const space = new StringIds();
    const jobs = builtinJobs();
    const unfed = unfedFieldPaths(jobs);
    const reader = new ScoredLineReader(PATHS, new DocFiles(), unfed, space);
    const writer = new ScoredLineWriter(PATHS, unfed);
    const sc = eventWith('alice', 1);
    const line = writer.line(sc, 'event', [0, 0, 1], false);
    reader.define(0, writer.takeNewStrings());
    const ev = reader.read(line);
    expectIdsName(ev, space, PATHS);
    for (const p of PATHS) if (!unfed.has(p)) expect(ev.projectedIds![p]).toBe(-1);
    expect(ev.projectedIds!['user.name']).toBeGreaterThanOrEqual(0);

    const many = Array.from({ length: 31 }, (_, i) => (i === 0 ? 'user.name' : `labels.p${i}`));
    const r2 = new ScoredLineReader(many, new DocFiles(), undefined, space);
    const w2 = new ScoredLineWriter(many);
    const l2 = w2.line(sc, 'event', [0, 0, 1]);
    r2.define(0, w2.takeNewStrings());
    expect(r2.read(l2).projectedIds).toBeUndefined();
  });
});
