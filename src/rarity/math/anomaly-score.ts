// ml-cpp's probability → raw anomaly score map (CTools::anomalyScore) and the thresholds around it.

/** Records are written only below this probability (ml-cpp DEFAULT_MAXIMUM_ANOMALOUS_PROBABILITY / CLimits). */
export const MAX_ANOMALOUS_PROBABILITY = 0.035;

const SMALL_P = 1e-4;
const LARGE_P = 0.05;
const MIN_P = 1e-50;
const LN_SMALL_P = Math.log(SMALL_P);
const LN_MIN_P = Math.log(MIN_P);
const LN_DBL_MIN = Math.log(2.2250738585072014e-308);

/** Piecewise map of a probability onto [0, 100]: 1/p-linear to 1 at 1e-4, log-linear to 50 at 1e-50, then to 100 at DBL_MIN. */
export function anomalyScore(p: number): number {
  if (!(p < LARGE_P)) return 0;
  if (p >= SMALL_P) return (1 / p - 1 / LARGE_P) / (1 / SMALL_P - 1 / LARGE_P);
  const lp = Math.log(Math.max(p, 2.2250738585072014e-308));
  if (p >= MIN_P) return 1 + (49 * (-lp + LN_SMALL_P)) / (-LN_MIN_P + LN_SMALL_P);
  return Math.min(100, 50 + (50 * (-lp + LN_MIN_P)) / (-LN_DBL_MIN + LN_MIN_P));
}

/** The raw score a leaf result contributes: zero unless p is below the anomalous threshold. */
export function rawScore(p: number): number {
  return p > MAX_ANOMALOUS_PROBABILITY ? 0 : anomalyScore(p);
}

// Slope of the score's log-linear cap: from 0 at p = 0.05 to 1 (i.e. 100) at p = 1e-4.
const CAP_SLOPE = (anomalyScore(SMALL_P) - anomalyScore(LARGE_P)) / (Math.log(SMALL_P) - Math.log(LARGE_P));

/** s3 of the normaliser: probabilities near the cut-off cannot score high, whatever the history says. */
export function probabilityCap(p: number): number {
  return 100 * (0.95 * CAP_SLOPE * (Math.log(Math.max(p, 2.2250738585072014e-308)) - Math.log(LARGE_P)) + 0.05);
}
