// Explanations (exact TreeSHAP) cost far more than scoring; a hunt or the service needs them only for the events
// an alert or a reader looks at, so scored events carry them as a getter computed on first use.

import { EXPLAIN_MIN_PROBABILITY, type Classifier } from './classifier.js';
import type { ScoredEvent, TopFeature } from './types.js';

/**
 * Gives a flagged event's `classifier.top_features` as a getter that computes them once, from `s.event`, when an
 * alert (or any other reader) first asks. Unflagged events keep the empty list, exactly as `oddspawn score`
 * writes them.
 */
export function explainLazily(classifier: Classifier, s: ScoredEvent): ScoredEvent {
  if (s.problemchild.prediction !== 1 && s.classifier.malicious_probability < EXPLAIN_MIN_PROBABILITY) return s;
  let cached: TopFeature[] | undefined;
  Object.defineProperty(s.classifier, 'top_features', {
    // The event is read only when asked for: in a parallel hunt it is parsed on first use.
    get: () => (cached ??= classifier.explainEvent(s.event)),
    enumerable: true,
    configurable: true,
  });
  return s;
}
