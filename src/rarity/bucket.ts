// What an open bucket remembers about its events: per entity (and per category for rare/new_terms) a count,
// a sum, and the first few events themselves, from which a record's influencers and event ids are taken.
// Keeping references (not extracted strings) keeps the counting path cheap; a snapshot extracts them.

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
  /** Events taken into the extract so far (saved ones plus `events`). */
  kept: number;
  events: ScoredEvent[];
  saved?: Extract;
}

export interface EntityCell extends Cell {
  partition: string;
  by: string;
  cats: Map<string, Cell> | undefined;
}

export interface OpenBucket {
  index: number;
  entities: Map<string, EntityCell>;
}

// Literals with every field present keep one hidden class per kind of cell on the hot path.
export function newCell(): Cell {
  return { count: 0, hist: 0, sum: 0, kept: 0, events: [], saved: undefined };
}

export function newEntityCell(partition: string, by: string, cats: Map<string, Cell> | undefined): EntityCell {
  return { count: 0, hist: 0, sum: 0, kept: 0, events: [], saved: undefined, partition, by, cats };
}

/** A new cell holding its first event: `[ev]` sizes the array for one, where most cells stay. */
export function newCellWith(ev: ScoredEvent): Cell {
  return { count: 1, hist: 0, sum: 0, kept: 1, events: [ev], saved: undefined };
}

export function newEntityCellWith(partition: string, by: string, ev: ScoredEvent, value: number): EntityCell {
  return { count: 1, hist: 0, sum: 0 + value, kept: 1, events: [ev], saved: undefined, partition, by, cats: undefined };
}

export function addToCell(c: Cell, ev: ScoredEvent, value: number): void {
  c.count++;
  c.sum += value;
  if (c.kept < EVENTS_PER_CELL) {
    c.kept++;
    c.events.push(ev);
  }
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

/** The cell's extract: saved part first, then its live events, capped the same way whatever the split. */
export function extract(c: Cell, influencers: readonly Accessor[]): Extract {
  const ids = c.saved ? [...c.saved.ids] : [];
  if (!c.events.length) return { ids, values: c.saved ? c.saved.values.map((v) => [...v]) : influencers.map(() => [] as string[]) };
  for (const ev of c.events) ids.push(eventId(ev));
  const values: string[][] = [];
  for (let i = 0; i < influencers.length; i++) {
    const set = new Set<string>(c.saved ? c.saved.values[i] : undefined);
    const read = influencers[i];
    for (const ev of c.events) addKeywords(set, read(ev));
    values.push([...set].sort().slice(0, VALUES_PER_INFLUENCER));
  }
  return { ids, values };
}

/** Replace live event references with their extract (for snapshots). */
export function freezeCell(c: Cell, influencers: readonly Accessor[]): void {
  if (!c.events.length) return;
  c.saved = extract(c, influencers);
  c.events = [];
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
