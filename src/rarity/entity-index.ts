// A job's open buckets and how an event finds its entity in one. By name, an entity is a probe of the bucket's
// string-keyed Map, and a new one an insert that now and then rehashes the whole table: cache misses on a
// 10,000-user bucket, a large part of the counting path (profiles of sessions 7 and 8). An event whose value has
// an id (ScoredEvent.projectedIds: one id per string, one string per id, for the life of the process) finds its
// entity in a dense array instead — per id the entity last found for it and the serial of its bucket — and a
// new entity is only appended to the bucket's list.
//
// The bucket's Map is built from that list (in creation order, so its insertion order is what it always was)
// the first time anything asks for an entity by name: an event without an id, a snapshot, an id that misses in
// a bucket that is not `exhaustive`. A bucket is exhaustive while every entity in it can be found through its
// id: none made by name, none restored, no slot of its entities taken by another open bucket; an id that misses
// there is a new entity. The close orders the entities by key exactly as the default sort of the Map's keys
// did — a bucket whose entities were all made with ids by each id's rank among the ids in key order (kept
// across buckets, so only new ids are compared) — and snapshots read the Map: outputs are unchanged.

import { RefLog, type EntityCell, type OpenBucket } from './bucket.js';

export class EntityIndex {
  /** Per id: the serial of the bucket whose entity `ents` holds (0: none). */
  private serials = new Int32Array(0);
  private ents: Array<EntityCell | undefined> = [];
  private nextSerial = 1;
  /** The open buckets (one, two across a latency window: scanned). */
  private readonly open: OpenBucket[] = [];
  /** Lists of closed buckets, emptied, for the next ones. */
  private readonly spareLists: EntityCell[][] = [];
  /** Every id claimed so far, in key order, with its key (ids claimed since the last sort wait in `fresh`). */
  private known: number[] = [];
  private knownKeys: string[] = [];
  private fresh: number[] = [];
  private seen = new Uint8Array(0);
  /** Per id its position in `known` (valid after mergeFresh). */
  private rank = new Int32Array(0);
  /** Ids lists of closed buckets, for the next ones. */
  private readonly spareIds: number[][] = [];

  /** `keyOf`: an entity's key in its bucket (what the job's events look it up by). */
  constructor(private readonly keyOf: (e: EntityCell) => string) {}

  /** A new open bucket (empty: exhaustive, and its empty Map complete). */
  openBucket(index: number, log: RefLog): OpenBucket {
    const b: OpenBucket = {
      index, entities: new Map(), log, list: this.spareLists.pop() ?? [], ids: this.spareIds.pop() ?? [], withIds: 0, named: false, serial: this.nextSerial++, exhaustive: true,
    };
    this.open.push(b);
    return b;
  }

  /** An open bucket restored from a snapshot (its entities in their saved order): found by name until it closes. */
  restoredBucket(index: number, entities: Map<string, EntityCell>): OpenBucket {
    const list = [...entities.values()];
    const b: OpenBucket = { index, entities, log: new RefLog(), list, ids: list.map(() => -1), withIds: 0, named: true, serial: this.nextSerial++, exhaustive: false };
    this.open.push(b);
    return b;
  }

  /** The bucket closed: its list is emptied for a next one (its Map and entities stay with it). */
  closed(bucket: OpenBucket): void {
    const i = this.open.indexOf(bucket);
    if (i >= 0) this.open.splice(i, 1);
    const list = bucket.list;
    const ids = bucket.ids;
    bucket.list = [];
    bucket.ids = [];
    list.length = 0;
    ids.length = 0;
    this.spareLists.push(list);
    this.spareIds.push(ids);
  }

  /** Forgets every open bucket (a restore replaces them). */
  reset(): void {
    this.open.length = 0;
  }

  /**
   * The bucket's Map with every entity (for lookups by name and snapshots), kept complete from then on: a bucket
   * asked by name once likely will be again.
   */
  mapOf(bucket: OpenBucket): Map<string, EntityCell> {
    if (!bucket.named) {
      const list = bucket.list;
      const m = bucket.entities;
      for (let i = 0; i < list.length; i++) m.set(this.keyOf(list[i]), list[i]);
      bucket.named = true;
    }
    return bucket.entities;
  }

