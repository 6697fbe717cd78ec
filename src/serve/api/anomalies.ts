// Anomaly records written by the rarity jobs: filtered by job, user, score and time, highest score first, paged.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryRecords } from '../../rarity/record-store.js';
import type { AnomalyRecord } from '../../rarity/types.js';
import type { Db } from '../../store/db.js';
import type { ApiContext } from './context.js';
import { ensureTimeOrder, isoTime, limitParam, offsetParam, parseWith, queryInput, textParam } from './validate.js';

const query = z.strictObject({
  job: textParam.optional(),
  user: textParam.optional(),
  min_score: z.coerce.number().min(0).max(100).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  interim: z.enum(['true', 'false']).default('false'),
  limit: limitParam(1000, 50),
  offset: offsetParam,
});

export interface AnomalyQuery {
  /** One job id, or several separated by commas. */
  job?: string;
  /** The user the record is about: its partition, over or by field when that field is user.name. */
  user?: string;
  minScore?: number;
  fromMs?: number;
  toMs?: number;
  includeInterim?: boolean;
  limit: number;
  offset: number;
}

export function searchAnomalies(db: Db, q: AnomalyQuery): { total: number; items: AnomalyRecord[] } {
  const jobIds = q.job?.split(',').map((j) => j.trim()).filter(Boolean);
  const r = queryRecords(db, { ...q, jobIds });
  return { total: r.total, items: r.records };
}

export function anomalyRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/v1/anomalies', async (req) => {
    const q = parseWith(query, queryInput(req.query), 'query');
    ensureTimeOrder(q.from, q.to);
    return searchAnomalies(ctx.db, {
      job: q.job,
      user: q.user,
      minScore: q.min_score,
      fromMs: q.from === undefined ? undefined : Date.parse(q.from),
      toMs: q.to === undefined ? undefined : Date.parse(q.to),
      includeInterim: q.interim === 'true',
      limit: q.limit,
      offset: q.offset,
    });
  });
}
