import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../normalize/normalize.js';
import { LazyScoredEvent, type DocKind, type DocSource } from './lazy-scored.js';

const SHAPES = new URL('../../test/fixtures/shapes/', import.meta.url);
const docs = readdirSync(SHAPES).flatMap((f) => {
  const v = JSON.parse(readFileSync(new URL(f, SHAPES), 'utf8')) as unknown;
  return (Array.isArray(v) ? v : [v]) as unknown[];
});

const P = { prediction: 0, prediction_probability: 0.9 } as const;
const C = { malicious_probability: 0.1, model: 'm', top_features: [], threshold: 0.5 };

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
});
