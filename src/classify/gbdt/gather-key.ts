// The key of a row's columns: their exact bits, copied out, and a hash of them. The split scorer memoises its
// state after the static columns under this key and compares the copied bits in full on every hit, so a hit
// returns exactly what scoring the row would (bitwise equality is stricter than numeric: -0 vs 0 or two NaN
// payloads only cost a miss).

/**
 * Copies the bits of `cols` (of the row at `offset`) into `key` and returns their hash. Two interleaved FNV-style
 * chains halve the multiply latency on the critical path.
 */
export function gatherKey(rowBits: Int32Array<ArrayBufferLike>, offset: number, cols: Int32Array, key: Int32Array): number {
  const width = cols.length;
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 | 0;
  let i = 0;
  for (; i + 1 < width; i += 2) {
    const a = rowBits[offset + cols[i]];
    const c = rowBits[offset + cols[i + 1]];
    key[i] = a;
    key[i + 1] = c;
    h1 = Math.imul(h1 ^ a, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  if (i < width) {
    const a = rowBits[offset + cols[i]];
    key[i] = a;
    h1 = Math.imul(h1 ^ a, 0x01000193);
  }
  return Math.imul(h1 ^ (h2 >>> 15), 0x2c1b3c6d) ^ h2;
}
