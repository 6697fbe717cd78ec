// Which of a fixed set of words a string contains, in one pass: the same answers as calling
// `s.includes(word)` for every word, without one scan per word. Each position's first two characters
// index a table of the words that start with them, and only those are compared in full. Words must be
// ASCII and at least two characters long (every use here is: keyword lists and regex gates).

export class WordScanner {
  readonly words: readonly string[];
  /** found[w] === stamp when word w occurs in the last scanned string (no clearing between scans). */
  private readonly found: Int32Array;
  private stamp = 0;
  /** For the 2-character prefix (c0 << 7 | c1): candidates[start[p] … start[p + 1]). */
  private readonly start: Int32Array;
  /** Nonzero where some word starts with the 2-character prefix: one byte (a 16 KB table) rules out most positions. */
  private readonly pairs: Uint8Array;
  /** The third characters the words of each pair need (see thirdFits): most positions whose pair opens a word end there. */
  private readonly thirds: Int32Array;
  private readonly candidates: Int32Array;
  /** Word w's characters are codes[codeStart[w] … codeStart[w + 1]). */
  private readonly codes: Uint16Array;
  private readonly codeStart: Int32Array;
  /** scan()'s copy of its string's code units. */
  private text = new Uint16Array(256);

  constructor(words: readonly string[]) {
    this.words = words;
    for (const w of words)
      if (w.length < 2 || !/^[\x00-\x7f]+$/.test(w)) throw new Error(`WordScanner: "${w}" is not an ASCII word of two or more characters`);
    this.found = new Int32Array(words.length);
    ({ start: this.start, pairs: this.pairs, candidates: this.candidates, codes: this.codes, codeStart: this.codeStart, thirds: this.thirds } = pairIndex(
      words,
      (w) => (w.charCodeAt(0) << 7) | w.charCodeAt(1),
      (w) => w.charCodeAt(2),
    ));
  }

  /**
   * Scans s; then has(w) tells whether s.includes(words[w]). Its code units are copied into a buffer
   * and scanned as scanCodes does: the hot paths hand over codes they already hold, so this one copy
   * is cheaper than a second matcher to keep equal to matchAt.
   */
  scan(s: string): this {
    const len = s.length;
    // A buffer kept for lines up to 64 K code units; a longer (hostile) one gets its own, dropped after.
    let codes = this.text;
    if (len > codes.length) {
      codes = new Uint16Array(len);
      if (len <= KEPT_TEXT) this.text = codes;
    }
    for (let i = 0; i < len; i++) codes[i] = s.charCodeAt(i);
    return this.scanCodes(codes, len);
  }

  /** scan() over the code units codes[0 … len) (the same answers as scanning their string). */
  scanCodes(codes: Uint16Array, len: number): this {
    this.begin();
    const { pairs, thirds } = this;
    let c1 = len > 0 ? codes[0] : 0;
    for (let i = 0; i < len - 1; i++) {
      const c0 = c1;
      c1 = codes[i + 1];
      if ((c0 | c1) >= 128) continue;
      const p = (c0 << 7) | c1;
      if (pairs[p] !== 0 && thirdFits(pairs, thirds, p, i + 2 < len ? codes[i + 2] : 128)) this.matchAt(codes, len, i, p);
    }
    return this;
  }

