// Dashboard aggregates over alerts: counts over time by rule and severity (hour or day buckets taken from the
// ISO original_time text, so no per-row date maths), top users / hosts / processes, counts by severity and status.
// All read from the narrow alert_triage table, never the documents.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WORKFLOW_STATUSES, type WorkflowStatus } from '../../alerts/types.js';
import type { Db } from '../../store/db.js';
import type { ApiContext } from './context.js';
import { ensureTimeOrder, isoTime, parseWith, queryInput } from './validate.js';

const query = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  bucket: z.enum(['1h', '1d']).optional(),
  status: z.enum(WORKFLOW_STATUSES as [WorkflowStatus, ...WorkflowStatus[]]).optional(),
  top: z.coerce.number().int().min(1).max(100).default(10),
});

export interface DashboardQuery {
  fromIso?: string;
  toIso?: string;
  /** Default: hours when the alerts span at most three days, else days. */
  bucket?: '1h' | '1d';
  status?: WorkflowStatus;
  top: number;
}

export interface Dashboard {
  bucket: '1h' | '1d';
  total: number;
  over_time: Array<{ t: string; rule_id: string; rule_name: string; severity: string; count: number }>;
  top_users: Array<{ key: string; count: number }>;
  top_hosts: Array<{ key: string; count: number }>;
  top_processes: Array<{ key: string; count: number }>;
  top_rules: Array<{ key: string; name: string; count: number }>;
  by_severity: { low: number; medium: number; high: number; critical: number };
  by_status: { open: number; acknowledged: number; closed: number };
}

const BUCKETS = { '1h': { len: 13, suffix: ':00:00.000Z' }, '1d': { len: 10, suffix: 'T00:00:00.000Z' } } as const;

export function dashboard(db: Db, q: DashboardQuery): Dashboard {
  const where: string[] = [];
  const args: string[] = [];
  if (q.fromIso !== undefined) {
    where.push('original_time >= ?');
    args.push(q.fromIso);
  }
  if (q.toIso !== undefined) {
    where.push('original_time < ?');
    args.push(q.toIso);
  }
  if (q.status !== undefined) {
    where.push('workflow_status = ?');
    args.push(q.status);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const span = db.prepare(`SELECT COUNT(*) AS n, MIN(original_time) AS lo, MAX(original_time) AS hi FROM alert_triage ${clause}`).get(...args) as {
    n: number;
    lo: string | null;
    hi: string | null;
  };
  const bucket = q.bucket ?? (span.lo && span.hi && Date.parse(span.hi) - Date.parse(span.lo) > 3 * 86_400_000 ? '1d' : '1h');
  const b = BUCKETS[bucket];
  const overTime = db
    .prepare(
      `SELECT substr(original_time, 1, ${b.len}) AS b, rule_id, MIN(rule_name) AS rule_name, severity, COUNT(*) AS count
       FROM alert_triage ${clause} GROUP BY b, rule_id, severity ORDER BY b, rule_id, severity`,
    )
    .all(...args) as Array<{ b: string; rule_id: string; rule_name: string; severity: string; count: number }>;
  const top = (col: string): Array<{ key: string; count: number }> =>
    db
      .prepare(`SELECT ${col} AS key, COUNT(*) AS count FROM alert_triage ${clause ? `${clause} AND` : 'WHERE'} ${col} IS NOT NULL GROUP BY ${col} ORDER BY count DESC, key LIMIT ?`)
      .all(...args, q.top) as Array<{ key: string; count: number }>;
  const counts = (col: string): Map<string, number> =>
    new Map((db.prepare(`SELECT ${col} AS k, COUNT(*) AS n FROM alert_triage ${clause} GROUP BY ${col}`).all(...args) as Array<{ k: string; n: number }>).map((r) => [r.k, r.n]));
  const sev = counts('severity');
  const st = counts('workflow_status');
  const topRules = db
    .prepare(`SELECT rule_id AS key, MIN(rule_name) AS name, COUNT(*) AS count FROM alert_triage ${clause} GROUP BY rule_id ORDER BY count DESC, key LIMIT ?`)
    .all(...args, q.top) as Dashboard['top_rules'];
  return {
    bucket,
    total: span.n,
    over_time: overTime.map((r) => ({ t: `${r.b}${b.suffix}`, rule_id: r.rule_id, rule_name: r.rule_name, severity: r.severity, count: r.count })),
    top_users: top('user_name'),
    top_hosts: top('host_name'),
    top_processes: top('process_name'),
    top_rules: topRules,
    by_severity: { low: sev.get('low') ?? 0, medium: sev.get('medium') ?? 0, high: sev.get('high') ?? 0, critical: sev.get('critical') ?? 0 },
    by_status: { open: st.get('open') ?? 0, acknowledged: st.get('acknowledged') ?? 0, closed: st.get('closed') ?? 0 },
  };
}

export function dashboardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/v1/dashboard', async (req) => {
    const q = parseWith(query, queryInput(req.query), 'query');
    ensureTimeOrder(q.from, q.to);
    return dashboard(ctx.db, { fromIso: q.from, toIso: q.to, bucket: q.bucket, status: q.status, top: q.top });
  });
}
