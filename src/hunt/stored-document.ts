// What the event store keeps for an event: the event with its scores. Explanations are computed on demand, never
// stored (reading `top_features` here would compute the very explanation this skips).

import type { ScoredEvent } from '../classify/types.js';

export function storedEventDocument(s: ScoredEvent): Record<string, unknown> {
  const c = s.classifier;
  const classifierFields = { malicious_probability: c.malicious_probability, model: c.model, threshold: c.threshold, ...(c.override ? { override: c.override } : {}) };
  return { ...s.event, problemchild: s.problemchild, oddspawn: { classifier: classifierFields } };
}
