import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClassifierFields, ProblemChildFields, ScoredEvent } from '../classify/types.js';
import type { Origin } from '../common/issues.js';
import { normalize } from '../normalize/normalize.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { builtinJobs, jobFieldPaths } from '../rarity/index.js';
import { compileProjection } from '../rarity/fields.js';
import type { ContainerFormat } from '../read/types.js';
import { DocFiles, DocWriter, docFilePath } from './doc-files.js';
import type { DocKind } from './lazy-scored.js';
import { SCORED_LINE_CODEC, ScoredLine, ScoredLineReader, ScoredLineWriter, scoredLineStats } from './scored-line.js';
import { unfedFieldPaths } from './feed-gate.js';
import { compileField } from '../rarity/fields.js';

const SHAPES = new URL('../../test/fixtures/shapes/', import.meta.url);
const fixtures = readdirSync(SHAPES).flatMap((f) => {
  const v = JSON.parse(readFileSync(new URL(f, SHAPES), 'utf8')) as unknown;
  return (Array.isArray(v) ? v : [v]) as unknown[];
});
const events = fixtures.flatMap((value) => {
  const r = normalize({ value, origin: { file: 'x', line: 1 }, format: 'ndjson' });
  return r.kind === 'event' ? [{ value, event: r.event.event }] : [];
});

const PATHS = jobFieldPaths(builtinJobs());
const P: ProblemChildFields = { prediction: 0, prediction_probability: 0.9 };
const C: ClassifierFields = { malicious_probability: 0.1, model: 'm', top_features: [], threshold: 0.5 };
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function scored(event: ProcessEvent, over: Partial<ScoredEvent> = {}): ScoredEvent {
  return { event, timeMs: 1741000963279, shape: 'ecs', origin: { file: 'f\tg', line: 3 }, problemchild: { ...P }, classifier: { ...C, top_features: [] }, ...over };
}

/** What the line must give back: each part as a JSON round trip gives it, the projection as the jobs read it. */
function expectSame(back: ReturnType<ScoredLineReader['read']>, sc: ScoredEvent, paths: readonly string[]): void {
  expect(back.timeMs).toBe(sc.timeMs);
  expect(back.shape).toBe(sc.shape);
  expect(JSON.stringify(back.origin)).toBe(JSON.stringify(sc.origin));
  expect(JSON.stringify(back.problemchild)).toBe(JSON.stringify(sc.problemchild));
  expect(JSON.stringify(back.classifier)).toBe(JSON.stringify(sc.classifier));
  expect(back.origin).toEqual(roundTrip(sc.origin));
  expect(back.classifier).toEqual(roundTrip(sc.classifier));
  const projected = roundTrip(compileProjection(paths)(sc.event));
  expect(JSON.stringify(back.projected)).toBe(JSON.stringify(projected));
  expect(back.projected).toEqual(projected);
}

// Values that strain the line: escapes, non-ASCII, astral and lone surrogates, line breaks, long strings, non-strings.
const HOSTILE: unknown[] = [
  '',
  'a\tb\n"c"\\',
  'é\u2028\u2029',
  '\ud83d\ude00',
  '\ud800',
  'x\udfff',
  'A'.repeat(256),
  'B'.repeat(257),
  'C'.repeat(5000),
  0,
  -1.5,
  1e21,
  true,
  false,
  null,
  ['1', 2, { k: 'v' }],
  { nested: { deep: 'é' } },
];

function withValue(event: ProcessEvent, v: unknown, i: number): ProcessEvent {
  const e = structuredClone(event) as unknown as Record<string, Record<string, unknown>>;
  e.user = { ...(e.user ?? {}), name: v, id: i % 3 === 0 ? v : `S-1-5-21-${i}` };
  e.host = { ...(e.host ?? {}), name: i % 2 ? v : 'host' };
  e.process = { ...(e.process ?? {}), name: v };
  return e as unknown as ProcessEvent;
}

