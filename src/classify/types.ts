// The classify stage's output contract, shared with rarity, rules and alerts.

import type { NormalizedEvent } from '../normalize/process-event.js';

export interface TopFeature {
  /** Stable feature id, e.g. "cmd.has_url" or "lolbin.outside_canonical_dir". */
  feature: string;
  /** A sentence for a human: "certutil.exe with -urlcache and a URL". */
  description: string;
  /** Signed contribution to the log-odds of "malicious" (TreeSHAP value). */
  contribution: number;
  /** The feature's value for this event, when it is meaningful to show. */
  value?: number | string | boolean;
}

export interface ClassifierOverride {
  /** "block" forces malicious; "allow" vetoes it. */
  action: 'block' | 'allow';
  /** The id of the block/allow list entry that fired. */
  entry: string;
  reason?: string;
}

export interface ClassifierFields {
  malicious_probability: number;
  model: string;
  top_features: TopFeature[];
  override?: ClassifierOverride;
  threshold?: number;
}

/** Fields the classify stage adds to the ECS document (Elastic's names plus ours). */
export interface ProblemChildFields {
  /** 1 when predicted malicious. */
  prediction: 0 | 1;
  /** Elastic semantics: the probability of the predicted class. */
  prediction_probability: number;
}

export interface ScoredEvent extends NormalizedEvent {
  problemchild: ProblemChildFields;
  classifier: ClassifierFields;
  /**
   * Values of the document's fields keyed by dotted path ('user.name', 'event.id'…), e.g. from a worker thread
   * (see jobFieldPaths / projectFields in src/rarity). When present the rarity stage reads only these and never
   * touches `event` (which may then be an expensive lazy getter).
   */
  projected?: Readonly<Record<string, unknown>>;
  /**
   * With `projected`: per projected path, a number that names the value's string for the life of the process
   * (src/hunt/string-ids.ts: one id per string, one string per id), or -1 when it has none. The rarity stage
   * then finds an entity by its id in an array instead of by its name in a Map; without it, by name.
   */
  projectedIds?: Readonly<Record<string, number>>;
}

/** The ECS document as `oddspawn score` writes it: the process event plus the classifier's fields. */
export type ScoredDocument = import('../normalize/process-event.js').ProcessEvent & {
  problemchild: ProblemChildFields;
  oddspawn: { classifier: ClassifierFields };
};
