// What an open bucket remembers about its events: per entity (and per category for rare/new_terms) a count,
// a sum, and for the first few events what a record's event ids and influencer values are read from: the
// event's origin and its `projected` fields, not the whole event, when it has them. An event held for a bucket
// span (15 minutes and more) is promoted and later swept by the old-generation GC, which cost the counting
// path more than everything else; the projected fields are a small part of it. The kept entries go into one
// log per bucket (reused from bucket to bucket), not into an array per cell.

import type { ScoredEvent } from '../classify/types.js';
import type { Influencer } from './types.js';
import type { Accessor } from './fields.js';

/** Events per cell whose ids and influencer values are kept for the record. */
export const EVENTS_PER_CELL = 20;
/** Values kept per influencer field (sorted, unique). */
export const VALUES_PER_INFLUENCER = 10;

/** Ids and influencer values extracted from a cell's first events. */
export interface Extract {
  ids: string[];
  /** One list per job influencer, in the job's influencer order. */
  values: string[][];
}

export interface Cell {
  /** Events that passed the feed filter (the ones a record can be about). */
  count: number;
  /** history_feed "all": events that only build the entity's history. */
  hist: number;
  sum: number;
  /** Events taken into the extract so far (saved ones plus those in the bucket's log). */
  kept: number;
  /** The cell's last entry in its bucket's RefLog (entries link back to the previous one), −1 for none. */
  head: number;
  saved?: Extract;
}

/** A category cell after an entity's first: its name is kept in the cell for the scan. */
export interface NamedCell extends Cell {
  name: string;
}

/**
 * An entity of an open bucket. For rare/new_terms the entity object is itself the cell of its first category
 * (`first`) — most entities see one category per bucket, and this saves an object and a pointer chase per
 * event — and later categories follow in `more`, in arrival order (scanned; indexed by `index` once there are
 * many). Its own count is then the sum of its categories' (snapshots write it so). high_sum entities have no
 * categories (`first` undefined) and the entity is the cell of its events.
 */
export interface EntityCell extends Cell {
  partition: string;
  by: string;
  first: string | undefined;
  more: NamedCell[] | undefined;
  index: Map<string, NamedCell> | undefined;
}

/**
 * Two slots per kept event, appended in arrival order for the whole bucket (no array per cell): the event's id
 * source and its `projected` values when the job's influencers are all in there (the pipeline's events: the
 * event itself, its JSON document and scores can then be collected at once) — stored as the origin and the
 * projected object —, else the event itself and undefined. `prev` links each entry to its cell's previous one.
 */
export class RefLog {
  refs: unknown[] = [];
  prev = new Int32Array(0);
  /** Entries in use (refs holds 2 × n slots). */
  n = 0;

  add(c: Cell, a: unknown, b: unknown): void {
    const k = this.n;
    if (k === this.prev.length) this.grow();
    this.refs[2 * k] = a;
    this.refs[2 * k + 1] = b;
    this.prev[k] = c.head;
    c.head = k;
    this.n = k + 1;
  }

  private grow(): void {
    const cap = Math.max(1024, this.prev.length * 2);
    const prev = new Int32Array(cap);
    prev.set(this.prev);
    this.prev = prev;
    const refs = new Array<unknown>(2 * cap).fill(undefined);
    for (let i = 0; i < 2 * this.n; i++) refs[i] = this.refs[i];
    this.refs = refs;
  }

  /** Forgets every entry (the arrays are kept for the next bucket, emptied so nothing stays reachable). */
  clear(): void {
    this.refs.fill(undefined, 0, 2 * this.n);
    this.n = 0;
  }
}

export interface OpenBucket {
  index: number;
  /** By key; complete only once `named` (read it through EntityIndex.mapOf). */
  entities: Map<string, EntityCell>;
  log: RefLog;
  /** Its entities in creation order, and the id each was made with (-1: by name), how many with one (entity-index.ts). */
  list: EntityCell[];
  ids: number[];
  withIds: number;
  /** Asked for an entity by name once: `entities` is complete from then on. */
  named: boolean;
  /** Unique per bucket opened by a job (entity-index.ts). */
  serial: number;
  /** Whether every entity in it can be found by its id (entity-index.ts). */
  exhaustive: boolean;
}

/** Categories scanned before an entity indexes them in a map. */
const SCAN = 8;

// Literals with every field present keep one hidden class per kind of cell on the hot path.
export function newCell(name: string): NamedCell {
  return { count: 0, hist: 0, sum: 0, kept: 0, head: -1, saved: undefined, name };
}

/** A rare/new_terms entity whose only category so far is `first` (the entity is that category's cell). */
export function newCategoryEntity(partition: string, first: string): EntityCell {
  return { count: 0, hist: 0, sum: 0, kept: 0, head: -1, saved: undefined, partition, by: '', first, more: undefined, index: undefined };
}

/** A high_sum entity (no categories). */
export function newSumEntity(partition: string, by: string): EntityCell {
  return { count: 0, hist: 0, sum: 0, kept: 0, head: -1, saved: undefined, partition, by, first: undefined, more: undefined, index: undefined };
}

/** The entity's category after the first, or undefined. */
export function moreCell(ent: EntityCell, name: string): NamedCell | undefined {
  const more = ent.more;
  if (more === undefined) return undefined;
  if (ent.index !== undefined) return ent.index.get(name);
  for (let i = 0; i < more.length; i++) if (more[i].name === name) return more[i];
  return undefined;
}

