// Ranking and threshold metrics for `oddspawn eval` and the model card. Scores are "higher = more
// positive"; equal scores are handled as ties everywhere (no dependence on input order).

export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  fpr: number;
  f1: number;
}

/** Distinct scores in descending order with the positives and negatives at each. */
interface TieGroup {
  score: number;
  pos: number;
  neg: number;
}

function tieGroups(scores: ArrayLike<number>, labels: ArrayLike<number>): { groups: TieGroup[]; P: number; N: number } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const groups: TieGroup[] = [];
  let P = 0;
  let N = 0;
  for (const i of order) {
    const s = scores[i];
    if (Number.isNaN(s)) throw new RangeError(`metrics: score ${i} is NaN`);
    const pos = labels[i] ? 1 : 0;
    P += pos;
    N += 1 - pos;
    const g = groups[groups.length - 1];
    if (g && g.score === s) {
      g.pos += pos;
      g.neg += 1 - pos;
    } else groups.push({ score: s, pos, neg: 1 - pos });
  }
  return { groups, P, N };
}

/** ROC-AUC = P(score of a random positive > random negative) + ½ P(tie). NaN without both classes. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { groups, P, N } = tieGroups(scores, labels);
  if (P === 0 || N === 0) return NaN;
  let tpAbove = 0;
  let sum = 0;
  for (const g of groups) {
    sum += g.neg * (tpAbove + g.pos / 2);
    tpAbove += g.pos;
  }
  return sum / (P * N);
}

/** Average precision: Σ (R_k − R_{k−1}) · P_k over the distinct-score thresholds (as scikit-learn). */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { groups, P } = tieGroups(scores, labels);
  if (P === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (const g of groups) {
    tp += g.pos;
    fp += g.neg;
    if (g.pos) ap += (g.pos / P) * (tp / (tp + fp));
  }
  return ap;
}

/** Mean binary cross-entropy of probabilities, clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probs[i]));
    s -= labels[i] ? Math.log(p) : Math.log(1 - p);
  }
  return probs.length ? s / probs.length : NaN;
}

/** Confusion when "score ≥ threshold" predicts positive. */
export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i] >= threshold;
    if (labels[i]) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  return confusion(threshold, tp, fp, tn, fn);
}

function confusion(threshold: number, tp: number, fp: number, tn: number, fn: number): Confusion {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    precision,
    recall,
    fpr: fp + tn ? fp / (fp + tn) : 0,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

/** Every distinct-score threshold, highest first, with its confusion ("score ≥ threshold" is positive). */
function sweep(scores: ArrayLike<number>, labels: ArrayLike<number>): Confusion[] {
  const { groups, P, N } = tieGroups(scores, labels);
  const out: Confusion[] = [];
  let tp = 0;
  let fp = 0;
  for (const g of groups) {
    tp += g.pos;
    fp += g.neg;
    out.push(confusion(g.score, tp, fp, N - fp, P - tp));
  }
  return out;
}

/**
 * The highest TPR reachable with FPR ≤ maxFpr, and the threshold giving it. When even the highest
 * score exceeds the FPR budget, TPR is 0 and the threshold is just above the top score.
 */
export function tprAtFpr(scores: ArrayLike<number>, labels: ArrayLike<number>, maxFpr: number): Confusion {
  let best: Confusion | null = null;
  for (const c of sweep(scores, labels)) if (c.fpr <= maxFpr && (!best || c.recall > best.recall)) best = c;
  if (best) return best;
  const { P, N } = tieGroups(scores, labels);
  let top = -Infinity;
  for (let i = 0; i < scores.length; i++) top = Math.max(top, scores[i]);
  return confusion(nextUp(top), 0, 0, N, P);
}

export type ThresholdRule = { kind: 'maxF1' } | { kind: 'targetFpr'; fpr: number };

/** Chooses a decision threshold on validation scores: the max-F1 point (highest threshold among ties) or the TPR@FPR point. */
export function chooseThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, rule: ThresholdRule): Confusion {
  if (rule.kind === 'targetFpr') return tprAtFpr(scores, labels, rule.fpr);
  let best: Confusion | null = null;
  for (const c of sweep(scores, labels)) if (!best || c.f1 > best.f1) best = c;
  if (!best) throw new RangeError('chooseThreshold: no scores');
  return best;
}

function nextUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  if (x === 0) return Number.MIN_VALUE;
  bits[0] += x > 0 ? 1n : -1n;
  return buf[0];
}
