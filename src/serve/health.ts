// GET /api/v1/health: is the service up, how far behind is processing, what does the store hold.

import type { FastifyInstance } from 'fastify';
import { VERSION } from '../common/version.js';
import type { Db } from '../store/db.js';
import type { IngestQueue } from './ingest/queue.js';
import type { Processor } from './ingest/processor.js';

export interface HealthBody {
  status: 'ok';
  version: string;
  uptime_s: number;
  db: string;
  queue: { pending: number; rows: number };
  processed: number;
  events_total: number;
  alerts_total: number;
  last_rule_run: string | null;
}

function count(db: Db, table: string): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  return exists ? (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n : 0;
}

export function healthBody(db: Db, dbPath: string, queue: IngestQueue, processor: Processor, startedMs: number, now: number): HealthBody {
  const hasRuns = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rule_runs'").get();
  const last = hasRuns ? (db.prepare('SELECT MAX(run_at_ms) AS t FROM rule_runs').get() as { t: number | null }).t : null;
  return {
    status: 'ok',
    version: VERSION,
    uptime_s: Math.max(0, Math.round((now - startedMs) / 1000)),
    db: dbPath,
    queue: { pending: queue.pendingEvents, rows: queue.pendingRows() },
    processed: processor.processed,
    events_total: count(db, 'events'),
    alerts_total: count(db, 'alerts'),
    last_rule_run: last === null ? null : new Date(last).toISOString(),
  };
}

export function registerHealthRoute(app: FastifyInstance, body: () => HealthBody): void {
  app.get('/api/v1/health', async () => body());
}
