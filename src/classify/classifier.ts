// Scoring: featurize into a reused row, predict, calibrate, apply the block/allow list, and explain
// with exact TreeSHAP — only for events predicted malicious or above a small probability, because
// explanations cost far more than the prediction itself.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFeatureSet, readsCommandLine, type FeatureSet } from '../features/index.js';
import type { NormalizedEvent, ProcessEvent } from '../normalize/process-event.js';
import { applyCalibration, compile, MarginMemo, quickScorerTables, SplitScorer, treeShap, type CompiledModel } from './gbdt/index.js';
import { readClassifier, type ClassifierModelFile } from './model-file.js';
import { applyOverrides, type OverrideList } from './overrides.js';
import type { ClassifierFields, ScoredDocument, ScoredEvent, TopFeature } from './types.js';

export const DEFAULT_MODEL_FILE = 'oddspawn-classifier.json';
/** Events at or above this probability get explanations even when not predicted malicious. */
export const EXPLAIN_MIN_PROBABILITY = 0.1;
const TOP_K = 5;

/** The shipped model: models/ at the package root, found by walking up from this module. */
export function defaultModelPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'models', DEFAULT_MODEL_FILE);
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models', DEFAULT_MODEL_FILE);
}

export interface Classifier {
  readonly model: ClassifierModelFile;
  readonly features: FeatureSet;
  readonly threshold: number;
  /** Calibrated probability that the process start is malicious. */
  probability(ev: ProcessEvent): number;
  classify(ev: ProcessEvent): { problemchild: ScoredEvent['problemchild']; classifier: ClassifierFields };
  /** The top features of one event (exact TreeSHAP), for callers that score with `explain: false` and explain later. */
  explainEvent(ev: ProcessEvent): TopFeature[];
  scoreEvent(ev: NormalizedEvent): ScoredEvent;
  toScoredDocument(ev: ProcessEvent): ScoredDocument;
}

export interface LoadOptions {
  overrides?: OverrideList;
  /** Overrides the model's threshold. */
  threshold?: number;
  /** TreeSHAP explanations for flagged events (default true); off for bulk checks that need only scores. */
  explain?: boolean;
}

export function loadClassifier(path?: string, opts: LoadOptions = {}): Classifier {
  return createClassifier(readClassifier(path ?? defaultModelPath()), opts);
}

export function createClassifier(model: ClassifierModelFile, opts: LoadOptions = {}): Classifier {
  const features = buildFeatureSet(model.feature_spec);
  if (features.names.length !== model.feature_names.length || features.names.some((n, i) => n !== model.feature_names[i]))
    throw new Error(`model ${model.model_id}: its feature names do not match feature spec ${model.feature_spec.version} of this build`);
  const compiled: CompiledModel = compile(model.gbdt);
  const threshold = opts.threshold ?? model.threshold;
  const row = new Float32Array(features.names.length);
  // Rows repeat endlessly in telemetry: an exact memo of margins keyed by the columns the trees read.
  const memo = new MarginMemo(compiled.usedFeatures);
  const calibration = compiled.flat.calibration;
  // A row the margin memo has not seen usually has a new command line and a familiar rest (names,
  // paths, parent, user): the scorer's state after the columns that do not read the command line is
  // memoised too (bit-identical to compiled.predictRaw, see split-scorer.ts).
  const scorer = new SplitScorer(quickScorerTables(compiled.flat), (col) => !readsCommandLine(features.names[col]));
  /** The calibrated probability of the row just featurized (identical to compiled.predictProba(row)). */
  const rowProbability = (): number => {
    let margin = memo.lookup(row, 0);
    if (margin === undefined) {
      margin = scorer.raw32(row, 0);
      memo.store(margin);
    }
    return applyCalibration(calibration, margin);
  };

  const explain = (view: ReturnType<FeatureSet['featurize']>): TopFeature[] => {
    const phi = treeShap(compiled, row);
    const order: number[] = [];
    for (let i = 0; i < features.names.length; i++) if (phi[i] !== 0) order.push(i);
    order.sort((a, b) => Math.abs(phi[b]) - Math.abs(phi[a]) || a - b);
    return order.slice(0, TOP_K).map((i) => {
      const v = row[i];
      const t: TopFeature = {
        feature: features.names[i],
        description: features.describe(i, v, view),
        contribution: Math.round(phi[i] * 1e4) / 1e4,
      };
      if (Number.isFinite(v)) t.value = Math.round(v * 1e4) / 1e4;
      return t;
    });
  };

  const classify: Classifier['classify'] = (ev) => {
    const view = features.featurize(ev, row, 0);
    const p = rowProbability();
    let prediction: 0 | 1 = p >= threshold ? 1 : 0;
    const fields: ClassifierFields = {
      malicious_probability: Math.round(p * 1e6) / 1e6,
      model: model.model_id,
      top_features: [],
      threshold,
    };
    const o = opts.overrides ? applyOverrides(opts.overrides, ev) : undefined;
    if (o) {
      fields.override = { action: o.action, entry: o.id, ...(o.reason ? { reason: o.reason } : {}) };
      prediction = o.action === 'block' ? 1 : 0;
    }
    if (opts.explain !== false && (prediction === 1 || p >= EXPLAIN_MIN_PROBABILITY)) fields.top_features = explain(view);
    // Elastic semantics: the probability of the predicted class.
    const predProb = prediction === 1 ? p : 1 - p;
    return { problemchild: { prediction, prediction_probability: Math.round(predProb * 1e6) / 1e6 }, classifier: fields };
  };

  return {
    model,
    features,
    threshold,
    probability(ev) {
      features.featurize(ev, row, 0);
      return rowProbability();
    },
    classify,
    explainEvent(ev) {
      return explain(features.featurize(ev, row, 0));
    },
    scoreEvent(ev) {
      const r = classify(ev.event);
      return { ...ev, problemchild: r.problemchild, classifier: r.classifier };
    },
    toScoredDocument(ev) {
      const r = classify(ev);
      return { ...ev, problemchild: r.problemchild, oddspawn: { classifier: r.classifier } };
    },
  };
}
