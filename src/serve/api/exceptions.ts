// Exception items (Elastic's item shape) over ExceptionStore. An item given a rule_id goes to that rule's own
// list (created on first use with rule_ids = [rule_id]); without one it goes to `list_id` (default "default",
// which applies to every rule). Every change asks the service to rebuild its engine, which compiles exceptions.

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OddspawnError } from '../../common/issues.js';
import type { ExceptionItemRecord, ExceptionStore } from '../../rules/exception-store.js';
import { exceptionItemSchema, type ExceptionItem } from '../../rules/exceptions.js';
import { findRule } from '../../rules/loader.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { ruleListId } from './alert-context.js';
import type { ApiContext } from './context.js';
import { idParams, parseWith, queryInput, textParam } from './validate.js';

const itemShape = {
  ...exceptionItemSchema.shape,
  item_id: z.string().min(1).max(256).optional(),
  list_id: z.string().min(1).max(256).optional(),
  name: z.string().min(1).max(1024),
  rule_id: z.string().min(1).max(256).optional(),
};
const createBody = z.strictObject(itemShape);
// A client may send back what GET returned: its read-only members are accepted and ignored.
const replaceBody = z.strictObject({ ...itemShape, id: z.string().optional(), created_at: z.string().optional(), updated_at: z.string().optional() });
const listQuery = z.strictObject({ list_id: textParam.optional(), rule: textParam.optional() });

export interface ExceptionView extends ExceptionItem {
  id: string;
  rule_id?: string;
  created_at: string;
  updated_at: string;
}

function view(store: ExceptionStore, r: ExceptionItemRecord): ExceptionView {
  const ruleId = store.getList(r.item.list_id)?.rule_ids?.[0];
  return { id: r.item.item_id, ...r.item, ...(ruleId !== undefined ? { rule_id: ruleId } : {}), created_at: r.created_at, updated_at: r.updated_at };
}

export function exceptionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const store = ctx.exceptions;

  /** The list the item belongs in, creating a rule's own list when needed. */
  const resolveList = (ruleId: string | undefined, listId: string | undefined): string => {
    if (ruleId === undefined) return listId ?? 'default';
    const lr = findRule(ctx.rules(), ruleId);
    if (!lr) throw badRequest(`invalid body: rule_id: no rule ${ruleId}`, [{ field: 'rule_id', message: 'no such rule' }]);
    const id = listId ?? ruleListId(lr.rule.rule_id);
    if (!store.getList(id)) {
      store.upsertList({ list_id: id, name: `Exceptions for ${lr.rule.name}`, type: 'rule_default', rule_ids: [lr.rule.rule_id] });
    }
    return id;
  };

  const save = (body: z.infer<typeof createBody>, itemId: string): ExceptionView => {
    const { rule_id: ruleId, ...rest } = body;
    const listId = resolveList(ruleId, rest.list_id);
    const input = { ...rest, item_id: itemId, list_id: listId };
    for (const k of ['id', 'created_at', 'updated_at']) delete (input as Record<string, unknown>)[k];
    try {
      store.upsertItem(input, new Date(ctx.now()));
    } catch (e) {
      if (e instanceof OddspawnError) throw badRequest(`invalid body: ${e.message}`);
      throw e;
    }
    ctx.reloadRules();
    return view(store, store.getItemRecord(itemId)!);
  };

  app.get('/api/v1/exceptions', async (req) => {
    const q = parseWith(listQuery, queryInput(req.query), 'query');
    let items = store.itemRecords(q.list_id).map((r) => view(store, r));
    if (q.rule !== undefined) items = items.filter((v) => v.rule_id === q.rule);
    return items;
  });

  app.post('/api/v1/exceptions', async (req, reply) => {
    const b = parseWith(createBody, req.body, 'body');
    const itemId = b.item_id ?? `oddspawn-${randomUUID()}`;
    if (store.getItem(itemId)) throw conflict(`an exception with item_id ${itemId} exists already`);
    return reply.code(201).send(save(b, itemId));
  });

  app.get('/api/v1/exceptions/:id', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const r = store.getItemRecord(id);
    if (!r) throw notFound(`no exception with id ${id}`);
    return view(store, r);
  });

  app.put('/api/v1/exceptions/:id', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const b = parseWith(replaceBody, req.body, 'body');
    const existing = store.getItem(id);
    if (!existing) throw notFound(`no exception with id ${id}`);
    for (const [k, v] of [['item_id', b.item_id], ['id', b.id]] as const) {
      if (v !== undefined && v !== id) throw badRequest(`invalid body: ${k} ${v} differs from the id in the path`, [{ field: k, message: 'differs from the path' }]);
    }
    return save(b.rule_id === undefined && b.list_id === undefined ? { ...b, list_id: existing.list_id } : b, id);
  });

  app.delete('/api/v1/exceptions/:id', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    if (!store.deleteItem(id)) throw notFound(`no exception with id ${id}`);
    ctx.reloadRules();
    return { deleted: id };
  });
}
