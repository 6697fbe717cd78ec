// Evaluation: metrics of a scorer on labelled events (overall, per source, per technique), the legacy
// keyword-blocklist baseline, and leave-one-source-out validation.

import { buildFeatureSet, type FeatureSpec } from '../features/index.js';
import { legacyBlocklistMatch } from '../features/parity-keywords.js';
import { parityFields } from '../features/parity-normalize.js';
import type { LabelledEvent } from './data/labelled.js';
import { averagePrecision, compile, confusionAt, rocAuc, tprAtFpr, type Confusion } from './gbdt/index.js';
import type { ClassifierModelFile } from './model-file.js';
import { trainClassifier } from './trainer.js';

export interface Metrics {
  events: number;
  positives: number;
  negatives: number;
  roc_auc: number | null;
  pr_auc: number | null;
  tpr_at_fpr_1pct: number | null;
  tpr_at_fpr_0_1pct: number | null;
  confusion: Omit<Confusion, 'precision' | 'recall' | 'fpr' | 'f1'> & { precision: number | null; recall: number | null; fpr: number | null };
}

export interface EvalReport extends Metrics {
  per_source: Record<string, Metrics>;
  per_technique_recall: Record<string, { positives: number; detected: number; recall: number }>;
}

const r6 = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);

export function metrics(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Metrics {
  let P = 0;
  for (let i = 0; i < labels.length; i++) P += labels[i] ? 1 : 0;
  const N = labels.length - P;
  const both = P > 0 && N > 0;
  const c = confusionAt(scores, labels, threshold);
  return {
    events: labels.length,
    positives: P,
    negatives: N,
    roc_auc: both ? r6(rocAuc(scores, labels)) : null,
    pr_auc: both ? r6(averagePrecision(scores, labels)) : null,
    tpr_at_fpr_1pct: both ? r6(tprAtFpr(scores, labels, 0.01).recall) : null,
    tpr_at_fpr_0_1pct: both ? r6(tprAtFpr(scores, labels, 0.001).recall) : null,
    confusion: { threshold, tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn, precision: r6(c.precision), recall: P ? r6(c.recall) : null, fpr: N ? r6(c.fpr) : null },
  };
}

export function report(events: readonly LabelledEvent[], scores: Float64Array, threshold: number): EvalReport {
  const labels = Uint8Array.from(events, (e) => e.y);
  const bySource = new Map<string, number[]>();
  events.forEach((e, i) => {
    const l = bySource.get(e.source) ?? [];
    l.push(i);
    bySource.set(e.source, l);
  });
  const per_source: Record<string, Metrics> = {};
  for (const [s, idx] of [...bySource].sort(([a], [b]) => a.localeCompare(b)))
    per_source[s] = metrics(idx.map((i) => scores[i]), idx.map((i) => labels[i]), threshold);
  const tech = new Map<string, { positives: number; detected: number }>();
  events.forEach((e, i) => {
    if (!e.y) return;
    for (const t of e.technique) {
      const c = tech.get(t) ?? { positives: 0, detected: 0 };
      c.positives++;
      if (scores[i] >= threshold) c.detected++;
      tech.set(t, c);
    }
  });
  const per_technique_recall: EvalReport['per_technique_recall'] = {};
  for (const [t, c] of [...tech].sort(([a], [b]) => a.localeCompare(b))) per_technique_recall[t] = { ...c, recall: r6(c.detected / c.positives) ?? 0 };
  return { ...metrics(scores, labels, threshold), per_source, per_technique_recall };
}

/** Calibrated malicious probabilities of a model for events. */
export function scoreWithModel(model: ClassifierModelFile, events: readonly LabelledEvent[]): Float64Array {
  const fs = buildFeatureSet(model.feature_spec);
  const compiled = compile(model.gbdt);
  const row = new Float32Array(fs.names.length);
  const out = new Float64Array(events.length);
  for (let i = 0; i < events.length; i++) {
    fs.featurize(events[i].event, row, 0);
    out[i] = compiled.predictProba(row, 0);
  }
  return out;
}

/** Elastic's legacy 37-keyword blocklist alone, as a 0/1 scorer (§1.3). */
export function blocklistScores(events: readonly LabelledEvent[]): Float64Array {
  return Float64Array.from(events, (e) => {
    const cmd = parityFields(e.event).commandLine;
    return legacyBlocklistMatch(cmd) !== undefined ? 1 : 0;
  });
}

export interface LosoFold {
  held_out: string;
  train_events: number;
  test: Metrics;
}

/**
 * Leave-one-source-out: for each real source, train on the other real sources plus the generated data
 * (early stopping on a by-recording split of that training data) and test on the held-out source.
 */
export function leaveOneSourceOut(
  real: readonly LabelledEvent[],
  generated: readonly LabelledEvent[],
  spec: FeatureSpec,
  seed: number,
  equalizePresence = true,
): LosoFold[] {
  const sources = [...new Set(real.map((e) => e.source))].sort();
  return sources.map((s) => {
    const trainEvents = [...real.filter((e) => e.source !== s), ...generated];
    const test = real.filter((e) => e.source === s);
    const { file } = trainClassifier({ train: trainEvents, spec, seed, modelId: `loso-${s}`, equalizePresence });
    const scores = scoreWithModel(file, test);
    return { held_out: s, train_events: trainEvents.length, test: metrics(scores, Uint8Array.from(test, (e) => e.y), file.threshold) };
  });
}
