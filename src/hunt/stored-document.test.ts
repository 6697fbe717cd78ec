// storedEventJson splices the score fields into the event's JSON instead of serializing a spread copy: it must be
// JSON.stringify(storedEventDocument(s)) for every event, the sample's and unusual ones alike.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadClassifier } from '../classify/classifier.js';
import type { ScoredEvent } from '../classify/types.js';
import { emptyCounts, ingest } from '../ingest.js';
import { toStoredRow } from '../store/stored-row.js';
import { storedEventDocument, storedEventJson, storedEventRow } from './stored-document.js';

// The sample and one file per source shape the normalizer reads (Elastic Defend, Sysmon, 4688, EVTX…).
const INPUTS = [fileURLToPath(new URL('../../samples/process-starts.ndjson', import.meta.url)), fileURLToPath(new URL('../../test/fixtures/shapes', import.meta.url))];

function expectSame(s: ScoredEvent): void {
  const general = JSON.stringify(storedEventDocument(s));
  expect(storedEventJson(s)).toBe(general);
  expect(storedEventRow(s)).toEqual(toStoredRow(s, storedEventDocument(s)));
}

async function sampleScored(): Promise<ScoredEvent[]> {
  const classifier = loadClassifier(undefined, { explain: false });
  const out: ScoredEvent[] = [];
  for await (const batch of ingest(INPUTS, emptyCounts())) for (const ev of batch) out.push(classifier.scoreEvent(ev));
  return out;
}

describe('storedEventJson', () => {
  it('is the stored document of every sample and fixture event, with and without an override', async () => {
    const scored = await sampleScored();
    expect(new Set(scored.map((s) => s.shape)).size).toBeGreaterThan(3);
    for (const s of scored) {
      expectSame(s);
      expectSame({ ...s, classifier: { ...s.classifier, override: { action: 'allow', entry: 'e-1', reason: 'ok "quoted"' } } });
    }
  });

  it('is the stored document of unusual events', async () => {
    const [base] = await sampleScored();
    const sym = Symbol('s');
    const getter = { ...base.event };
    Object.defineProperty(getter, 'late', { get: () => 'got', enumerable: true });
    const hidden = { ...base.event };
    Object.defineProperty(hidden, 'secret', { value: 1, enumerable: false });
    const events: unknown[] = [
      {},
      { problemchild: 'old', host: { name: 'h' } },
      { host: { name: 'h' }, oddspawn: { classifier: { malicious_probability: 2 } }, z: 1 },
      { 2: 'two', b: 1, 1: 'one', '-1': 'minus' },
      { a: undefined, b: () => 1, c: [undefined, () => 1], d: new Date(0), e: '\ud800\u2028"\\' },
      { toJSON: () => ({ replaced: true }), a: 1 },
      Object.assign(Object.create({ toJSON: () => 'inherited' }) as object, { a: 1 }),
      Object.assign(Object.create({ inherited: 1 }) as object, { a: 1 }),
      { [sym]: 'x', a: 1 },
      getter,
      hidden,
      ['an', 'array'],
    ];
    for (const odd of events) {
      // Alone, and over the fields a stored row's columns come from.
      for (const event of [odd, Array.isArray(odd) ? odd : Object.assign(Object.create(Object.getPrototypeOf(odd) as object) as object, base.event, odd)]) {
        const s = { ...base, event } as unknown as ScoredEvent;
        const spread = JSON.stringify(storedEventDocument(s));
        expect(storedEventJson(s)).toBe(spread);
        expect(storedEventJson({ ...s, problemchild: undefined } as unknown as ScoredEvent)).toBe(JSON.stringify(storedEventDocument({ ...s, problemchild: undefined } as unknown as ScoredEvent)));
        if (event !== odd) expectSame(s);
      }
    }
  });
});
