// scoreEvent builds its output as a literal for the normalizer's usual key sets: it must be the
// spread `{ ...ev, problemchild, classifier }` for every event object, usual or not (same keys in the
// same order, same values, same symbols).

import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../normalize/process-event.js';
import { withScores } from './classifier.js';
import type { ClassifierFields, ScoredEvent } from './types.js';

const pc: ScoredEvent['problemchild'] = { prediction: 1, prediction_probability: 0.75 };
const cl: ClassifierFields = { malicious_probability: 0.75, model: 'm', top_features: [], threshold: 0.5 };
const origin = { file: 'a.ndjson', line: 3 };
const event = { process: { name: 'cmd.exe' } };
const sym = Symbol('s');

function cases(): Array<Record<string | symbol, unknown>> {
  const getter: Record<string, unknown> = { event, timeMs: 1, shape: 'ecs' };
  Object.defineProperty(getter, 'origin', { get: () => origin, enumerable: true });
  const hidden = { event, timeMs: 1, shape: 'ecs', origin };
  Object.defineProperty(hidden, 'secret', { value: 1, enumerable: false });
  return [
    { event, timeMs: 1, shape: 'ecs', origin },
    { event, timeMs: 2, shape: 'sysmon', origin, raw: { value: {}, origin, format: 'ndjson' } },
    { event, timeMs: 2, shape: 'sysmon', origin, raw: undefined },
    { event, timeMs: NaN, shape: 'ecs', origin, extra: 1 },
    { timeMs: 1, event, shape: 'ecs', origin },
    { event, timeMs: 1, shape: 'ecs', origin, problemchild: 'old' },
    { event, timeMs: 1, shape: 'ecs', origin, classifier: 'old', raw: 1 },
    { event, timeMs: 1, shape: 'ecs', origin, [sym]: 'x' },
    { event, timeMs: 1, shape: 'ecs', origin, raw: 1, [sym]: 'x' },
    { event, timeMs: 1, shape: 'ecs' },
    { event, timeMs: 1, shape: 'ecs', origin, rax: 1 },
    { event: undefined, timeMs: undefined, shape: undefined, origin: undefined },
    getter,
    hidden,
    Object.assign(Object.create({ inherited: 1 }) as object, { event, timeMs: 1, shape: 'ecs', origin }),
  ];
}

describe('withScores', () => {
  it('is the spread for usual and unusual event objects', () => {
    for (const ev of cases()) {
      const got = withScores(ev as unknown as NormalizedEvent, pc, cl) as unknown as Record<string | symbol, unknown>;
      const want: Record<string | symbol, unknown> = { ...ev, problemchild: pc, classifier: cl };
      expect(Reflect.ownKeys(got)).toEqual(Reflect.ownKeys(want));
      for (const k of Reflect.ownKeys(want)) expect(Object.is(got[k], want[k])).toBe(true);
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    }
  });

  it('keeps the usual key order of a normalized event', () => {
    const got = withScores({ event, timeMs: 5, shape: 'ecs', origin } as unknown as NormalizedEvent, pc, cl);
    expect(Object.keys(got)).toEqual(['event', 'timeMs', 'shape', 'origin', 'problemchild', 'classifier']);
    expect(got.timeMs).toBe(5);
    expect(got.classifier).toBe(cl);
  });
});
