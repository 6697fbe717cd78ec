// Bounded memos for the featurization hot path. Telemetry repeats the same executables, names and
// command lines endlessly, and every feature is a pure function of a few strings, so a result cached
// under exactly the strings it reads is bit-identical to a fresh one. A memo is cleared when full
// (simpler and cheaper than LRU bookkeeping; a real stream refills the hot keys at once).

import type { FeatureFamily } from './family.js';
import type { EventView } from './view.js';

export class BoundedMemo<V> {
  private map = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): V {
    if (this.map.size >= this.capacity) this.map.clear();
    this.map.set(key, value);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}

/** `f(key)` through a memo. */
export function memoized<V>(capacity: number, f: (key: string) => V): (key: string) => V {
  const memo = new BoundedMemo<V>(capacity);
  return (key) => {
    const hit = memo.get(key);
    return hit !== undefined ? hit : memo.set(key, f(key));
  };
}

/**
 * An unambiguous key from several strings: each part is prefixed with its length, so no choice of
 * part contents can make two different tuples collide.
 */
export function tupleKey(a: string, b: string, c = ''): string {
  return `${a.length}:${a}${b.length}:${b}${c.length}:${c}`;
}

const INNER_CAPACITY = 64;

/**
 * The same family, with its whole output slice memoised under `key(view)`. `key` must cover every
 * input `extract` reads (together with `innerKey`, when given); the output is then a pure function of
 * the key and the copy is exact.
 */
export function memoFamily(family: FeatureFamily, capacity: number, key: (v: EventView) => string, innerKey?: (v: EventView) => string): FeatureFamily {
  const n = family.names.length;
  const memo = new BoundedMemo<Float32Array>(capacity);
  // With an inner key, a long outer key (a command line) is hashed as is instead of being copied
  // into a concatenation with the short one on every event.
  const nested = new BoundedMemo<BoundedMemo<Float32Array>>(capacity);
  return {
    id: family.id,
    names: family.names,
    extract(view, row, offset) {
      const k = key(view);
      let m = memo;
      let k2 = k;
      if (innerKey) {
        m = nested.get(k) ?? nested.set(k, new BoundedMemo<Float32Array>(INNER_CAPACITY));
        k2 = innerKey(view);
      }
      const hit = m.get(k2);
      if (hit) {
        row.set(hit, offset);
        return;
      }
      family.extract(view, row, offset);
      m.set(k2, row.slice(offset, offset + n));
    },
    describe: (local, value, view) => family.describe(local, value, view),
  };
}
