// Elasticsearch's `_bulk` API as shippers use it: action/source line pairs in, one item per action out, in
// order, with `errors: false` when every item succeeded. Process starts are queued; other documents a shipper
// sends along (logons, network events…) are answered `200 noop`, so it does not retry them; documents that
// cannot be read as an event at all get a per-item 400, exactly where Elasticsearch would report a mapping error.

import type { FastifyInstance } from 'fastify';
import { normalize } from '../../normalize/index.js';
import type { Issue } from '../../common/issues.js';
import { ApiError, badRequest } from '../errors.js';
import { decodeBody } from './body.js';
import type { Ingestor } from './ingestor.js';
import type { QueuedEvent } from './queue.js';

type Op = 'index' | 'create' | 'update' | 'delete';

interface ItemResult {
  _index: string;
  _id: string;
  status: number;
  result?: string;
  _version?: number;
  _shards?: { total: number; successful: number; failed: number };
  _seq_no?: number;
  _primary_term?: number;
  error?: { type: string; reason: string; code?: string };
}

export interface BulkResponse {
  took: number;
  errors: boolean;
  items: Array<Partial<Record<Op, ItemResult>>>;
}

interface Pending {
  op: Op;
  index: string;
  id?: string;
  /** Position in `events` when the item was queued. */
  queued?: number;
  item: ItemResult;
}

const OPS: readonly Op[] = ['index', 'create', 'update', 'delete'];
const SHARDS = { total: 1, successful: 1, failed: 0 };

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function itemError(index: string, id: string | undefined, status: number, type: string, reason: string, code?: string): ItemResult {
  return { _index: index, _id: id ?? '', status, error: { type, reason, ...(code ? { code } : {}) } };
}

/** Parses a _bulk body and normalizes its documents; ids of queued items are filled in once the row exists. */
export function parseBulk(text: string, defaultIndex: string, onIssue: (i: Issue) => void): { pending: Pending[]; events: QueuedEvent[]; skipped: number; records: number } {
  const lines = text.split('\n');
  const pending: Pending[] = [];
  const events: QueuedEvent[] = [];
  let skipped = 0;
  let records = 0;
  for (let n = 0; n < lines.length; n++) {
    const actionLine = lines[n].trim();
    if (!actionLine) continue;
    const action = parseLine(actionLine);
    const op = action && typeof action === 'object' && !Array.isArray(action) ? OPS.find((o) => o in action) : undefined;
    if (!op) throw badRequest(`line ${n + 1}: expected an action ({"index"|"create"|"update"|"delete": {…}}), found ${actionLine.slice(0, 60)}`);
    const meta = (action as Record<string, unknown>)[op];
    const m = meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {};
    const index = typeof m._index === 'string' && m._index ? m._index : defaultIndex;
    const id = typeof m._id === 'string' && m._id ? m._id : typeof m._id === 'number' ? String(m._id) : undefined;
    if (op === 'delete') {
      pending.push({ op, index, id, item: { _index: index, _id: id ?? '', status: 404, result: 'not_found', _version: 1, _shards: SHARDS } });
      continue;
    }
    // The source line follows the action line.
    n++;
    const srcLine = n < lines.length ? lines[n].trim() : '';
    if (!srcLine) {
      pending.push({ op, index, id, item: itemError(index, id, 400, 'action_request_validation_exception', 'the action has no source line after it', 'OS_READ_BULK_PAIR') });
      continue;
    }
    records++;
    let doc = parseLine(srcLine);
    if (op === 'update' && doc && typeof doc === 'object') {
      const d = doc as Record<string, unknown>;
      doc = d.doc ?? d.upsert;
    }
    if (doc === undefined || doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      const reason = doc === undefined ? 'the source line is not valid JSON' : 'the source is not a JSON object';
      onIssue({ code: 'OS_READ_JSON', severity: 'error', message: reason, origin: { file: '_bulk', line: n + 1 } });
      pending.push({ op, index, id, item: itemError(index, id, 400, 'document_parsing_exception', reason, 'OS_READ_JSON') });
      continue;
    }
    const r = normalize({ value: doc, origin: { file: '_bulk', line: n + 1 }, format: 'bulk' });
    if (r.kind === 'event') {
      const e = r.event;
      pending.push({ op, index, id, queued: events.length, item: { _index: index, _id: id ?? '', status: 201, result: 'created', _version: 1, _shards: SHARDS, _primary_term: 1 } });
      events.push({ e: e.event, t: e.timeMs, s: e.shape, ...(id !== undefined ? { k: `es:${index}/${id}` } : {}) });
    } else if (r.kind === 'skip') {
      skipped++;
      pending.push({ op, index, id, item: { _index: index, _id: id ?? '', status: 200, result: 'noop', _version: 1, _shards: SHARDS } });
    } else {
      onIssue(r.issue);
      pending.push({ op, index, id, item: itemError(index, id, 400, 'document_parsing_exception', r.issue.message, r.issue.code) });
    }
  }
  return { pending, events, skipped, records };
}

export function registerBulkRoutes(app: FastifyInstance, ingestor: Ingestor): void {
  const handler = async (index: string, body: unknown, encoding: string | string[] | undefined): Promise<BulkResponse> => {
    const started = performance.now();
    ingestor.checkCapacity();
    const text = decodeBody(body, encoding, ingestor.opts.maxDecompressedBytes).toString('utf8');
    if (!text.trim()) throw badRequest('request body is required');
    const { pending, events, skipped, records } = parseBulk(text, index, (i) => ingestor.metrics.rejects.inc({ code: i.code }));
    ingestor.metrics.eventsIn.inc({ endpoint: '_bulk' }, records);
    if (skipped) ingestor.metrics.skipped.inc({ reason: 'bulk-not-process-start' }, skipped);
    const rowId = await ingestor.enqueue(`bulk:${index}`, events);
    let errors = false;
    const items = pending.map((p) => {
      if (p.queued !== undefined) {
        if (!p.id) p.item._id = `${rowId}-${p.queued + 1}`;
        p.item._seq_no = p.queued;
      }
      if (p.item.status >= 400) errors = true;
      return { [p.op]: p.item } as Partial<Record<Op, ItemResult>>;
    });
    return { took: Math.round(performance.now() - started), errors, items };
  };
  const opts = { bodyLimit: ingestor.opts.maxIngestBytes, config: { es: true } };
  app.post('/_bulk', opts, async (req) => handler('oddspawn', req.body, req.headers['content-encoding']));
  app.put('/_bulk', opts, async (req) => handler('oddspawn', req.body, req.headers['content-encoding']));
  app.post<{ Params: { index: string } }>('/:index/_bulk', opts, async (req) => {
    const index = req.params.index;
    if (index.startsWith('_')) throw new ApiError(400, 'BAD_REQUEST', `invalid index name [${index.slice(0, 100)}]: must not start with '_'`);
    return handler(index, req.body, req.headers['content-encoding']);
  });
  app.put<{ Params: { index: string } }>('/:index/_bulk', opts, async (req) => handler(req.params.index, req.body, req.headers['content-encoding']));
}
