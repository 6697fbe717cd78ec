// Scoring as `hunt` does it (src/hunt/analysis.ts): explanations (exact TreeSHAP) are computed only when an alert
// or another reader first asks, and the stored document keeps the scores without them.

import type { Classifier } from '../../classify/classifier.js';
import { explainLazily } from '../../classify/lazy-explain.js';
import type { ScoredEvent } from '../../classify/types.js';
import type { NormalizedEvent } from '../../normalize/process-event.js';

export function scoreLazily(classifier: Classifier, ev: NormalizedEvent): ScoredEvent {
  return explainLazily(classifier, classifier.scoreEvent(ev));
}

/** The document kept in the events table: the event and its scores, no explanation. */
export function storedDocument(s: ScoredEvent): ScoredEvent {
  const c = s.classifier;
  const classifierFields = { malicious_probability: c.malicious_probability, model: c.model, threshold: c.threshold, ...(c.override ? { override: c.override } : {}) };
  return { ...s, event: { ...s.event, problemchild: s.problemchild, oddspawn: { classifier: classifierFields } } as ScoredEvent['event'] };
}
