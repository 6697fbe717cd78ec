// Shapes shared by the GBDT trainer, inference, TreeSHAP and the model file.
// The model is plain JSON-able data; CompiledModel is the fast typed-array form built from it.

/** A dense training matrix. X is row-major (rows × cols); NaN means "missing". y is 0/1. */
export interface Dataset {
  rows: number;
  cols: number;
  X: Float32Array;
  y: Uint8Array;
  /** Optional per-row sample weight (multiplies gradient and hessian). */
  weight?: Float32Array;
  featureNames: string[];
}

export interface TrainParams {
  nTrees: number;
  learningRate: number;
  /** Depth cap; with maxLeaves the tree grows best-first (leaf-wise) up to both limits. */
  maxDepth: number;
  /** Leaf cap for best-first growth; defaults to 2^maxDepth (i.e. only the depth limit binds). */
  maxLeaves?: number;
  /** Minimum hessian sum in each child. */
  minChildWeight: number;
  lambdaL2: number;
  /** Minimum loss reduction for a split (default 0). */
  minSplitGain?: number;
  /** Fraction of rows drawn (Bernoulli, seeded) per tree; 1 = all. */
  rowSubsample: number;
  /** Fraction of usable features drawn (seeded) per tree; 1 = all. */
  colSubsample: number;
  /** Bins per feature including the missing-value bin, at most 256. */
  maxBins: number;
  /** Multipliers of gradient and hessian for positive and negative rows. */
  classWeights?: { pos: number; neg: number };
  /** Stop when validation logloss has not improved for this many rounds (needs a validation set). */
  earlyStoppingRounds?: number;
  seed: number;
}

/** One boosting round, as passed to onRound and kept in the model's trainLog. Deterministic (no timings). */
export interface RoundLog {
  round: number;
  trainLogloss: number;
  validLogloss?: number;
  leaves: number;
}

/**
 * One tree as flat arrays indexed by node id; node 0 is the root. A node is a leaf when feature[i] === -1.
 * Split rule: x[feature] <= threshold → left; NaN → left iff missingGoesLeft; otherwise right.
 * right[i] === left[i] + 1 for every split node (children are allocated in pairs).
 */
export interface TreeJson {
  feature: number[];
  threshold: number[];
  missingGoesLeft: number[];
  left: number[];
  right: number[];
  /** Leaf output (already multiplied by the learning rate); 0 on split nodes. */
  leafValue: number[];
  /** Hessian sum of the training rows that reached the node ("cover", used by TreeSHAP). */
  cover: number[];
  /** Loss reduction of the split; 0 on leaves. */
  gain: number[];
}

/**
 * A fitted probability calibration. Platt maps the raw margin m to sigmoid(a·m + b); isotonic maps
 * sigmoid(m) through the increasing step points (x, y) with linear interpolation between them.
 */
export type Calibration =
  | { kind: 'platt'; a: number; b: number }
  | { kind: 'isotonic'; x: number[]; y: number[] };

export interface GbdtModel {
  version: 1;
  objective: 'binary:logistic';
  featureNames: string[];
  /** Raw margin (log-odds) added before the trees. */
  baseScore: number;
  trees: TreeJson[];
  /** Index (0-based) of the best validation round; trees.length === bestIteration + 1. */
  bestIteration: number;
  params: TrainParams;
  trainLog: RoundLog[];
  calibration?: Calibration;
  /** Decision threshold on the (calibrated) probability, chosen on validation by the caller. */
  threshold?: number;
}

export interface CompiledModel {
  nFeatures: number;
  featureNames: string[];
  /** Raw margin for the row starting at x[offset]. */
  predictRaw(x: ArrayLike<number>, offset?: number): number;
  /** Sigmoid of the raw margin, then the model's calibration when it has one. */
  predictProba(x: ArrayLike<number>, offset?: number): number;
  /** Raw margins for `rows` row-major rows of X into out. */
  predictBatch(X: Float32Array | Float64Array, rows: number, out: Float64Array): void;
  /** The flat arrays (all trees concatenated) — used by TreeSHAP. */
  readonly flat: FlatForest;
  /** Feature columns at least one split reads, ascending (the others never change a prediction). */
  readonly usedFeatures: Int32Array;
}

export interface FlatForest {
  baseScore: number;
  /** Root node id of each tree in the concatenated arrays. */
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  /** Left child id (global); right child is left + 1. */
  left: Int32Array;
  value: Float64Array;
  cover: Float64Array;
  /** Depth of each tree (edges on the longest root-leaf path). */
  depth: Int32Array;
  calibration?: Calibration;
}