  /** Starts a scan that a caller's own loop over codes drives with matchAt (has() then answers for it). */
  begin(): void {
    if (this.stamp === 0x7fffffff) {
      this.found.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  /**
   * Notes the words found at codes[i …] (within len), where the ASCII pair codes[i], codes[i + 1] is
   * p = (c0 << 7) | c1. A loop that calls this at every i whose pair has firstPair(p) is a scanCodes
   * (and so is one that also skips the positions where nextFits(p, codes[i + 2]) is false).
   */
  matchAt(codes: Uint16Array, len: number, i: number, p: number): void {
    const { start, candidates, found, codes: words, codeStart, stamp } = this;
    const e = start[p + 1];
    for (let k = start[p]; k < e; k++) {
      const w = candidates[k];
      if (found[w] === stamp) continue;
      // The first two characters matched through the table; compare the rest in place.
      const a = codeStart[w];
      const b = codeStart[w + 1];
      if (i + (b - a) > len) continue;
      let j = a + 2;
      while (j < b && codes[i + j - a] === words[j]) j++;
      if (j === b) found[w] = stamp;
    }
  }

  /** Whether some word starts with the ASCII pair p = (c0 << 7) | c1. */
  firstPair(p: number): boolean {
    return this.pairs[p] !== 0;
  }

  /**
   * For a pair with firstPair(p): whether some word of it can go on with c as its third character
   * (c ≥ 128: a non-ASCII character or the end of the text). When false, matchAt would find nothing.
   */
  nextFits(p: number, c: number): boolean {
    return thirdFits(this.pairs, this.thirds, p, c);
  }

  has(w: number): boolean {
    return this.found[w] === this.stamp;
  }
}

/**
 * The same words indexed by their last two characters, for a scan that writes the text as it goes:
 * at each position the words that can end there are compared backwards over what is already written.
 * `pairs[(c0 << 7) | c1]` is 1 when some word ends with c0 c1 (ASCII), and those words are
 * candidates[start[p] … start[p + 1]); word w is codes[codeStart[w] … codeStart[w + 1]).
 */
export class EndPairTable {
  /** Nonzero when some word ends with the pair. */
  readonly pairs: Uint8Array;
  readonly start: Int32Array;
  readonly candidates: Int32Array;
  readonly codes: Uint16Array;
  readonly codeStart: Int32Array;

  constructor(readonly words: readonly string[]) {
    for (const w of words)
      if (w.length < 2 || !/^[\x01-\x7f]+$/.test(w)) throw new Error(`EndPairTable: "${w}" is not an ASCII word of two or more characters (no NUL)`);
    // No filter on the character before the pair (WordScanner's on the third): measured neutral in the
    // cold pass (session 9).
    ({ start: this.start, pairs: this.pairs, candidates: this.candidates, codes: this.codes, codeStart: this.codeStart } = pairIndex(
      words,
      (w) => (w.charCodeAt(w.length - 2) << 7) | w.charCodeAt(w.length - 1),
    ));
  }
}

/**
 * ASCII words indexed by a pair of their characters (`pairOf`, 14 bits): the words of pair p are
 * candidates[start[p] … start[p + 1]), pairs[p] is nonzero when there is any, and word i's codes are
 * codes[codeStart[i] … codeStart[i + 1]). `thirdOf`, when given, names the character after a first pair
 * that thirdFits then tests (else `thirds` stays empty).
 */
function pairIndex(
  words: readonly string[],
  pairOf: (w: string) => number,
  thirdOf?: (w: string) => number,
): { start: Int32Array; pairs: Uint8Array; candidates: Int32Array; codes: Uint16Array; codeStart: Int32Array; thirds: Int32Array } {
  const buckets: number[][] = Array.from({ length: 128 * 128 }, () => []);
  words.forEach((w, i) => {
    buckets[pairOf(w)].push(i);
  });
  const start = new Int32Array(buckets.length + 1);
  const all: number[] = [];
  buckets.forEach((b, p) => {
    start[p] = all.length;
    all.push(...b);
  });
  start[buckets.length] = all.length;
  const codeStart = new Int32Array(words.length + 1);
  let n = 0;
  words.forEach((w, i) => {
    codeStart[i] = n;
    n += w.length;
  });
  codeStart[words.length] = n;
  const codes = new Uint16Array(n);
  words.forEach((w, i) => {
    for (let k = 0; k < w.length; k++) codes[codeStart[i] + k] = w.charCodeAt(k);
  });
  // pairs[p] numbers the pairs that words have (1, 2, …); thirds holds per number a 128-bit mask of the
  // third characters those words need (all bits for a two-character word) and, in a fifth integer,
  // whether one is that short (then no third character is needed at all).
  const pairs = new Uint8Array(buckets.length);
  const used = buckets.map((b, p) => (b.length > 0 ? p : -1)).filter((p) => p >= 0);
  if (used.length > 255) throw new Error(`pairIndex: ${used.length} distinct pairs do not fit in a byte`);
  const thirds = new Int32Array(thirdOf ? THIRD_STRIDE * (used.length + 1) : 0);
  used.forEach((p, k) => {
    pairs[p] = k + 1;
    if (!thirdOf) return;
    const at = THIRD_STRIDE * (k + 1);
    for (const i of buckets[p]) {
      const c = words[i].length > 2 ? thirdOf(words[i]) : -1;
      if (c < 0) {
        thirds.fill(-1, at, at + THIRD_STRIDE);
        continue;
      }
      thirds[at + (c >> 5)] |= 1 << (c & 31);
    }
  });
  return { start, pairs, candidates: Int32Array.from(all), codes, codeStart, thirds };
}

/** Longest string whose code units scan() keeps a buffer for. */
const KEPT_TEXT = 1 << 16;

/** Four integers of third-character bits (ASCII) and one that is nonzero when a two-character word shares the pair. */
const THIRD_STRIDE = 5;

/**
 * Whether a word of pair p (pairs[p] !== 0) can have c as its third character: c ≥ 128 stands for a
 * non-ASCII character or none (the text ends), which only a two-character word allows.
 */
function thirdFits(pairs: Uint8Array, thirds: Int32Array, p: number, c: number): boolean {
  const at = THIRD_STRIDE * pairs[p];
  return c < 128 ? (thirds[at + (c >> 5)] & (1 << (c & 31))) !== 0 : thirds[at + 4] !== 0;
}
