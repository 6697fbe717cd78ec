// Read + normalize over any inputs: the first two stages, shared by `hunt`, `score` and the service.
// Counts everything (per shape, per skip reason, per issue code) so a run can always say what it did with each record.

import { IssueLog, type Issue } from './common/issues.js';
import { openInputs } from './read/inputs.js';
import { normalize, normalizeKeepingRaw } from './normalize/index.js';
import type { NormalizedEvent, SourceShape } from './normalize/process-event.js';
import type { RawBatch, RawRecord } from './read/types.js';

export interface IngestOptions {
  maxLineBytes?: number;
  batchSize?: number;
  issues?: IssueLog;
  /** Called with each record that could not be normalized (for `--rejects`). */
  onReject?: (issue: Issue, raw: RawRecord | undefined) => void;
  onProgress?: (records: number) => void;
  /** Attach each event's raw record (`NormalizedEvent.raw`): its source text can stand in for the document. */
  keepRaw?: boolean;
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
export function ingest(inputs: string[], counts: IngestCounts, opts: IngestOptions = {}): AsyncGenerator<NormalizedEvent[]> {
  return ingestBatches(openInputs(inputs, { maxLineBytes: opts.maxLineBytes, batchSize: opts.batchSize }), counts, opts);
}

/** The same over any stream of raw batches (a worker thread's share of a file). */
export async function* ingestBatches(source: AsyncIterable<RawBatch>, counts: IngestCounts, opts: IngestOptions = {}): AsyncGenerator<NormalizedEvent[]> {
  const issues = opts.issues ?? new IssueLog();
  const keepRaw = opts.keepRaw === true;
  for await (const batch of source) {
    // A batch covers consecutive lines (or records): its read issues and the normalizer's are reported merged in
    // line order, so which issues a run keeps and the order of rejects never depend on where batches happen to end
    // (a parallel hunt cuts files into ranges with other batch boundaries).
    const found: Found[] = [];
    for (const i of batch.issues) {
      counts.readIssues++;
      found.push({ issue: i, raw: undefined, reject: i.severity === 'error' });
    }
    const readOnly = found.length;
    const out: NormalizedEvent[] = [];
    for (const raw of batch.records) {
      counts.records++;
      const r = keepRaw ? normalizeKeepingRaw(raw) : normalize(raw);
      if (r.kind === 'event') {
        counts.events++;
        const shape = r.event.shape;
        counts.byShape[shape] = (counts.byShape[shape] ?? 0) + 1;
        if (r.warnings) {
          for (const w of r.warnings) {
            counts.warnings++;
            found.push({ issue: w, raw: undefined, reject: false });
          }
        }
        out.push(r.event);
      } else if (r.kind === 'skip') {
        counts.skipped++;
        counts.skippedByReason[r.reason] = (counts.skippedByReason[r.reason] ?? 0) + 1;
      } else {
        counts.rejected++;
        found.push({ issue: r.issue, raw, reject: true });
      }
    }
    if (readOnly > 0 && found.length > readOnly && found.every(hasLine)) found.sort(byLine);
    for (const f of found) {
      issues.add(f.issue);
      if (f.reject) opts.onReject?.(f.issue, f.raw);
    }
    opts.onProgress?.(counts.records);
    if (out.length) yield out;
  }
}

interface Found {
  issue: Issue;
  raw: RawRecord | undefined;
  reject: boolean;
}

function lineOf(f: Found): number | undefined {
  return (f.issue.origin ?? f.raw?.origin)?.line;
}

/** Line-numbered inputs (NDJSON) only: other readers' batches are the same however the input is divided. */
function hasLine(f: Found): boolean {
  return lineOf(f) !== undefined;
}

function byLine(a: Found, b: Found): number {
  return lineOf(a)! - lineOf(b)!;
}
