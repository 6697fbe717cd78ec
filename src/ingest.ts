// Read + normalize over any inputs: the first two stages, shared by `hunt`, `score` and the service.
// Counts everything (per shape, per skip reason, per issue code) so a run can always say what it did with each record.

import { IssueLog, type Issue } from './common/issues.js';
import { openInputs } from './read/inputs.js';
import { normalize } from './normalize/index.js';
import type { NormalizedEvent, SourceShape } from './normalize/process-event.js';
import type { RawRecord } from './read/types.js';

export interface IngestOptions {
  maxLineBytes?: number;
  batchSize?: number;
  issues?: IssueLog;
  /** Called with each record that could not be normalized (for `--rejects`). */
  onReject?: (issue: Issue, raw: RawRecord | undefined) => void;
  onProgress?: (records: number) => void;
}

export interface IngestCounts {
  records: number;
  events: number;
  skipped: number;
  rejected: number;
  warnings: number;
  readIssues: number;
  byShape: Partial<Record<SourceShape, number>>;
  skippedByReason: Record<string, number>;
}

export function emptyCounts(): IngestCounts {
  return { records: 0, events: 0, skipped: 0, rejected: 0, warnings: 0, readIssues: 0, byShape: {}, skippedByReason: {} };
}

/** Streams normalized events in batches; the caller decides what to do with them (store, sort, score…). */
export async function* ingest(inputs: string[], counts: IngestCounts, opts: IngestOptions = {}): AsyncGenerator<NormalizedEvent[]> {
  const issues = opts.issues ?? new IssueLog();
  for await (const batch of openInputs(inputs, { maxLineBytes: opts.maxLineBytes, batchSize: opts.batchSize })) {
    for (const i of batch.issues) {
      counts.readIssues++;
      issues.add(i);
      if (i.severity === 'error') opts.onReject?.(i, undefined);
    }
    const out: NormalizedEvent[] = [];
    for (const raw of batch.records) {
      counts.records++;
      const r = normalize(raw);
      if (r.kind === 'event') {
        counts.events++;
        const shape = r.event.shape;
        counts.byShape[shape] = (counts.byShape[shape] ?? 0) + 1;
        if (r.warnings) {
          for (const w of r.warnings) {
            counts.warnings++;
            issues.add(w);
          }
        }
        out.push(r.event);
      } else if (r.kind === 'skip') {
        counts.skipped++;
        counts.skippedByReason[r.reason] = (counts.skippedByReason[r.reason] ?? 0) + 1;
      } else {
        counts.rejected++;
        issues.add(r.issue);
        opts.onReject?.(r.issue, raw);
      }
    }
    opts.onProgress?.(counts.records);
    if (out.length) yield out;
  }
}
