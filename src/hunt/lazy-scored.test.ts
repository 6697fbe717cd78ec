import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../normalize/normalize.js';
import type { ContainerFormat } from '../read/types.js';
import { LazyScoredEvent, ProjectedPacking, readScoredLine, SCORED_LINE_CODEC, ScoredLine, scoredLine, type DocKind, type DocSource } from './lazy-scored.js';
import { DocFiles, DocWriter, docFilePath } from './doc-files.js';

const SHAPES = new URL('../../test/fixtures/shapes/', import.meta.url);
const docs = readdirSync(SHAPES).flatMap((f) => {
  const v = JSON.parse(readFileSync(new URL(f, SHAPES), 'utf8')) as unknown;
  return (Array.isArray(v) ? v : [v]) as unknown[];
});

const P = { prediction: 0, prediction_probability: 0.9 } as const;
const C = { malicious_probability: 0.1, model: 'm', top_features: [], threshold: 0.5 };

const PACKING = new ProjectedPacking(['host.name', 'user.name', 'process.args']);

function lazy(doc: DocSource, kind: DocKind): LazyScoredEvent {
  return new LazyScoredEvent(1, 'ecs', { file: 'f', line: 3 }, { ...P }, { ...C, top_features: [] }, { 'user.name': 'a\tb' }, doc, kind);
}

// JSON texts of one record as an input line may spell it: compact, spaced, with tabs between tokens.
const spellings = (v: unknown): string[] => [JSON.stringify(v), JSON.stringify(v, null, 1).replace(/\n/g, ' '), JSON.stringify(v, null, '\t').replace(/\n/g, '\t')];

describe('LazyScoredEvent', () => {
  const events = docs
    .map((value) => ({ value, r: normalize({ value, origin: { file: 'x', line: 1 }, format: 'ndjson' }) }))
    .filter((x) => x.r.kind === 'event');

  it('normalizes a raw input record to the very event the worker made, for every fixture shape', () => {
    expect(events.length).toBeGreaterThan(5);
    for (const { value, r } of events) {
      if (r.kind !== 'event') continue;
      for (const text of spellings(value)) {
        const l = lazy(text, { raw: 'ndjson' });
        expect(JSON.stringify(l.event)).toBe(JSON.stringify(r.event.event));
        expect(l.event).toBe(l.event); // parsed once
      }
    }
  });

  it('reads every document kind back from a scored line and its worker file, through the time-order spill', () => {
    const files = new DocFiles();
    try {
      const writer = new DocWriter(docFilePath(files.dir, 1));
      const kinds: DocKind[] = ['event', 'stored', { raw: 'ndjson' }, { raw: 'bulk' satisfies ContainerFormat }];
      let n = 0;
      for (const { value, r } of events) {
        if (r.kind !== 'event') continue;
        for (const kind of kinds) {
          const texts = typeof kind === 'object' ? spellings(value) : [JSON.stringify(kind === 'stored' ? { ...r.event.event, problemchild: P, oddspawn: {} } : r.event.event)];
          const at = writer.append(texts);
          texts.forEach((text, i) => {
            const wire = { timeMs: 1741000963279 + n++, shape: 'ecs' as const, origin: { file: 'f\tg', line: 3 }, problemchild: { ...P }, classifier: { ...C, top_features: [] }, projected: { 'user.name': 'a\tb\n' } };
            const line = scoredLine(wire, kind, [1, at[2 * i], at[2 * i + 1]], PACKING);
            expect(line.includes('\n')).toBe(false);
            const sorted = SCORED_LINE_CODEC.decode(SCORED_LINE_CODEC.encode(new ScoredLine(wire.timeMs, line)));
            expect(sorted.timeMs).toBe(wire.timeMs);
            expect(sorted.line).toBe(line);
            const back = readScoredLine(sorted.line, files, PACKING);
            expect(back.doc).toBe(text);
            expect(back.docKind).toEqual(kind);
            expect(back.projected).toEqual(wire.projected);
            expect(back.origin).toEqual(wire.origin);
            expect(JSON.stringify(back.event)).toBe(JSON.stringify(r.event.event));
            expect(JSON.stringify(back)).toBe(JSON.stringify({ event: r.event.event, ...wire, projected: undefined }));
          });
        }
      }
      expect(n).toBeGreaterThan(20);
    } finally {
      files.close();
    }
  });

  it('keeps the event time exact through the line, negative and fractional times included', () => {
    for (const t of [0, -1, 1.5, 1741000963279, -62135596800000, 8.64e15]) {
      const line = scoredLine({ timeMs: t, shape: 'ecs', origin: { file: 'f' }, problemchild: { ...P }, classifier: { ...C, top_features: [] }, projected: {} }, 'event', [0, 0, 1], PACKING);
      expect(SCORED_LINE_CODEC.decode(line).timeMs).toBe(t);
    }
  });

  it('packs projected fields without their paths and unpacks the same object, key order, nulls and absences kept', () => {
    const paths = ['a', 'b.c', 'd', 'e', 'f'];
    const p = new ProjectedPacking(paths);
    const cases: Array<Record<string, unknown>> = [{}, { a: 'x' }, { 'b.c': null, e: ['1', 2] }, { a: '', 'b.c': 0, d: false, e: { k: 'v' }, f: 'é\u2028\t' }, { f: 1 }];
    for (const c of cases) {
      const [mask, values] = p.pack(c);
      const back = p.unpack(mask, JSON.parse(JSON.stringify(values)));
      expect(JSON.stringify(back)).toBe(JSON.stringify(c));
      expect(Object.keys(back)).toEqual(Object.keys(c));
      expect(JSON.stringify(values)).not.toContain('"b.c"');
    }
    // Thirty-one paths and more: the object travels as it is.
    const many = new ProjectedPacking(Array.from({ length: 31 }, (_, i) => `p${i}`));
    const obj = { p0: 'a', p30: 'z' };
    const [mask, values] = many.pack(obj);
    expect(mask).toBe(-1);
    expect(many.unpack(mask, JSON.parse(JSON.stringify(values)))).toEqual(obj);
    // Thirty paths still pack, the last bit included.
    const thirty = new ProjectedPacking(Array.from({ length: 30 }, (_, i) => `p${i}`));
    const last = { p0: 1, p29: 2 };
    const packed = thirty.pack(last);
    expect(packed[0]).toBe(1 | (1 << 29));
    expect(thirty.unpack(packed[0], packed[1])).toEqual(last);
  });
});
