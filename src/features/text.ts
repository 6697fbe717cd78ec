// Small string helpers for the hot featurization path: no allocation beyond what the caller needs.

/** FNV-1a over a string's UTF-16 code units, seeded so several hash spaces can share one function. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** FNV-1a over s[start, end) without slicing. */
export function fnv1aRange(s: string, start: number, end: number, seed: number): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The last path component, after either slash. */
export function basename(p: string): string {
  let i = p.length - 1;
  while (i >= 0) {
    const c = p.charCodeAt(i);
    if (c === 92 || c === 47) break;
    i--;
  }
  return p.slice(i + 1);
}

/** Everything before the last slash (no trailing slash); '' when there is none. */
export function dirname(p: string): string {
  let i = p.length - 1;
  while (i >= 0) {
    const c = p.charCodeAt(i);
    if (c === 92 || c === 47) break;
    i--;
  }
  return i <= 0 ? '' : p.slice(0, i);
}

/**
 * Shannon entropy in bits per character from a string's code-unit counts: ASCII counts in `counts`
 * (the distinct codes in `used[0 … nUsed)`, in order of first occurrence), the others in `other`
 * (insertion order), n code units in all. Clears the ASCII counts it read. Scanners that already walk
 * a string count into their own arrays and call this: the sum runs in the same order as entropy(s).
 */
export function entropyOfCounts(counts: Int32Array, used: Int32Array, nUsed: number, other: Map<number, number> | undefined, n: number): number {
  let h = 0;
  for (let k = 0; k < nUsed; k++) {
    const c = used[k];
    h -= entropyTerm(counts[c], n);
    counts[c] = 0;
  }
  if (other) for (const k of other.values()) h -= entropyTerm(k, n);
  return h;
}

// p · log2(p) for p = k / n, kept per (n, k) for n < TERM_N and k < TERM_K: a new command line
// otherwise pays one Math.log2 per distinct character (≈ 46 on a realistic line, a fifth of its cold
// pass), while lines share their lengths and small counts. The stored double is the product the sum
// would compute (JavaScript rounds p, the log and the product each to a double, and fuses nothing),
// so every entropy is bit-identical. One row per length: a line reads one contiguous 512-byte row.
const TERM_K = 64;
const TERM_N = 1024;
/** NaN = not computed yet (a term itself is never NaN: 0 < p ≤ 1). */
const TERMS = new Float64Array(TERM_K * TERM_N).fill(NaN);

/** (k / n) * Math.log2(k / n), from the table when it fits (k ≥ 1, n ≥ k). */
export function entropyTerm(k: number, n: number): number {
  if (k < TERM_K && n < TERM_N) {
    const i = n * TERM_K + k;
    const t = TERMS[i];
    if (t === t) return t;
    const p = k / n;
    return (TERMS[i] = p * Math.log2(p));
  }
  const p = k / n;
  return p * Math.log2(p);
}

const ASCII_COUNTS = new Int32Array(128);
/** The distinct ASCII codes of the current string in order of first occurrence (no array per call). */
const USED = new Int32Array(128);

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0;
  // ASCII in a reused typed array (the hot path), anything else in a map.
  let other: Map<number, number> | undefined;
  let nUsed = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (ASCII_COUNTS[c]++ === 0) USED[nUsed++] = c;
    } else {
      other ??= new Map();
      other.set(c, (other.get(c) ?? 0) + 1);
    }
  }
  return entropyOfCounts(ASCII_COUNTS, USED, nUsed, other, s.length);
}

/** Count of occurrences of one character code. */
export function countChar(s: string, code: number): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === code) n++;
  return n;
}

/** A file name without its last extension ("svchost.exe" → "svchost"). */
export function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Levenshtein distance capped at max+1 (early exit): lookalike names only need distance ≤ 2. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
