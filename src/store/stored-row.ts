// The row an event becomes in the events table, built without touching the database: a worker thread can build
// it (JSON.stringify of the ~2 KB document is the dearest part of storing an event) and post it to the thread that
// owns the connection, which then only inserts. `EventsRepo.add` builds its rows here too, so both paths store
// byte-identical rows.

import type { NormalizedEvent } from '../normalize/process-event.js';

/** One events-table row, document already serialized. Plain data: safe to post between threads. */
export interface StoredRow {
  key: string;
  timeMs: number;
  hostName: string | null;
  userName: string | null;
  processName: string | null;
  parentName: string | null;
  shape: string;
  source: string;
  doc: string;
}

/** Text as a string, or as its UTF-8 bytes (well-formed UTF-8, as Buffer.write makes it). */
export type Utf8Text = string | Uint8Array;

/**
 * A row whose text may come as UTF-8 bytes rather than strings — as packed rows hold it: stored as the very same
 * text, without making strings of it first (events-repo.ts).
 */
export interface EncodedRow {
  key: Utf8Text;
  timeMs: number;
  hostName: Utf8Text | null;
  userName: Utf8Text | null;
  processName: Utf8Text | null;
  parentName: Utf8Text | null;
  shape: Utf8Text;
  source: Utf8Text;
  doc: Utf8Text;
}

/** A stable identity for an event: its ECS id when it has one, otherwise where it was read from and when it happened. */
export function eventKey(ev: NormalizedEvent): string {
  const id = ev.event.event.id;
  if (id) return `id:${id}`;
  const o = ev.origin;
  const loc = o.line ?? o.record ?? o.offset ?? 0;
  return `${o.file}:${loc}:${ev.timeMs}`;
}

/**
 * The row stored for `ev`. `doc` is the document kept for investigation (the event with its scores, say);
 * it defaults to the event itself. The indexed columns always come from the event.
 */
export function toStoredRow(ev: NormalizedEvent, doc: unknown = ev.event): StoredRow {
  // JSON.stringify gives undefined for undefined/functions; `null` keeps the NOT NULL column honest.
  return rowWithDocument(ev, JSON.stringify(doc) ?? 'null');
}

/** The row stored for `ev` with `json` as its document, already serialized. */
export function rowWithDocument(ev: NormalizedEvent, json: string): StoredRow {
  const d = ev.event;
  return {
    key: eventKey(ev),
    timeMs: ev.timeMs,
    hostName: d.host.name ?? null,
    userName: d.user.name ?? null,
    processName: d.process.name ?? null,
    parentName: d.process.parent?.name ?? null,
    shape: ev.shape,
    source: ev.origin.file,
    doc: json,
  };
}
