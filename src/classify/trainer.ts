// Training wiring: labelled events → feature matrix → GBDT (early stopping on a validation set split
// by recording) → Platt calibration and decision threshold on validation → the model file.

import { buildFeatureSet, type FeatureSpec } from '../features/index.js';
import { buildDataset, splitByRecording } from './data/matrix.js';
import type { LabelledEvent } from './data/labelled.js';
import { equalizePresence } from './data/presence.js';
import { sourceInfo } from './data/sources.js';
import { fitPlattGuarded } from './platt.js';
import { chooseThreshold, compile, rocAuc, applyCalibration, train, type GbdtModel, type TrainParams } from './gbdt/index.js';
import { MODEL_FORMAT, type ClassifierModelFile, type SourceCount } from './model-file.js';

export const DEFAULT_PARAMS: Omit<TrainParams, 'seed'> = {
  nTrees: 300,
  learningRate: 0.08,
  maxDepth: 6,
  maxLeaves: 24,
  minChildWeight: 2,
  lambdaL2: 2,
  rowSubsample: 0.8,
  colSubsample: 0.6,
  maxBins: 64,
  earlyStoppingRounds: 40,
};

/** The rule for the shipped threshold: the highest validation recall with at most 1% false positives. */
export const THRESHOLD_FPR = 0.01;

export interface TrainOptions {
  train: LabelledEvent[];
  /** Explicit validation events; without them 20% of the training recordings are held out. */
  valid?: LabelledEvent[];
  spec: FeatureSpec;
  seed: number;
  params?: Partial<TrainParams>;
  modelId: string;
  /** Extra deterministic facts recorded in the model file. */
  notes?: Record<string, string | number | boolean>;
  /** Equalise optional-field presence between the classes of each source (default true; see data/presence.ts). */
  equalizePresence?: boolean;
}

export interface TrainOutcome {
  file: ClassifierModelFile;
  validAuc: number;
}

function counts(events: readonly LabelledEvent[], role: SourceCount['role']): SourceCount[] {
  const m = new Map<string, SourceCount>();
  for (const e of events) {
    let c = m.get(e.source);
    if (!c) m.set(e.source, (c = { name: e.source, licence: sourceInfo(e.source).licence, role, events: 0, positives: 0, negatives: 0 }));
    c.events++;
    if (e.y) c.positives++;
    else c.negatives++;
  }
  return [...m.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function trainClassifier(o: TrainOptions): TrainOutcome {
  const fs = buildFeatureSet(o.spec);
  const raw = o.valid ? { train: o.train, valid: o.valid } : splitByRecording(o.train, 0.2, o.seed);
  const equalize = o.equalizePresence ?? true;
  const eqTrain = equalize ? equalizePresence(raw.train, o.seed) : { events: raw.train, changes: [] };
  const eqValid = equalize ? equalizePresence(raw.valid, o.seed) : { events: raw.valid, changes: [] };
  const split = { train: eqTrain.events, valid: eqValid.events };
  const removed = eqTrain.changes.reduce((n, c) => n + c.removed, 0) + eqValid.changes.reduce((n, c) => n + c.removed, 0);
  const dtrain = buildDataset(split.train, fs);
  const dvalid = buildDataset(split.valid, fs);
  const params: TrainParams = { ...DEFAULT_PARAMS, ...o.params, seed: o.seed };
  const gbdt: GbdtModel = train(dtrain, params, dvalid.rows > 0 ? dvalid : undefined);

  const compiled = compile(gbdt);
  const margins = new Float64Array(dvalid.rows);
  compiled.predictBatch(dvalid.X, dvalid.rows, margins);
  const hasBoth = dvalid.y.includes(0) && dvalid.y.includes(1);
  let threshold = 0.5;
  let rule = 'fixed 0.5 (validation set lacks one class)';
  let validAuc = NaN;
  if (hasBoth) {
    gbdt.calibration = fitPlattGuarded(margins, dvalid.y);
    const probs = Array.from(margins, (m) => applyCalibration(gbdt.calibration, m));
    validAuc = rocAuc(probs, dvalid.y);
    const c = chooseThreshold(probs, dvalid.y, { kind: 'targetFpr', fpr: THRESHOLD_FPR });
    // Never below 0.5 on calibrated probabilities: Elastic's downstream filters use >= 0.5 too.
    threshold = Math.min(1, Math.max(0.5, c.threshold));
    rule = `max validation recall with FPR <= ${THRESHOLD_FPR} (recall ${c.recall.toFixed(4)}, fpr ${c.fpr.toFixed(4)}), floored at 0.5`;
  }
  gbdt.threshold = threshold;
  const file: ClassifierModelFile = {
    format: MODEL_FORMAT,
    model_id: o.modelId,
    feature_spec: o.spec,
    feature_names: fs.names,
    threshold,
    threshold_rule: rule,
    sources: [...counts(split.train, 'train'), ...counts(split.valid, 'validation')],
    training: {
      seed: o.seed,
      trees: gbdt.trees.length,
      best_iteration: gbdt.bestIteration,
      train_rows: dtrain.rows,
      valid_rows: dvalid.rows,
      valid_roc_auc: Number.isNaN(validAuc) ? 'n/a' : Number(validAuc.toFixed(6)),
      presence_equalised: equalize ? `${removed} field removals` : 'off',
      ...o.notes,
    },
    gbdt,
  };
  return { file, validAuc };
}
