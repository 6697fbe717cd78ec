// Process events kept for investigation, by user, host and time (oldest first from `from`).

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from './context.js';
import { ensureTimeOrder, isoTime, limitParam, parseWith, queryInput, textParam } from './validate.js';

const query = z.strictObject({
  user: textParam.optional(),
  host: textParam.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: limitParam(1000, 100),
});

export function eventRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/v1/events', async (req) => {
    const q = parseWith(query, queryInput(req.query), 'query');
    ensureTimeOrder(q.from, q.to);
    const rows = ctx.events.find({
      user: q.user,
      host: q.host,
      fromMs: q.from === undefined ? undefined : Date.parse(q.from),
      toMs: q.to === undefined ? undefined : Date.parse(q.to),
      limit: q.limit,
    });
    return { items: rows.map((r) => r.doc) };
  });
}
