// The one place that wires the stages in order: read → normalize → store (→ classify → rarity → rules → alerts).

import { IssueLog, type Issue } from './common/issues.js';
import { emptyCounts, ingest, type IngestCounts } from './ingest.js';
import { openDb, type Db } from './store/db.js';
import { resolveDbPath } from './store/location.js';
import { EventsRepo } from './store/events-repo.js';
import { createRejectsWriter } from './normalize/rejects.js';

export interface HuntOptions {
  inputs: string[];
  dbPath?: string;
  /** Keep the events in the database for investigation (default true). */
  store?: boolean;
  rejectsPath?: string;
  maxLineBytes?: number;
  retentionDays?: number;
  onProgress?: (records: number) => void;
}

export interface HuntSummary {
  inputs: string[];
  db: string | null;
  counts: IngestCounts;
  storedEvents: number;
  issuesByCode: Record<string, number>;
  /** The first issues, for display; all are counted in issuesByCode. */
  issues: Issue[];
  firstEventTime: string | null;
  lastEventTime: string | null;
  durationMs: number;
  eventsPerSec: number;
}

export async function runHunt(opts: HuntOptions): Promise<HuntSummary> {
  const started = performance.now();
  const issues = new IssueLog(200);
  const counts = emptyCounts();
  const store = opts.store !== false;
  const dbPath = store ? resolveDbPath(opts.dbPath) : null;
  let db: Db | undefined;
  let repo: EventsRepo | undefined;
  const rejects = opts.rejectsPath ? createRejectsWriter(opts.rejectsPath) : undefined;
  let stored = 0;
  let minT = Infinity;
  let maxT = -Infinity;
  try {
    if (dbPath) {
      db = openDb(dbPath);
      repo = new EventsRepo(db);
    }
    for await (const events of ingest(opts.inputs, counts, {
      issues,
      maxLineBytes: opts.maxLineBytes,
      onReject: rejects ? (i, raw) => rejects.write(i, raw) : undefined,
      onProgress: opts.onProgress,
    })) {
      for (const e of events) {
        if (e.timeMs < minT) minT = e.timeMs;
        if (e.timeMs > maxT) maxT = e.timeMs;
      }
      if (repo) stored += repo.add(events);
    }
    if (repo && opts.retentionDays !== undefined && maxT > -Infinity) repo.applyRetention(opts.retentionDays, maxT);
  } finally {
    await rejects?.close();
    db?.close();
  }
  const durationMs = performance.now() - started;
  return {
    inputs: opts.inputs,
    db: dbPath,
    counts,
    storedEvents: stored,
    issuesByCode: issues.countsObject(),
    issues: issues.kept,
    firstEventTime: minT === Infinity ? null : new Date(minT).toISOString(),
    lastEventTime: maxT === -Infinity ? null : new Date(maxT).toISOString(),
    durationMs: Math.round(durationMs),
    eventsPerSec: durationMs > 0 ? Math.round((counts.records / durationMs) * 1000) : 0,
  };
}
