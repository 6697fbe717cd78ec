// Field-availability equalisation. Inside one labelled source, whether a field is present often says
// which sensor or collection script wrote the event, not what the process did: msticpy's malicious
// events all carry a token elevation type and none an integrity level, its background mostly the
// reverse. A tree model learns that shortcut, and on another organisation's telemetry (where every
// event has both) it fires on benign console hosts. So before training, the field is removed from a
// deterministic share of the class that has it more often, until both classes of the source carry it
// equally often. The information in the field's value stays; only its presence stops predicting the label.

import type { ProcessEvent } from '../../normalize/process-event.js';
import type { LabelledEvent } from './labelled.js';

/** A context field: present when any path holds a non-empty value; removed from all paths at once. */
export interface PresenceField {
  id: string;
  paths: readonly (readonly string[])[];
}

export const PRESENCE_FIELDS: readonly PresenceField[] = [
  { id: 'original_file_name', paths: [['process', 'pe', 'original_file_name']] },
  { id: 'integrity', paths: [['process', 'integrity_level'], ['process', 'Ext', 'token', 'integrity_level_name']] },
  { id: 'elevation', paths: [['process', 'Ext', 'token', 'elevation_type'], ['process', 'Ext', 'token', 'elevation']] },
  { id: 'user_id', paths: [['user', 'id']] },
  { id: 'parent_command_line', paths: [['process', 'parent', 'command_line'], ['process', 'parent', 'args']] },
  { id: 'parent_executable', paths: [['process', 'parent', 'executable']] },
  { id: 'parent_original_file_name', paths: [['process', 'parent', 'pe', 'original_file_name']] },
];

/** Sources with fewer events of either class are compared with the other class of all sources. */
const MIN_PER_CLASS = 20;

function lookup(ev: ProcessEvent, path: readonly string[]): unknown {
  let o: unknown = ev;
  for (const k of path) {
    if (o === null || typeof o !== 'object') return undefined;
    o = (o as Record<string, unknown>)[k];
  }
  return o;
}

function present(ev: ProcessEvent, f: PresenceField): boolean {
  return f.paths.some((p) => {
    const v = lookup(ev, p);
    return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
  });
}

function remove(ev: ProcessEvent, f: PresenceField): void {
  for (const p of f.paths) {
    const holder = lookup(ev, p.slice(0, -1));
    if (holder && typeof holder === 'object') delete (holder as Record<string, unknown>)[p[p.length - 1]];
  }
}

/** A uniform number in [0, 1) from (seed, field, source, index): the same events lose the field every run. */
function unit(seed: number, s: string, i: number): number {
  let h = (0x9e3779b9 ^ seed ^ Math.imul(i, 0x85ebca6b)) >>> 0;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export interface PresenceChange {
  source: string;
  field: string;
  /** Class whose events lost the field (1 = malicious). */
  label: 0 | 1;
  removed: number;
  /** Presence rates before: [negatives, positives]. */
  before: [number, number];
}

function rate(events: readonly LabelledEvent[], f: PresenceField): number {
  if (events.length === 0) return 0;
  let n = 0;
  for (const e of events) if (present(e.event, f)) n++;
  return n / events.length;
}

/**
 * Returns the events with field presence equalised per source (copies where a field was removed; the
 * inputs are never mutated) and what was removed.
 */
export function equalizePresence(
  events: readonly LabelledEvent[],
  seed: number,
  fields: readonly PresenceField[] = PRESENCE_FIELDS,
): { events: LabelledEvent[]; changes: PresenceChange[] } {
  const bySource = new Map<string, number[]>();
  events.forEach((e, i) => {
    let list = bySource.get(e.source);
    if (!list) bySource.set(e.source, (list = []));
    list.push(i);
  });
  const byClass: [LabelledEvent[], LabelledEvent[]] = [[], []];
  for (const e of events) byClass[e.y].push(e);

  const out = events.slice();
  const cloned = new Set<number>();
  const changes: PresenceChange[] = [];
  for (const [source, idx] of [...bySource].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const cls: [LabelledEvent[], LabelledEvent[]] = [[], []];
    for (const i of idx) cls[events[i].y].push(events[i]);
    for (const f of fields) {
      // Single-class (or tiny) sources are held to the other class of the whole corpus.
      const own: [number, number] = [rate(cls[0], f), rate(cls[1], f)];
      const ref: [number, number] = [
        cls[0].length >= MIN_PER_CLASS && cls[1].length >= MIN_PER_CLASS ? own[0] : rate(byClass[0], f),
        cls[0].length >= MIN_PER_CLASS && cls[1].length >= MIN_PER_CLASS ? own[1] : rate(byClass[1], f),
      ];
      for (const y of [0, 1] as const) {
        if (cls[y].length === 0) continue;
        const mine = own[y];
        const other = ref[1 - y];
        if (mine <= other || mine === 0) continue;
        const dropShare = (mine - other) / mine;
        let removed = 0;
        for (const i of idx) {
          if (events[i].y !== y || !present(out[i].event, f)) continue;
          if (unit(seed, `${f.id}\u0000${source}`, i) >= dropShare) continue;
          if (!cloned.has(i)) {
            out[i] = { ...out[i], event: structuredClone(out[i].event) };
            cloned.add(i);
          }
          remove(out[i].event, f);
          removed++;
        }
        if (removed > 0) changes.push({ source, field: f.id, label: y, removed, before: own });
      }
    }
  }
  return { events: out, changes };
}
