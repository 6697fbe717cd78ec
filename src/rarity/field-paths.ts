// Which document fields the rarity stage reads, so that a worker thread can send just those (ScoredEvent
// `projected`) instead of the whole parsed document.

import { eventPathsOf } from './fields.js';
import type { JobConfig } from './job-config.js';

/** Where a record's event ids come from (bucket.ts eventId; the origin is the fallback). */
const EVENT_ID = 'event.id';

/**
 * Every document path the runner can read for these jobs — by/over/partition and value fields, influencers,
 * feed filter and must_not fields, the event id and the paths behind the runtime code-signature fields —
 * sorted and unique. The classifier's own fields (problemchild.*, classifier.*) are not document paths.
 */
export function jobFieldPaths(jobs: readonly JobConfig[]): string[] {
  const fields = new Set<string>([EVENT_ID]);
  for (const j of jobs) for (const n of [...j.analysis_config.influencers, ...frameFieldNames(j)]) for (const p of eventPathsOf(n)) fields.add(p);
  return [...fields].sort();
}

/**
 * The fields a runner's shared event frame reads for a job, from every event: the by, partition and value fields
 * and the feed filter and must_not fields (not the influencers, read only from events the feed takes).
 */
export function frameFieldNames(j: JobConfig): string[] {
  const names: string[] = [];
  for (const d of j.analysis_config.detectors) {
    names.push(d.by_field_name);
    if (d.partition_field_name) names.push(d.partition_field_name);
    if (d.field_name) names.push(d.field_name);
  }
  for (const c of [...j.datafeed_config.filter, ...j.datafeed_config.must_not]) names.push(c.field);
  return names;
}
