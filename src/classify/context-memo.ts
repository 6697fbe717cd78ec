// A memo keyed by an event's featurization inputs other than the command line (features/inputs.ts):
// process, parent, PE name, integrity, token, signature and user. In telemetry a new command line
// mostly comes with a familiar context (the same program started by the same parent for the same
// user), so what featurization derives from the context alone is the one computed then. Entries
// are found by variantHash (a cheap hash that reads a few characters of each string, so a fresh
// string is not hashed in full) and chained; every input is compared with === before a hit. A
// table that fills is dropped at once, like the other memos.

import { FEATURE_INPUT_COUNT } from '../features/inputs.js';
import { variantHash } from './input-memo.js';

/** The inputs compared: all but the command line, which readFeatureInputs writes last. */
const K = FEATURE_INPUT_COUNT - 1;
/** Entries compared per lookup at most (the newest first); an older one beyond is only a miss. */
const MAX_CHAIN = 8;

export class ContextMemo<V> {
  private readonly byHash = new Map<number, number>();
  /** Entry e's inputs are keys[e*K … (e+1)*K). */
  private readonly keys: unknown[];
  private readonly values: (V | undefined)[];
  /** The next (older) entry with the same hash, -1 at the end. */
  private readonly next: Int32Array;
  private count = 0;
  /** The last lookup's hash and chain head (-1: none). */
  private lastHash = 0;
  private lastHead = -1;
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 16384) {
    if (!(capacity >= 1)) throw new RangeError('ContextMemo: capacity must be at least 1');
    this.keys = new Array<unknown>(capacity * K).fill(undefined);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.next = new Int32Array(capacity);
  }

  /** The value stored for inputs[0 … K), or undefined; remembers the lookup for `store`. */
  lookup(inputs: readonly unknown[]): V | undefined {
    const h = (this.lastHash = variantHash(inputs, 0, -1));
    let e = (this.lastHead = this.byHash.get(h) ?? -1);
    const keys = this.keys;
    for (let k = 0; e >= 0 && k < MAX_CHAIN; e = this.next[e], k++) {
      const base = e * K;
      let i = 0;
      while (i < K && keys[base + i] === inputs[i]) i++;
      if (i === K) {
        this.hits++;
        return this.values[e];
      }
    }
    this.misses++;
    return undefined;
  }

  /** Stores value under inputs[0 … K), which the last `lookup` was given (and missed). */
  store(inputs: readonly unknown[], value: V): void {
    let head = this.lastHead;
    if (this.count >= this.capacity) {
      this.byHash.clear();
      this.values.fill(undefined);
      this.count = 0;
      head = -1;
    }
    const e = this.count++;
    const base = e * K;
    for (let i = 0; i < K; i++) this.keys[base + i] = inputs[i];
    this.values[e] = value;
    this.next[e] = head;
    this.byHash.set(this.lastHash, e);
  }

  get size(): number {
    return this.count;
  }
}