describe('scored lines', () => {
  it('give back every part of every document kind, through a worker file and the time-order spill', () => {
    expect(events.length).toBeGreaterThan(5);
    const files = new DocFiles();
    try {
      const writer = new DocWriter(docFilePath(files.dir, 1));
      const lines = new ScoredLineWriter(PATHS);
      const reader = new ScoredLineReader(PATHS, files);
      const kinds: DocKind[] = ['event', 'stored', { raw: 'ndjson' }, { raw: 'bulk' satisfies ContainerFormat }];
      let n = 0;
      for (const { value, event } of events) {
        for (const kind of kinds) {
          const text = typeof kind === 'object' ? JSON.stringify(value) : JSON.stringify(kind === 'stored' ? { ...event, problemchild: P, oddspawn: {} } : event);
          const [offset, bytes] = writer.append([text]);
          const sc = scored(event, { timeMs: 1741000963279 + n++ });
          const line = lines.line(sc, kind, [1, offset, bytes]);
          expect(line.includes('\n')).toBe(false);
          reader.define(1, lines.takeNewStrings());
          const sorted = SCORED_LINE_CODEC.decode(SCORED_LINE_CODEC.encode(new ScoredLine(sc.timeMs, line)));
          expect(sorted.timeMs).toBe(sc.timeMs);
          expect(sorted.line).toBe(line);
          const back = reader.read(sorted.line);
          expectSame(back, sc, PATHS);
          expect(back.doc).toBe(text);
          expect(back.docKind).toEqual(kind);
          expect(JSON.stringify(back.event)).toBe(JSON.stringify(event));
          expect(JSON.stringify(back)).toBe(JSON.stringify({ ...sc, projected: undefined }));
        }
      }
      expect(n).toBeGreaterThan(20);
    } finally {
      files.close();
    }
  });

  it('keeps hostile values, odd origins and odd scores exactly, lines read in any order', () => {
    const base = events[0].event;
    const origins: Origin[] = [{ file: 'f', line: 1 }, { file: 'f' }, { file: 'f', line: 2, record: 3 }, { file: 'f', record: 4, offset: 5 }, { line: 6, file: 'g' } as Origin, { file: 'é\ud800', line: 0 }];
    const preds: ProblemChildFields[] = [{ prediction: 1, prediction_probability: 0.75 }, { prediction_probability: 0.5, prediction: 0 } as ProblemChildFields];
    const clfs: ClassifierFields[] = [
      { ...C, top_features: [] },
      { malicious_probability: 0.99, model: 'm2', top_features: [{ feature: 'f', value: 1, contribution: 0.5, description: 'd' }] as ClassifierFields['top_features'], threshold: 0.5 },
      { malicious_probability: 1, model: 'm', top_features: [], override: { kind: 'block', list: 'l', entry: 'e' } as unknown as ClassifierFields['override'], threshold: 0.5 },
      { malicious_probability: 0.2, model: 'm', top_features: [] },
      { model: 'm', malicious_probability: 0.2, top_features: [], threshold: 0.5 } as ClassifierFields,
    ];
    const lines = new ScoredLineWriter(PATHS);
    const reader = new ScoredLineReader(PATHS, new DocFiles());
    const made: Array<[string, ScoredEvent]> = [];
    let i = 0;
    for (const v of HOSTILE)
      for (const origin of origins) {
        const sc = scored(withValue(base, v, i), { origin, problemchild: { ...preds[i % preds.length] }, classifier: structuredClone(clfs[i % clfs.length]), timeMs: -62135596800000 + i * 1.5 });
        made.push([lines.line(sc, i % 2 ? 'event' : { raw: 'evtx' }, [0, i, 1]), sc]);
        i++;
      }
    reader.define(0, lines.takeNewStrings());
    for (const [line, sc] of made.reverse()) expectSame(reader.read(line), sc, PATHS);
  });

  it('numbers a field only up to its limit, and sends long strings as they are', () => {
    const lines = new ScoredLineWriter(['user.name', 'process.command_line']);
    const reader = new ScoredLineReader(['user.name', 'process.command_line'], new DocFiles());
    const base = events[0].event;
    const made: Array<[string, ScoredEvent]> = [];
    for (let i = 0; i < 5000; i++) {
      const e = structuredClone(base);
      e.user = { ...e.user, name: `user${i % 40}` };
      e.process = { ...e.process, command_line: `cmd.exe /c echo ${i}` };
      const sc = scored(e);
      made.push([lines.line(sc, 'event', [0, i, 1]), sc]);
      // Strings travel in batches, as from a worker.
      if (i % 700 === 0) reader.define(0, lines.takeNewStrings());
    }
    const strings = lines.takeNewStrings();
    reader.define(0, strings);
    for (const [line, sc] of made) expectSame(reader.read(line), sc, ['user.name', 'process.command_line']);
    // The last command lines went as text: the field stopped being numbered at 4,096 new values.
    expect(made[4999][0]).toContain('cmd.exe /c echo 4999');
    expect(made[100][0]).not.toContain('cmd.exe /c echo 100"');
    expect(made[4999][0]).not.toContain('user39');
  });

  it('keeps each worker’s numbers apart', () => {
    const a = new ScoredLineWriter(PATHS);
    const b = new ScoredLineWriter(PATHS);
    const reader = new ScoredLineReader(PATHS, new DocFiles());
    const scA = scored(withValue(events[0].event, 'alice', 1));
    const scB = scored(withValue(events[1].event, 'bob', 2), { shape: 'winlogbeat-sysmon' });
    const lineA = a.line(scA, 'event', [0, 0, 1]);
    const lineB = b.line(scB, 'stored', [1, 0, 1]);
    reader.define(1, b.takeNewStrings());
    reader.define(0, a.takeNewStrings());
    expectSame(reader.read(lineB), scB, PATHS);
    expectSame(reader.read(lineA), scA, PATHS);
  });

  it('keeps the event time exact, negative and fractional times included', () => {
    const lines = new ScoredLineWriter(PATHS);
    for (const t of [0, -1, 1.5, 1741000963279, -62135596800000, 8.64e15]) {
      const line = lines.line(scored(events[0].event, { timeMs: t }), 'event', [0, 0, 1]);
      expect(SCORED_LINE_CODEC.decode(line).timeMs).toBe(t);
    }
  });

  it('sends the projected object as it is past thirty fields', () => {
    for (const n of [30, 31, 40]) {
      const paths = Array.from({ length: n }, (_, i) => (i === 0 ? 'user.name' : i === n - 1 ? 'process.name' : `labels.p${i}`));
      const lines = new ScoredLineWriter(paths);
      const reader = new ScoredLineReader(paths, new DocFiles());
      const e = structuredClone(events[0].event) as Omit<ProcessEvent, 'labels'> & { labels?: Record<string, unknown> };
      e.labels = { p3: 'x', p7: 7 };
      const sc = scored(e as ProcessEvent);
      const line = lines.line(sc, 'event', [0, 0, 1]);
      reader.define(0, lines.takeNewStrings());
      expectSame(reader.read(line), sc, paths);
      expect(line.includes('"user.name"')).toBe(n > 30);
    }
  });

  it('leaves out of an unfed event’s line what no job reads from it, and answers those fields from the document', () => {
    const unfed = unfedFieldPaths(builtinJobs());
    const left = PATHS.filter((p) => !unfed.has(p));
    expect(left).toEqual(expect.arrayContaining(['event.id', 'process.command_line']));
    expect([...unfed]).toEqual(expect.arrayContaining(['user.name', 'host.name', 'process.name', 'process.parent.name']));
    const files = new DocFiles();
    try {
      const writer = new DocWriter(docFilePath(files.dir, 0));
      const lines = new ScoredLineWriter(PATHS, unfed);
      const reader = new ScoredLineReader(PATHS, files, unfed);
      const kinds: DocKind[] = ['event', 'stored', { raw: 'ndjson' }];
      const accessors = PATHS.map((p) => compileField(p));
      let n = 0;
      let leftOutRead = 0;
      for (const { value, event } of events)
        for (const v of HOSTILE.slice(0, 8))
          for (const kind of kinds) {
            const e = withValue(event, v, n);
            (e as unknown as { process: Record<string, unknown> }).process.command_line = `cmd.exe /c "${String(v)}" ${n}`;
            const text = typeof kind === 'object' ? JSON.stringify(value) : JSON.stringify(kind === 'stored' ? { ...e, problemchild: P, oddspawn: {} } : e);
            // A raw record is normalized again when read: its event is the fixture's, not the edited copy.
            const ev = typeof kind === 'object' ? event : e;
            const [offset, bytes] = writer.append([text]);
            const sc = scored(ev, { timeMs: 1741000963279 + n++ });
            const fed = lines.line(sc, kind, [0, offset, bytes]);
            const trimmed = lines.line(sc, kind, [0, offset, bytes], false);
            reader.define(0, lines.takeNewStrings());
            const whole = reader.read(fed);
            const back = reader.read(trimmed);
            const full = roundTrip(compileProjection(PATHS)(sc.event));
            const leftHere = left.filter((p) => full[p] !== undefined).length;
            expect((JSON.parse(trimmed) as unknown[]).length).toBe((JSON.parse(fed) as unknown[]).length - leftHere);
            if (typeof kind !== 'object') expect(trimmed).not.toContain('cmd.exe');
            // Enumerable: only what the line holds; every field still reads as the jobs would read it.
            expect(Object.keys(back.projected).every((k) => unfed.has(k))).toBe(true);
            expect(JSON.stringify(back.projected)).toBe(JSON.stringify(Object.fromEntries(Object.entries(full).filter(([k]) => unfed.has(k)))));
            for (const p of PATHS) expect(back.projected[p]).toEqual(full[p]);
            for (const a of accessors) expect(a(back)).toEqual(a(whole));
            leftOutRead += leftHere;
            expect(JSON.stringify(back)).toBe(JSON.stringify(whole));
          }
      expect(leftOutRead).toBeGreaterThan(100);
      expect(scoredLineStats.leftOutReads).toBeGreaterThanOrEqual(leftOutRead);
    } finally {
      files.close();
    }
  });

  it('never trims without the set of fields to keep, nor past thirty fields', () => {
    const sc = scored(events[0].event);
    expect(new ScoredLineWriter(PATHS).line(sc, 'event', [0, 0, 1], false)).toBe(new ScoredLineWriter(PATHS).line(sc, 'event', [0, 0, 1]));
    const paths = Array.from({ length: 31 }, (_, i) => (i === 0 ? 'user.name' : `labels.p${i}`));
    const keep = new Set(['user.name']);
    expect(new ScoredLineWriter(paths, keep).line(sc, 'event', [0, 0, 1], false)).toBe(new ScoredLineWriter(paths, keep).line(sc, 'event', [0, 0, 1]));
  });
});
