// Alerts: the paged listing, one alert with its triage state and notes, status/assignee changes (one or many)
// and notes.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { WORKFLOW_STATUSES, type WorkflowStatus } from '../../alerts/types.js';
import { findRule } from '../../rules/loader.js';
import { notFound } from '../errors.js';
import type { ApiContext } from './context.js';
import { ensureTimeOrder, idParams, isoTime, limitParam, offsetParam, parseWith, queryInput, textParam } from './validate.js';

const status = z.enum(WORKFLOW_STATUSES as [WorkflowStatus, ...WorkflowStatus[]]);

const listQuery = z.strictObject({
  status: status.optional(),
  rule: textParam.optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  user: textParam.optional(),
  host: textParam.optional(),
  assignee: textParam.optional(),
  q: textParam.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  sort: z.enum(['time', '-time', 'score', '-score', 'severity', '-severity']).default('-time'),
  limit: limitParam(1000, 50),
  offset: offsetParam,
});

const assignee = z.string().trim().min(1).max(256).nullable();

const patchBody = z
  .strictObject({ status: status.optional(), assignee: assignee.optional() })
  .refine((b) => b.status !== undefined || b.assignee !== undefined, { message: 'give status and/or assignee' });

const bulkBody = z
  .strictObject({ ids: z.array(z.string().min(1).max(512)).min(1).max(10_000), status: status.optional(), assignee: assignee.optional() })
  .refine((b) => b.status !== undefined || b.assignee !== undefined, { message: 'give status and/or assignee' });

const noteBody = z.strictObject({ text: z.string().trim().min(1).max(20_000), author: z.string().trim().min(1).max(256).optional() });

/** The authenticated caller's name when there is one; otherwise what the client says, or "anonymous". */
function authorOf(req: FastifyRequest, claimed: string | undefined): string {
  const p = (req as unknown as { principal?: { name?: string } | null }).principal;
  if (p?.name && p.name !== 'anonymous') return p.name;
  return claimed ?? 'anonymous';
}

export function alertRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const iso = (): string => new Date(ctx.now()).toISOString();

  app.get('/api/v1/alerts', async (req) => {
    const q = parseWith(listQuery, queryInput(req.query), 'query');
    ensureTimeOrder(q.from, q.to);
    // A rule the service knows is matched by its id alone (an index), whether given by id or by name.
    const known = q.rule === undefined ? undefined : findRule(ctx.rules(), q.rule);
    return ctx.alerts.search({ ...q, rule: known ? undefined : q.rule, ruleId: known?.rule.rule_id, fromIso: q.from, toIso: q.to });
  });

  app.post('/api/v1/alerts/bulk', async (req) => {
    const b = parseWith(bulkBody, req.body, 'body');
    const updated = ctx.alerts.updateTriageMany(b.ids, { status: b.status, assignee: b.assignee }, iso());
    return { updated };
  });

  app.get('/api/v1/alerts/:id', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const alert = ctx.alerts.get(id);
    const triage = ctx.alerts.triage(id);
    if (!alert || !triage) throw notFound(`no alert with id ${id}`);
    return { alert, status: triage.status, assignee: triage.assignee, status_updated_at: triage.status_updated_at, notes: ctx.alerts.notes(id) };
  });

  app.patch('/api/v1/alerts/:id', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const b = parseWith(patchBody, req.body, 'body');
    if (!ctx.alerts.updateTriage(id, { status: b.status, assignee: b.assignee }, iso())) throw notFound(`no alert with id ${id}`);
    const t = ctx.alerts.triage(id)!;
    return { id, status: t.status, assignee: t.assignee, status_updated_at: t.status_updated_at };
  });

  app.post('/api/v1/alerts/:id/notes', async (req, reply) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const b = parseWith(noteBody, req.body, 'body');
    const note = ctx.alerts.addNote(id, authorOf(req, b.author), b.text, iso());
    if (!note) throw notFound(`no alert with id ${id}`);
    return reply.code(201).send(note);
  });

  app.get('/api/v1/alerts/:id/notes', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    if (!ctx.alerts.has(id)) throw notFound(`no alert with id ${id}`);
    return { items: ctx.alerts.notes(id) };
  });
}