/** Adds a category after the first (absent from the entity). */
export function addMore(ent: EntityCell, name: string): NamedCell {
  const c = newCell(name);
  if (ent.more === undefined) ent.more = [c];
  else {
    ent.more.push(c);
    if (ent.index !== undefined) ent.index.set(name, c);
    else if (ent.more.length > SCAN) ent.index = new Map(ent.more.map((m) => [m.name, m]));
  }
  return c;
}

/** The entity's cell for `name`, added (empty) when absent. */
export function categoryCell(ent: EntityCell, name: string): Cell {
  if (ent.first === name) return ent;
  return moreCell(ent, name) ?? addMore(ent, name);
}

/** False for high_sum entities (no categories). */
export function hasCategories(ent: EntityCell): boolean {
  return ent.first !== undefined;
}

/** The entity's categories in arrival order (empty for high_sum entities). */
export function categoryNames(ent: EntityCell): string[] {
  if (ent.first === undefined) return [];
  const out = [ent.first];
  if (ent.more !== undefined) for (const c of ent.more) out.push(c.name);
  return out;
}

/** The cell of a category the entity has (categoryNames). */
export function cellOf(ent: EntityCell, name: string): Cell {
  return ent.first === name ? ent : moreCell(ent, name)!;
}

/** The entity's (name, cell) pairs in arrival order (empty for high_sum entities). */
export function categoryEntries(ent: EntityCell): Array<[string, Cell]> {
  if (ent.first === undefined) return [];
  const out: Array<[string, Cell]> = [[ent.first, ent]];
  if (ent.more !== undefined) for (const c of ent.more) out.push([c.name, c]);
  return out;
}

/** Feed events of an entity: its own count (high_sum), or its categories' (rare/new_terms). */
export function entityCount(ent: EntityCell): number {
  if (ent.first === undefined) return ent.count;
  let n = ent.count;
  if (ent.more !== undefined) for (const c of ent.more) n += c.count;
  return n;
}

/**
 * eventId() of a kept event from what its log entry holds: the event's `projected` values and origin (the
 * pipeline's events), or the event itself (`projected` undefined).
 */
function keptId(a: unknown, projected: unknown): string {
  if (projected === undefined) return eventId(a as ScoredEvent);
  // An id of any type is kept as it is (hostile input: numbers, arrays, objects), as eventId() does.
  const id = (projected as Record<string, unknown>)['event.id'];
  if (id) return id as string;
  return originId(a as ScoredEvent['origin']);
}

function originId(o: ScoredEvent['origin']): string {
  return `${o.file}:${o.line ?? o.record ?? o.offset ?? ''}`;
}

export function eventId(ev: ScoredEvent): string {
  const p = ev.projected;
  const id = p !== undefined ? (p['event.id'] as string | undefined) : ev.event.event?.id;
  if (id) return id;
  return originId(ev.origin);
}

function mergeSorted(into: string[], more: Iterable<string>): string[] {
  const set = new Set(into);
  for (const v of more) set.add(v);
  return [...set].sort().slice(0, VALUES_PER_INFLUENCER);
}

/** keywords(v) added to `set`, without the intermediate arrays. */
function addKeywords(set: Set<string>, v: unknown): void {
  if (v === undefined || v === null) return;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x !== 'object') set.add(String(x));
  } else if (typeof v !== 'object') set.add(String(v));
}

/** The cell's log entries, oldest first. */
function entriesOf(c: Cell, log: RefLog): number[] {
  const out: number[] = [];
  for (let k = c.head; k >= 0; k = log.prev[k]) out.push(k);
  return out.reverse();
}

/** The cell's extract: saved part first, then its kept events, capped the same way whatever the split. */
export function extract(c: Cell, log: RefLog, influencers: readonly Accessor[]): Extract {
  const ids = c.saved ? [...c.saved.ids] : [];
  if (c.head < 0) return { ids, values: c.saved ? c.saved.values.map((v) => [...v]) : influencers.map(() => [] as string[]) };
  const evs: ScoredEvent[] = [];
  const refs = log.refs;
  for (const k of entriesOf(c, log)) {
    const a = refs[2 * k];
    const p = refs[2 * k + 1];
    ids.push(keptId(a, p));
    // Accessors read only `projected` when it is defined (fields.ts).
    evs.push(p === undefined ? (a as ScoredEvent) : ({ projected: p } as ScoredEvent));
  }
  const values: string[][] = [];
  for (let i = 0; i < influencers.length; i++) {
    const set = new Set<string>(c.saved ? c.saved.values[i] : undefined);
    const read = influencers[i];
    for (const ev of evs) addKeywords(set, read(ev));
    values.push([...set].sort().slice(0, VALUES_PER_INFLUENCER));
  }
  return { ids, values };
}

/** Replace the cell's log entries with their extract (for snapshots; the entries stay until the bucket closes). */
export function freezeCell(c: Cell, log: RefLog, influencers: readonly Accessor[]): void {
  if (c.head < 0) return;
  c.saved = extract(c, log, influencers);
  c.head = -1;
}

export function mergeExtracts(parts: readonly Extract[]): Extract {
  const ids: string[] = [];
  let values: string[][] = parts.length ? parts[0].values.map(() => []) : [];
  for (const p of parts) {
    for (const id of p.ids) if (ids.length < EVENTS_PER_CELL) ids.push(id);
    values = values.map((v, i) => mergeSorted(v, p.values[i]));
  }
  return { ids, values };
}

export function toInfluencers(names: readonly string[], ex: Extract): Influencer[] {
  const out: Influencer[] = [];
  names.forEach((name, i) => {
    if (ex.values[i]?.length) out.push({ influencer_field_name: name, influencer_field_values: ex.values[i] });
  });
  return out;
}
