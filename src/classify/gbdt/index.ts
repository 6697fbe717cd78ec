// oddspawn's gradient-boosted tree engine: a dependency-free histogram GBDT for binary classification
// on dense numeric matrices (no npm trainer copes with 200k-row training on Node 20, see
// shared/docs/stack-and-peers.md §B.3).
//
// API
//   train(train: Dataset, params: TrainParams, valid?: Dataset, onRound?: (r: RoundLog) => void): GbdtModel
//       Binary logistic loss; ≤ 256 quantile bins per feature (exact bins for few-valued features,
//       thresholds kept as raw floats); leaf-wise growth up to maxLeaves, capped at maxDepth; histogram
//       subtraction; minChildWeight (hessian); L2; shrinkage; seeded row/column subsampling; learned
//       direction for NaN at every split; class weights; early stopping on validation logloss
//       (trees truncated to bestIteration). Same data + params + seed → byte-identical serializeModel().
//       Inputs should be finite or NaN: a split that separates "present" from "missing" uses the
//       threshold Number.MAX_VALUE, so +Infinity would follow the missing side at inference.
//   compile(model: GbdtModel): CompiledModel — typed-array inference: predictRaw / predictProba /
//       predictBatch (row-major X, NaN = missing). Typed-array rows are scored QuickScorer-style
//       (quickscorer.ts), bit-identical to the tree walk; usedFeatures lists the columns splits read.
//   new SplitScorer(quickScorerTables(flat), isStatic, capacity?, rowWidth?): QuickScorer whose state
//       after the "static" columns is memoised by their bits (bit-identical margins; the partition only
//       sets the hit rate); its inner loops run in a hand-written wasm module (quickscorer-wasm.ts), and
//       `row` is its own row in wasm memory (featurize into it to skip a copy).
//   treeShap(model: CompiledModel | GbdtModel, x): Float64Array — exact path-dependent TreeSHAP;
//       length nFeatures + 1, last entry is the bias, the sum is the raw margin.
//   pathAttribution(model, x): Float64Array — Saabas path attribution, same layout, O(depth) per tree
//       (cheap enough for every event; not Shapley-exact — use treeShap for what a human reads).
//   serializeModel(m): string / parseModel(json, file?): GbdtModel — canonical JSON; the parser
//       validates (zod + tree structure) and throws OddspawnError('OS_CONFIG') naming the problem.
//   Calibration: fitPlatt / fitIsotonic (on validation raw margins) → set model.calibration;
//       applyCalibration; reliabilityCurve + expectedCalibrationError for the model card.
//   featureImportance(model) — total gain / splits / cover per feature.
//   Metrics: rocAuc, averagePrecision, logLoss, tprAtFpr, confusionAt, chooseThreshold.

export type { Dataset, TrainParams, RoundLog, GbdtModel, TreeJson, CompiledModel, FlatForest, Calibration } from './types.js';
export { train, logloss as marginLogloss } from './train.js';
export { compile, predictRawTreeWalk } from './compile.js';
export { quickScorerTables, type QuickScorerTables } from './quickscorer.js';
export { SplitScorer, type SplitScorerStats } from './split-scorer.js';
export { treeShap, pathAttribution } from './shap.js';
export { serializeModel, parseModel } from './serialize.js';
export { fitPlatt, fitIsotonic, applyCalibration, sigmoid, reliabilityCurve, expectedCalibrationError, type ReliabilityBin } from './calibrate.js';
export { rocAuc, averagePrecision, logLoss, tprAtFpr, confusionAt, chooseThreshold, type Confusion, type ThresholdRule } from './metrics.js';
export { featureImportance, type FeatureImportance } from './importance.js';
