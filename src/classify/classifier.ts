// Scoring: featurize into a reused row, predict, calibrate, apply the block/allow list, and explain
// with exact TreeSHAP — only for events predicted malicious or above a small probability, because
// explanations cost far more than the prediction itself.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFeatureSet, readsCommandLine, type EventView, type FeatureSet } from '../features/index.js';
import { FEATURE_INPUT_COUNT } from '../features/inputs.js';
import { commandLineMemoStats } from '../features/parity-normalize.js';
import type { NormalizedEvent, ProcessEvent } from '../normalize/process-event.js';
import { applyCalibration, compile, quickScorerTables, SplitScorer, treeShap, type CompiledModel } from './gbdt/index.js';
import { contextFeaturizer } from './context-featurize.js';
import { InputMemo } from './input-memo.js';
import { readClassifier, type ClassifierModelFile } from './model-file.js';
import { applyOverrides, type OverrideList } from './overrides.js';
import type { ClassifierFields, ScoredDocument, ScoredEvent, TopFeature } from './types.js';

export const DEFAULT_MODEL_FILE = 'oddspawn-classifier.json';
/** Events at or above this probability get explanations even when not predicted malicious. */
export const EXPLAIN_MIN_PROBABILITY = 0.1;
const TOP_K = 5;
/** Where readFeatureInputs writes the command line. */
const CMD_INPUT = FEATURE_INPUT_COUNT - 1;

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
  /** How often this classifier's memos hit since it was created (benchmarks and diagnostics). */
  memoStats?(): ClassifierMemoStats;
}

export interface ClassifierMemoStats {
  /** Events whose featurization inputs were seen together before: no featurization, no row. */
  inputHits: number;
  /** Rows featurized and scored. */
  rows: number;
  /** Featurized rows whose context (every input but the command line) was seen before / was new (context-featurize.ts). */
  contextHits?: number;
  contextMisses?: number;
  /** Scored rows whose static columns' scorer state was memoised / had to be built. */
  staticHits: number;
  staticMisses: number;
  /**
   * The featurizer's command-line record memo, process-wide (shared by every classifier in the
   * thread): lookups and misses (a miss = a command line featurized from scratch, a "cold" event).
   */
  commandLineLookups: number;
  commandLineMisses: number;
}

/**
 * `{ ...ev, problemchild, classifier }`, built as a literal when ev has exactly the normalizer's keys
 * (in its order, with or without ingest's `raw`): V8 copies a spread followed by more properties on a
 * slow path (≈ 3–4 µs an event, more than the warm prediction itself). Any other key set, order or a
 * symbol key takes the spread, so the result is the spread's in every case.
 */
export function withScores(ev: NormalizedEvent, problemchild: ScoredEvent['problemchild'], classifier: ClassifierFields): ScoredEvent {
  const k = Object.keys(ev);
  if ((k.length === 4 || (k.length === 5 && k[4] === 'raw')) && k[0] === 'event' && k[1] === 'timeMs' && k[2] === 'shape' && k[3] === 'origin' && Object.getOwnPropertySymbols(ev).length === 0)
    return k.length === 4
      ? { event: ev.event, timeMs: ev.timeMs, shape: ev.shape, origin: ev.origin, problemchild, classifier }
      : { event: ev.event, timeMs: ev.timeMs, shape: ev.shape, origin: ev.origin, raw: ev.raw, problemchild, classifier };
  return { ...ev, problemchild, classifier };
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
  // A row the input memo could not answer usually has a new command line and a familiar rest (names,
  // paths, parent, user): the scorer's state after the columns that do not read the command line is
  // memoised (bit-identical to compiled.predictRaw, see split-scorer.ts).
  const scorer = new SplitScorer(quickScorerTables(compiled.flat), (col) => !readsCommandLine(features.names[col]), undefined, features.names.length);
  // Events are featurized straight into the scorer's own row (no copy per scored row).
  const row = scorer.row;
  // No memo of whole rows' margins in front of the scorer: behind the input memo few
  // rows repeat (a simulated organisation's stream: 7 % of them), and gathering and storing all used
  // columns of every row cost more than those hits saved (session 8, same-process A/Bs).
  const calibration = compiled.flat.calibration;
  let rows = 0;
  /** The margin of the row just featurized (identical to compiled.predictRaw(row)). */
  const rowMargin = (): number => {
    rows++;
    return scorer.raw32(row, 0);
  };
  // Events whose featurization inputs were all seen together before (the usual case) skip
  // featurization: the margin is the one those inputs gave (see input-memo.ts). `row` then still
  // holds an earlier event, so whoever reads it (explanations) featurizes first.
  const inputs = new InputMemo();
  /** The event `row` and `view` were last featurized from. */
  let rowEvent: ProcessEvent | undefined;
  let view: EventView | undefined;
  const featurize = (ev: ProcessEvent): EventView => {
    if (rowEvent !== ev || view === undefined) {
      view = features.featurize(ev, row, 0);
      rowEvent = ev;
    }
    return view;
  };
  // A new command line in a familiar context: the families that do not read it are not run again.
  const byContext = contextFeaturizer(features);
  const eventMargin = (ev: ProcessEvent): number => {
    const known = inputs.lookup(ev);
    if (known !== undefined) return known;
    const keyed = inputs.lastInputs();
    // The input memo has hashed the command line already: the featurizer takes the line's record
    // from it, or builds a line it does not hold without looking it up again.
    const record = inputs.lineRecord();
    const line = keyed !== undefined && record !== undefined ? { raw: keyed[CMD_INPUT] as string, parts: record ?? undefined } : undefined;
    view = byContext.featurize(ev, keyed, row, 0, line);
    rowEvent = ev;
    const margin = rowMargin();
    inputs.store(margin, view.parity.cmdParts);
    return margin;
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
    rowEvent = undefined;
    const p = applyCalibration(calibration, eventMargin(ev));
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
    if (opts.explain !== false && (prediction === 1 || p >= EXPLAIN_MIN_PROBABILITY)) fields.top_features = explain(featurize(ev));
    // Elastic semantics: the probability of the predicted class.
    const predProb = prediction === 1 ? p : 1 - p;
    return { problemchild: { prediction, prediction_probability: Math.round(predProb * 1e6) / 1e6 }, classifier: fields };
  };

  return {
    model,
    features,
    threshold,
    probability(ev) {
      rowEvent = undefined;
      return applyCalibration(calibration, eventMargin(ev));
    },
    classify,
    explainEvent(ev) {
      rowEvent = undefined;
      return explain(featurize(ev));
    },
    scoreEvent(ev) {
      const r = classify(ev.event);
      return withScores(ev, r.problemchild, r.classifier);
    },
    toScoredDocument(ev) {
      const r = classify(ev);
      return { ...ev, problemchild: r.problemchild, oddspawn: { classifier: r.classifier } };
    },
    memoStats() {
      return {
        inputHits: inputs.hits,
        rows,
        contextHits: byContext.memo.hits,
        contextMisses: byContext.memo.misses,
        staticHits: scorer.hits,
        staticMisses: scorer.misses,
        commandLineLookups: commandLineMemoStats.lookups,
        commandLineMisses: commandLineMemoStats.misses,
      };
    },
  };
}
