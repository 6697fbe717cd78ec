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
  /** 1 where some word starts with the 2-character prefix: one byte (a 16 KB table) rules out most positions. */
  private readonly pairs: Uint8Array;
  private readonly candidates: Int32Array;
  /** Word w's characters are codes[codeStart[w] … codeStart[w + 1]). */
  private readonly codes: Uint16Array;
  private readonly codeStart: Int32Array;

  constructor(words: readonly string[]) {
    this.words = words;
    for (const w of words)
      if (w.length < 2 || !/^[\x00-\x7f]+$/.test(w)) throw new Error(`WordScanner: "${w}" is not an ASCII word of two or more characters`);
    this.found = new Int32Array(words.length);
    const buckets: number[][] = Array.from({ length: 128 * 128 }, () => []);
    words.forEach((w, i) => {
      buckets[(w.charCodeAt(0) << 7) | w.charCodeAt(1)].push(i);
    });
    this.start = new Int32Array(buckets.length + 1);
    const all: number[] = [];
    buckets.forEach((b, p) => {
      this.start[p] = all.length;
      all.push(...b);
    });
    this.start[buckets.length] = all.length;
    this.pairs = Uint8Array.from(buckets, (b) => (b.length > 0 ? 1 : 0));
    this.candidates = Int32Array.from(all);
    this.codeStart = new Int32Array(words.length + 1);
    let n = 0;
    words.forEach((w, i) => {
      this.codeStart[i] = n;
      n += w.length;
    });
    this.codeStart[words.length] = n;
    this.codes = new Uint16Array(n);
    words.forEach((w, i) => {
      for (let k = 0; k < w.length; k++) this.codes[this.codeStart[i] + k] = w.charCodeAt(k);
    });
  }

  /** Scans s; then has(w) tells whether s.includes(words[w]). */
  scan(s: string): this {
    if (this.stamp === 0x7fffffff) {
      this.found.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const { start, pairs, candidates, found, codes, codeStart } = this;
    const len = s.length;
    let c1 = s.charCodeAt(0);
    for (let i = 0; i < len - 1; i++) {
      const c0 = c1;
      c1 = s.charCodeAt(i + 1);
      if ((c0 | c1) >= 128) continue;
      const p = (c0 << 7) | c1;
      if (pairs[p] === 0) continue;
      const e = start[p + 1];
      for (let k = start[p]; k < e; k++) {
        const w = candidates[k];
        if (found[w] === stamp) continue;
        // The first two characters matched through the table; compare the rest in place.
        const a = codeStart[w];
        const b = codeStart[w + 1];
        if (i + (b - a) > len) continue;
        let j = a + 2;
        while (j < b && s.charCodeAt(i + j - a) === codes[j]) j++;
        if (j === b) found[w] = stamp;
      }
    }
    return this;
  }

  /** scan() over the code units codes[0 … len) (the same answers as scanning their string). */
  scanCodes(codes: Uint16Array, len: number): this {
    if (this.stamp === 0x7fffffff) {
      this.found.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const { start, pairs, candidates, found, codes: words, codeStart } = this;
    let c1 = len > 0 ? codes[0] : 0;
    for (let i = 0; i < len - 1; i++) {
      const c0 = c1;
      c1 = codes[i + 1];
      if ((c0 | c1) >= 128) continue;
      const p = (c0 << 7) | c1;
      if (pairs[p] === 0) continue;
      const e = start[p + 1];
      for (let k = start[p]; k < e; k++) {
        const w = candidates[k];
        if (found[w] === stamp) continue;
        const a = codeStart[w];
        const b = codeStart[w + 1];
        if (i + (b - a) > len) continue;
        let j = a + 2;
        while (j < b && codes[i + j - a] === words[j]) j++;
        if (j === b) found[w] = stamp;
      }
    }
    return this;
  }

  has(w: number): boolean {
    return this.found[w] === this.stamp;
  }
}
