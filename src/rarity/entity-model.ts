// Compact per-entity category state: interned category ids (sorted, for binary search) with their decayed
// bucket-presence weights and the last bucket each was seen in. One small object with three typed arrays per
// entity keeps 100 000 users × 50 processes well under a gigabyte.

export class CategoryTable {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  /** Entities whose model holds each category (population view). */
  entityCount = new Int32Array(64);

  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      if (id >= this.entityCount.length) {
        const n = new Int32Array(this.entityCount.length * 2);
        n.set(this.entityCount);
        this.entityCount = n;
      }
    }
    return id;
  }
}

export class EntityModel {
  ids: Int32Array;
  w: Float64Array;
  last: Int32Array;
  k = 0;
  /** Decayed count of this entity's non-empty buckets (same decay as the weights). */
  buckets = 0;
  /** Index of the entity's first non-empty bucket. */
  first: number;

  constructor(first: number, capacity = 4) {
    this.first = first;
    this.ids = new Int32Array(capacity);
    this.w = new Float64Array(capacity);
    this.last = new Int32Array(capacity);
  }

  /** Position of category `id`, or −(insertion point + 1). */
  find(id: number): number {
    let lo = 0;
    let hi = this.k - 1;
    const ids = this.ids;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid];
      if (v < id) lo = mid + 1;
      else if (v > id) hi = mid - 1;
      else return mid;
    }
    return -(lo + 1);
  }

  weightOf(id: number): number {
    const i = this.find(id);
    return i >= 0 ? this.w[i] : 0;
  }

  /** `table` null: a scratch copy (interim results) that must not touch the population counts. */
  insertAt(pos: number, id: number, table: CategoryTable | null): void {
    if (this.k === this.ids.length) {
      const cap = Math.max(4, this.k * 2);
      const ids = new Int32Array(cap);
      const w = new Float64Array(cap);
      const last = new Int32Array(cap);
      ids.set(this.ids);
      w.set(this.w);
      last.set(this.last);
      this.ids = ids;
      this.w = w;
      this.last = last;
    }
    this.ids.copyWithin(pos + 1, pos, this.k);
    this.w.copyWithin(pos + 1, pos, this.k);
    this.last.copyWithin(pos + 1, pos, this.k);
    this.ids[pos] = id;
    this.w[pos] = 0;
    this.last[pos] = -1;
    this.k++;
    if (table) table.entityCount[id]++;
  }

  /** Index of `id`, inserting it with weight 0 when absent. */
  ensure(id: number, table: CategoryTable | null): number {
    const i = this.find(id);
    if (i >= 0) return i;
    const pos = -i - 1;
    this.insertAt(pos, id, table);
    return pos;
  }

  /** Removes categories for which `drop(index)` holds; returns how many. */
  prune(drop: (i: number) => boolean, table: CategoryTable): number {
    let j = 0;
    for (let i = 0; i < this.k; i++) {
      if (drop(i)) {
        table.entityCount[this.ids[i]]--;
        continue;
      }
      if (j !== i) {
        this.ids[j] = this.ids[i];
        this.w[j] = this.w[i];
        this.last[j] = this.last[i];
      }
      j++;
    }
    const removed = this.k - j;
    this.k = j;
    return removed;
  }

  clone(): EntityModel {
    const m = new EntityModel(this.first, Math.max(4, this.ids.length));
    m.ids.set(this.ids);
    m.w.set(this.w);
    m.last.set(this.last);
    m.k = this.k;
    m.buckets = this.buckets;
    return m;
  }
}

/** Column-packed copy of a table and its entity models (typed arrays snapshot compactly). */
export interface ModelsSnapshot {
  names: string[];
  entityCount: Int32Array;
  keys: string[];
  k: Int32Array;
  first: Int32Array;
  buckets: Float64Array;
  ids: Int32Array;
  w: Float64Array;
  last: Int32Array;
}

export function snapshotModels(table: CategoryTable, models: Map<string, EntityModel>): ModelsSnapshot {
  const keys = [...models.keys()];
  let total = 0;
  for (const m of models.values()) total += m.k;
  const s: ModelsSnapshot = {
    names: [...table.names],
    entityCount: table.entityCount.slice(0, table.names.length),
    keys,
    k: new Int32Array(keys.length),
    first: new Int32Array(keys.length),
    buckets: new Float64Array(keys.length),
    ids: new Int32Array(total),
    w: new Float64Array(total),
    last: new Int32Array(total),
  };
  let o = 0;
  keys.forEach((key, e) => {
    const m = models.get(key)!;
    s.k[e] = m.k;
    s.first[e] = m.first;
    s.buckets[e] = m.buckets;
    s.ids.set(m.ids.subarray(0, m.k), o);
    s.w.set(m.w.subarray(0, m.k), o);
    s.last.set(m.last.subarray(0, m.k), o);
    o += m.k;
  });
  return s;
}

export function restoreModels(s: ModelsSnapshot): { table: CategoryTable; models: Map<string, EntityModel> } {
  const table = new CategoryTable();
  for (const n of s.names) table.intern(n);
  table.entityCount.set(s.entityCount);
  const models = new Map<string, EntityModel>();
  let o = 0;
  s.keys.forEach((key, e) => {
    const k = s.k[e];
    const m = new EntityModel(s.first[e], Math.max(4, k));
    m.ids.set(s.ids.subarray(o, o + k));
    m.w.set(s.w.subarray(o, o + k));
    m.last.set(s.last.subarray(o, o + k));
    m.k = k;
    m.buckets = s.buckets[e];
    models.set(key, m);
    o += k;
  });
  return { table, models };
}
