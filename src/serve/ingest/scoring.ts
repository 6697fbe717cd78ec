// Scoring as `hunt` does it (src/pipeline.ts): explanations (exact TreeSHAP) are computed only when an alert or
// another reader first asks, and the stored document keeps the scores without them.

import { EXPLAIN_MIN_PROBABILITY, type Classifier } from '../../classify/classifier.js';
import type { ScoredEvent, TopFeature } from '../../classify/types.js';
import type { NormalizedEvent } from '../../normalize/process-event.js';

export function scoreLazily(classifier: Classifier, ev: NormalizedEvent): ScoredEvent {
  const s = classifier.scoreEvent(ev);
  if (s.problemchild.prediction !== 1 && s.classifier.malicious_probability < EXPLAIN_MIN_PROBABILITY) return s;
  let cached: TopFeature[] | undefined;
  Object.defineProperty(s.classifier, 'top_features', {
    get: () => (cached ??= classifier.explainEvent(ev.event)),
    enumerable: true,
    configurable: true,
  });
  return s;
}

/** The document kept in the events table: the event and its scores, no explanation. */
export function storedDocument(s: ScoredEvent): ScoredEvent {
  const c = s.classifier;
  const classifierFields = { malicious_probability: c.malicious_probability, model: c.model, threshold: c.threshold, ...(c.override ? { override: c.override } : {}) };
  return { ...s, event: { ...s.event, problemchild: s.problemchild, oddspawn: { classifier: classifierFields } } as ScoredEvent['event'] };
}
