// What an open bucket remembers about its events: per entity (and per category for rare/new_terms) a count,
// a sum, and for the first few events what a record's event ids and influencer values are read from: the
// event's id (or origin) and its `projected` fields, not the whole event, when it has them. An event held for
// a bucket span (15 minutes and more) is promoted and later swept by the old-generation GC, which cost the
// counting path more than everything else; the projected fields are a small part of it.

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
  /** Events taken into the extract so far (saved ones plus those in `refs`). */
  kept: number;
  /**
   * Two slots per kept event: its id source (idSource) and its `projected` values when the job's influencers
   * are all in there (the pipeline's events: the event itself, its JSON document and scores can then be
   * collected at once), else the event itself and undefined.
   */
  refs: unknown[];
  saved?: Extract;
}

/**
 * An entity of an open bucket. For rare/new_terms its categories: the first one inline (`first`, `firstCell`)
 * while it is the only one — most entities see one category per bucket — and all of them in `cats`, in arrival
 * order, from the second on. high_sum entities have neither (`first` undefined).
 */
export interface EntityCell extends Cell {
  partition: string;
  by: string;
  first: string | undefined;
  firstCell: Cell | undefined;
  cats: Map<string, Cell> | undefined;
}

export interface OpenBucket {
  index: number;
  entities: Map<string, EntityCell>;
}

// Literals with every field present keep one hidden class per kind of cell on the hot path.
export function newCell(): Cell {
  return { count: 0, hist: 0, sum: 0, kept: 0, refs: [], saved: undefined };
}

/** A rare/new_terms entity whose only category so far is `first`. */
export function newCategoryEntity(partition: string, first: string, cell: Cell): EntityCell {
  return { count: 0, hist: 0, sum: 0, kept: 0, refs: [], saved: undefined, partition, by: '', first, firstCell: cell, cats: undefined };
}

/** A high_sum entity holding its first event. */
export function newEntityCellWith(partition: string, by: string, refs: unknown[], value: number): EntityCell {
  return { count: 1, hist: 0, sum: 0 + value, kept: 1, refs, saved: undefined, partition, by, first: undefined, firstCell: undefined, cats: undefined };
}

/** A new cell holding its first event's refs. */
export function newCellWith(refs: unknown[]): Cell {
  return { count: 1, hist: 0, sum: 0, kept: 1, refs, saved: undefined };
}

/** The entity's cell for `name`, added (empty) when absent; the inline category moves into a map on the second. */
export function categoryCell(ent: EntityCell, name: string): Cell {
  if (ent.cats === undefined) {
    if (ent.first === name) return ent.firstCell!;
    if (ent.first === undefined) {
      ent.first = name;
      return (ent.firstCell = newCell());
    }
    promote(ent);
  }
  let c = ent.cats!.get(name);
  if (c === undefined) ent.cats!.set(name, (c = newCell()));
  return c;
}

/** Moves the inline category into a map (which then holds every category of the entity). */
export function promote(ent: EntityCell): void {
  const m = new Map<string, Cell>();
  if (ent.first !== undefined) m.set(ent.first, ent.firstCell!);
  ent.cats = m;
}

/** False for high_sum entities (no categories). */
export function hasCategories(ent: EntityCell): boolean {
  return ent.first !== undefined || ent.cats !== undefined;
}

/** The entity's categories in arrival order (empty for high_sum entities). */
export function categoryNames(ent: EntityCell): string[] {
  if (ent.cats !== undefined) return [...ent.cats.keys()];
  return ent.first !== undefined ? [ent.first] : [];
}

/** The cell of a category the entity has (categoryNames). */
export function cellOf(ent: EntityCell, name: string): Cell {
  return ent.cats !== undefined ? ent.cats.get(name)! : ent.firstCell!;
}

/** The entity's (name, cell) pairs in arrival order. */
export function categoryEntries(ent: EntityCell): Array<[string, Cell]> {
  if (ent.cats !== undefined) return [...ent.cats.entries()];
  return ent.first !== undefined ? [[ent.first, ent.firstCell!]] : [];
}

/** An id that is itself an object (hostile input) is boxed, so it is not taken for an origin. */
class BoxedId {
  constructor(readonly id: unknown) {}
}

/**
 * What eventId() needs of an event, without allocating: the id when the event has one, else its origin
 * (formatted only if a record or snapshot asks for it).
 */
export function idSource(ev: ScoredEvent): unknown {
  const p = ev.projected;
  const id: unknown = p !== undefined ? p['event.id'] : ev.event.event?.id;
  if (id) return typeof id === 'object' ? new BoxedId(id) : id;
  return ev.origin;
}

function idOf(src: unknown): string {
  if (src instanceof BoxedId) return src.id as string;
  if (src !== null && typeof src === 'object') {
    const o = src as ScoredEvent['origin'];
    return `${o.file}:${o.line ?? o.record ?? o.offset ?? ''}`;
  }
  return src as string;
}

export function eventId(ev: ScoredEvent): string {
  const p = ev.projected;
  const id = p !== undefined ? (p['event.id'] as string | undefined) : ev.event.event?.id;
  if (id) return id;
  const o = ev.origin;
  return `${o.file}:${o.line ?? o.record ?? o.offset ?? ''}`;
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

/** The event a kept ref is read from: accessors read only `projected` when it is defined (fields.ts). */
function readable(c: Cell, k: number): ScoredEvent {
  const p = c.refs[k + 1];
  return p === undefined ? (c.refs[k] as ScoredEvent) : ({ projected: p } as ScoredEvent);
}

function refId(c: Cell, k: number): string {
  return c.refs[k + 1] === undefined ? eventId(c.refs[k] as ScoredEvent) : idOf(c.refs[k]);
}

/** The cell's extract: saved part first, then its kept events, capped the same way whatever the split. */
export function extract(c: Cell, influencers: readonly Accessor[]): Extract {
  const ids = c.saved ? [...c.saved.ids] : [];
  const n = c.refs.length;
  if (!n) return { ids, values: c.saved ? c.saved.values.map((v) => [...v]) : influencers.map(() => [] as string[]) };
  const evs: ScoredEvent[] = [];
  for (let k = 0; k < n; k += 2) {
    ids.push(refId(c, k));
    evs.push(readable(c, k));
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

/** Replace the kept refs with their extract (for snapshots). */
export function freezeCell(c: Cell, influencers: readonly Accessor[]): void {
  if (!c.refs.length) return;
  c.saved = extract(c, influencers);
  c.refs = [];
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
