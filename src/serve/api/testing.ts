// A fresh fastify instance with only the API routes over a temporary SQLite database, the error handler the
// server uses, and seeding through the real code paths (alerts built by src/alerts/build.ts, events stored by
// EventsRepo the way the pipeline stores scored events). For the API tests and bench/serve-api.ts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildAnomalyAlert, buildEventAlert } from '../../alerts/build.js';
import { SqliteAlertStore } from '../../alerts/store.js';
import type { AlertDocument } from '../../alerts/types.js';
import type { ScoredEvent } from '../../classify/types.js';
import { ExceptionStore } from '../../rules/exception-store.js';
import type { LoadedRule } from '../../rules/schema.js';
import { anomalyRecord, loadedRule, scoredEvent, type EventSpec, type RecordSpec } from '../../rules/test-fixtures.js';
import { openDb, type Db } from '../../store/db.js';
import { EventsRepo } from '../../store/events-repo.js';
import { toApiError } from '../errors.js';
import type { ApiContext } from './context.js';
import { registerApiRoutes } from './index.js';

export const ML_RULE_ID = '40155ee4-1e6a-4e4d-a63b-e8ba16980cfb';
export const QUERY_RULE_ID = '9a1f0c55-7f53-4c1b-9d5c-3a2b1c0d4e5f';

export function testRules(): LoadedRule[] {
  return [
    loadedRule({ note: '## Triage\n\nCheck the **parent** process.' }),
    loadedRule({
      type: 'query',
      rule_id: QUERY_RULE_ID,
      name: 'Suspicious LOLBin with a URL',
      query: 'problemchild.prediction:1',
      severity: 'high',
      risk_score: 73,
      tags: ['LOLBin'],
    }),
  ];
}

export interface ApiHarness {
  app: FastifyInstance;
  db: Db;
  ctx: ApiContext;
  alerts: SqliteAlertStore;
  events: EventsRepo;
  rules: LoadedRule[];
  reloads: number;
  close(): Promise<void>;
}

export async function apiHarness(opts: { now?: number; rules?: LoadedRule[]; dbPath?: string } = {}): Promise<ApiHarness> {
  const dir = opts.dbPath ? undefined : mkdtempSync(join(tmpdir(), 'os-api-'));
  const db = openDb(opts.dbPath ?? join(dir!, 'api.sqlite'));
  const alerts = new SqliteAlertStore(db);
  const events = new EventsRepo(db);
  const rules = opts.rules ?? testRules();
  const h: ApiHarness = {
    app: Fastify({ logger: false }),
    db,
    alerts,
    events,
    rules,
    reloads: 0,
    ctx: undefined as unknown as ApiContext,
    async close() {
      await h.app.close();
      db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  h.ctx = {
    db,
    alerts,
    exceptions: new ExceptionStore(db),
    events,
    rules: () => h.rules,
    reloadRules: () => {
      h.reloads++;
    },
    now: () => opts.now ?? Date.UTC(2026, 0, 10),
  };
  h.app.setErrorHandler((err, _req, reply) => {
    const e = toApiError(err);
    return reply.code(e.status).headers(e.headers).send(e.body());
  });
  registerApiRoutes(h.app, h.ctx);
  await h.app.ready();
  return h;
}

/** A scored event as the pipeline stores it (the document carries problemchild and the classifier's probability). */
export function storedEvent(s: EventSpec & { pid?: number; entityId?: string; parentPid?: number; parentEntityId?: string; parentCmd?: string }): ScoredEvent {
  const ev = scoredEvent(s);
  const p = ev.event.process;
  if (s.pid !== undefined) p.pid = s.pid;
  if (s.entityId !== undefined) p.entity_id = s.entityId;
  if (p.parent) {
    if (s.parentPid !== undefined) p.parent.pid = s.parentPid;
    if (s.parentEntityId !== undefined) p.parent.entity_id = s.parentEntityId;
    if (s.parentCmd !== undefined) p.parent.command_line = s.parentCmd;
  }
  const c = ev.classifier;
  return { ...ev, event: { ...ev.event, problemchild: ev.problemchild, oddspawn: { classifier: { malicious_probability: c.malicious_probability, model: c.model } } } as ScoredEvent['event'] };
}

export function eventAlert(rule: LoadedRule, s: EventSpec): AlertDocument {
  return buildEventAlert(scoredEvent(s), { rule, executionMs: s.timeMs + 60_000 });
}

export function anomalyAlert(rule: LoadedRule, s: RecordSpec, event?: ScoredEvent): AlertDocument {
  return buildAnomalyAlert(anomalyRecord(s), { rule, executionMs: s.timestamp + 900_000 }, event);
}
