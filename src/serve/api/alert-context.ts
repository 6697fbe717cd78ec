// The alert detail page's evidence (why rare, timeline, process tree) and the "add exception from this alert"
// draft, prefilled from the alert's fields in Elastic's exception item shape.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AlertDocument } from '../../alerts/types.js';
import type { ExceptionItemInput } from '../../rules/exceptions.js';
import { notFound } from '../errors.js';
import type { ApiContext } from './context.js';
import { children, DEFAULT_CONTEXT, focusEvent, history, parentChain, timeline } from './investigate.js';
import { idParams, parseWith, queryInput } from './validate.js';

const contextQuery = z.strictObject({
  window_minutes: z.coerce.number().int().min(1).max(7 * 24 * 60).default(120),
  limit: z.coerce.number().int().min(1).max(1000).default(DEFAULT_CONTEXT.timelineLimit),
});

/** The list an exception drafted for one rule goes to (created on first use, attached to that rule only). */
export const ruleListId = (ruleId: string): string => `rule-${ruleId}`;

export type ExceptionDraft = ExceptionItemInput & { rule_id: string };

export function exceptionDraft(alert: AlertDocument): ExceptionDraft {
  const a = alert.kibana.alert;
  const entries: ExceptionItemInput['entries'] = [];
  const add = (field: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') entries.push({ field, operator: 'included', type: 'match', value });
  };
  add('process.name', alert.process?.name);
  add('process.command_line', alert.process?.command_line);
  add('user.name', alert.user?.name);
  add('host.name', alert.host?.name);
  add('process.parent.name', alert.process?.parent?.name);
  const what = [alert.process?.name, alert.user?.name && `for ${alert.user.name}`, alert.host?.name && `on ${alert.host.name}`].filter(Boolean).join(' ');
  return {
    item_id: `from-alert-${a.uuid.slice(0, 16)}`,
    list_id: ruleListId(a.rule.rule_id),
    rule_id: a.rule.rule_id,
    name: `${a.rule.name}: ${what || 'exception'}`.slice(0, 256),
    description: `Drafted from alert ${a.uuid} (${a.original_time}). Remove the entries that should not have to match.`,
    type: 'simple',
    namespace_type: 'single',
    entries,
    tags: ['oddspawn', 'from-alert'],
    comments: [],
    os_types: ['windows'],
  };
}

export function alertContextRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/v1/alerts/:id/context', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const q = parseWith(contextQuery, queryInput(req.query), 'query');
    const alert = ctx.alerts.get(id);
    if (!alert) throw notFound(`no alert with id ${id}`);
    const opts = { ...DEFAULT_CONTEXT, windowMs: q.window_minutes * 60_000, timelineLimit: q.limit };
    const focus = focusEvent(ctx.db, alert);
    return {
      history: history(ctx.db, alert),
      timeline: timeline(ctx.db, alert, focus, opts),
      parent_chain: parentChain(ctx.db, alert, focus, opts),
      children: children(ctx.db, alert, focus, opts),
      focus: focus.row ? { event_key: focus.row.event_key, time: new Date(focus.timeMs).toISOString() } : null,
    };
  });

  app.get('/api/v1/alerts/:id/exception-draft', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const alert = ctx.alerts.get(id);
    if (!alert) throw notFound(`no alert with id ${id}`);
    return exceptionDraft(alert);
  });
}
