// The Beta distribution pieces the Elastic-compatible `rare` scorer needs (ml-cpp samples category
// frequencies from Beta posteriors): log-gamma, the regularized incomplete beta I_x(a, b) and its inverse.
// Written here rather than taken from a package so results are bit-for-bit stable across installs.

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LN_SQRT_2PI = 0.9189385332046728;

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the series in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS_G + 2; i++) s += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Continued fraction for I_x(a, b) (modified Lentz), valid and fast for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b); a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`incompleteBeta: a and b must be > 0 (a=${a}, b=${b})`);
  return incompleteBetaLn(x, a, b, logBeta(a, b));
}

/** I_x(a, b) with ln B(a, b) precomputed (callers evaluating many x for one (a, b) save three log-gammas each). */
export function incompleteBetaLn(x: number, a: number, b: number, lnB: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = a * Math.log(x) + b * Math.log1p(-x) - lnB;
  if (x < (a + 1) / (a + b + 2)) {
    return Math.exp(lnFront) * betaContinuedFraction(x, a, b) / a;
  }
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** ln of the Beta(a, b) density at x. */
function logBetaPdf(x: number, a: number, b: number, lnB: number): number {
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB;
}

/** Initial guess for the quantile (Numerical Recipes §6.4), refined below. */
function initialGuess(q: number, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const pp = q < 0.5 ? q : 1 - q;
    const t = Math.sqrt(-2 * Math.log(pp));
    let x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (q < 0.5) x = -x;
    const al = (x * x - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (x * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const lna = Math.log(a / (a + b));
  const lnb = Math.log(b / (a + b));
  const t = Math.exp(a * lna) / a;
  const u = Math.exp(b * lnb) / b;
  const w = t + u;
  return q < t / w ? Math.pow(a * w * q, 1 / a) : 1 - Math.pow(b * w * (1 - q), 1 / b);
}

/** The q-quantile of Beta(a, b): x with I_x(a, b) = q. Safeguarded Newton inside a shrinking bracket. */
export function inverseIncompleteBeta(q: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`inverseIncompleteBeta: a and b must be > 0 (a=${a}, b=${b})`);
  if (q <= 0) return 0;
  if (q >= 1) return 1;
  const lnB = logBeta(a, b);
  let lo = 0;
  let hi = 1;
  let x = initialGuess(q, a, b);
  if (!(x > 0 && x < 1)) x = 0.5;
  for (let it = 0; it < 200; it++) {
    const f = incompleteBetaLn(x, a, b, lnB) - q;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const pdf = Math.exp(logBetaPdf(x, a, b, lnB));
    let next = pdf > 0 && Number.isFinite(pdf) ? x - f / pdf : NaN;
    // Newton leaving the bracket (or stalling) falls back to bisection, which always converges.
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.max(x, 1e-300) || hi - lo <= 1e-300) return next;
    x = next;
  }
  return x;
}