  /**
   * The bucket's entities sorted by key (UTF-16 code units, as the default sort of the keys). When every entity
   * was made with an id they are placed by their id's rank among every id in key order (no string compared but
   * those of ids new since the last sort); else by their keys.
   */
  sorted(bucket: OpenBucket): EntityCell[] {
    const list = bucket.list;
    if (bucket.withIds === list.length && list.length > 0 && this.known.length + this.fresh.length <= 4 * list.length) {
      this.mergeFresh();
      const rank = this.rank;
      const ids = bucket.ids;
      const at = new Array<EntityCell | undefined>(this.known.length);
      let placed = 0;
      for (let i = 0; i < list.length; i++) {
        const r = rank[ids[i]];
        if (at[r] === undefined) placed++;
        at[r] = list[i];
      }
      if (placed === list.length) {
        const out = new Array<EntityCell>(list.length);
        let n = 0;
        for (let r = 0; r < at.length; r++) if (at[r] !== undefined) out[n++] = at[r]!;
        return out;
      }
    }
    if (bucket.named) {
      // The Map is complete: its keys sorted by the default sort (native compares) and looked up.
      const m = bucket.entities;
      const keys = [...m.keys()].sort();
      const out = new Array<EntityCell>(keys.length);
      for (let i = 0; i < keys.length; i++) out[i] = m.get(keys[i])!;
      return out;
    }
    const keyOf = this.keyOf;
    const keyed = list.map((e) => ({ k: keyOf(e), e }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    const out = new Array<EntityCell>(keyed.length);
    for (let i = 0; i < keyed.length; i++) out[i] = keyed[i].e;
    return out;
  }

  /**
   * The bucket's entity under `key` (whose value has id `id`, or -1), or undefined. `byName`: the key is the
   * entity's `by` (high_sum without a partition), else its `partition`.
   */
  find(bucket: OpenBucket, id: number, key: string, byName: boolean): EntityCell | undefined {
    if (id < 0) return this.mapOf(bucket).get(key);
    if (id < this.serials.length && this.serials[id] === bucket.serial) {
      const e = this.ents[id]!;
      // Always true for ids from one id space; the name decides otherwise.
      if ((byName ? e.by : e.partition) === key) return e;
      return this.mapOf(bucket).get(key);
    }
    if (bucket.exhaustive) return undefined;
    const e = this.mapOf(bucket).get(key);
    if (e !== undefined) this.claim(id, bucket, e);
    return e;
  }

  /** Adds a new entity (find() gave undefined) under `key`, its value's id `id` (or -1). */
  add(bucket: OpenBucket, key: string, e: EntityCell, id: number): void {
    if (bucket.named) bucket.entities.set(key, e);
    bucket.list.push(e);
    bucket.ids.push(id);
    if (id >= 0) {
      bucket.withIds++;
      this.claim(id, bucket, e);
    } else bucket.exhaustive = false;
  }

  /** Takes the ids claimed since the last sort into `known`, in key order. */
  private mergeFresh(): void {
    const fresh = this.fresh;
    if (fresh.length === 0) return;
    this.fresh = [];
    const keyOf = this.keyOf;
    const ents = this.ents;
    const add = fresh.map((id) => ({ k: keyOf(ents[id]!), id }));
    add.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    const { known, knownKeys } = this;
    const ids = new Array<number>(known.length + add.length);
    const keys = new Array<string>(known.length + add.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < known.length || j < add.length) {
      if (j === add.length || (i < known.length && knownKeys[i] < add[j].k)) {
        ids[n] = known[i];
        keys[n++] = knownKeys[i++];
      } else {
        ids[n] = add[j].id;
        keys[n++] = add[j++].k;
      }
    }
    this.known = ids;
    this.knownKeys = keys;
    if (this.rank.length < this.seen.length) this.rank = new Int32Array(this.seen.length);
    for (let r = 0; r < ids.length; r++) this.rank[ids[r]] = r;
  }

  private claim(id: number, bucket: OpenBucket, e: EntityCell): void {
    if (id >= this.serials.length) this.grow(id);
    if (this.seen[id] === 0) {
      this.seen[id] = 1;
      this.fresh.push(id);
    }
    const old = this.serials[id];
    if (old !== 0 && old !== bucket.serial) {
      // The slot leaves an entity of another bucket: if that bucket is still open, it is no longer exhaustive.
      if (this.open.length > 1) for (const b of this.open) if (b.serial === old) b.exhaustive = false;
    } else if (old === bucket.serial && this.ents[id] !== e) bucket.exhaustive = false;
    this.serials[id] = bucket.serial;
    this.ents[id] = e;
  }

  private grow(id: number): void {
    const cap = Math.max(1024, this.serials.length * 2, id + 1);
    const s = new Int32Array(cap);
    s.set(this.serials);
    this.serials = s;
    const seen = new Uint8Array(cap);
    seen.set(this.seen);
    this.seen = seen;
    for (let i = this.ents.length; i < cap; i++) this.ents.push(undefined);
  }
}
