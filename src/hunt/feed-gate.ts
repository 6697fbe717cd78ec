// Which scored events a rarity job can feed, decided in the worker that scored them. Most events (≈ 97 % of a
// realistic stream) pass no job's feed filter: the jobs read only their filter fields and their by/partition
// fields (history_feed "all"), never the influencers (the command line, the event id), so a worker can leave
// those out of such an event's scored line — the longest, least repeated strings of the line, to encode, send,
// hold in the time order and parse again. The main thread still answers any read of a left-out field, from the
// event's document (scored-line.ts), so a reader that needs one is slower, never wrong.

import type { ScoredEvent } from '../classify/types.js';
import { compileJob } from '../rarity/compile-job.js';
import { EventFrame, FieldSlots } from '../rarity/event-frame.js';
import { frameFieldNames } from '../rarity/field-paths.js';
import { eventPathsOf } from '../rarity/fields.js';
import type { JobConfig } from '../rarity/job-config.js';

/**
 * Document paths a job may read from an event its feed filter does not take: the filter and must_not fields,
 * the by and partition fields (the history it may build) and the value field — every field of the runner's
 * shared event frame, which reads them all for each event; never the influencers.
 */
export function unfedFieldPaths(jobs: readonly JobConfig[]): Set<string> {
  const out = new Set<string>();
  for (const j of jobs) for (const n of frameFieldNames(j)) for (const p of eventPathsOf(n)) out.add(p);
  return out;
}

/** The jobs' feed filters, evaluated as the job runner evaluates them (same readers, same clause tests). */
export class FeedGate {
  private readonly frame: EventFrame;
  private readonly filters: number[];

  constructor(jobs: readonly JobConfig[]) {
    const slots = new FieldSlots();
    const filters = new Set<number>();
    for (const j of jobs) filters.add(compileJob(j, slots).filter);
    this.filters = [...filters];
    this.frame = new EventFrame(slots);
  }

  /** Whether some job's feed filter takes the event. */
  fed(ev: ScoredEvent): boolean {
    const f = this.frame;
    f.reset(ev);
    for (let i = 0; i < this.filters.length; i++) if (f.passes(this.filters[i])) return true;
    return false;
  }
}
