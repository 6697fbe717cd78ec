// Where alerts live. The store is the authority for de-duplication: `insert` returns false for an id it
// already holds (INSERT OR IGNORE on the primary key), so re-runs and restarts never duplicate an alert.

import type { Db } from '../store/db.js';
import { migrate, type Migration } from '../store/migrate.js';
import { alertScore, searchAlerts, searchText, SEVERITY_RANK, TRIAGE_MIGRATION, type AlertNote, type AlertQuery, type AlertSummary, type AlertTriage } from './triage.js';
import type { AlertDocument, WorkflowStatus } from './types.js';

/** A triage change: a new workflow status and/or assignee (null unassigns). */
export interface TriagePatch {
  status?: WorkflowStatus;
  assignee?: string | null;
}

export interface AlertFilter {
  status?: WorkflowStatus;
  ruleId?: string;
  limit?: number;
}

export interface AlertStore {
  /** True when the alert is new; false when an alert with this id exists already. */
  insert(doc: AlertDocument): boolean;
  has(id: string): boolean;
  get(id: string): AlertDocument | undefined;
  /** Alerts by original time, then id: a stable order for listings and golden tests. */
  list(filter?: AlertFilter): AlertDocument[];
  setStatus(id: string, status: WorkflowStatus, atIso: string): boolean;
  /** Remembers that alert `id` was suppressed into `intoId`; false when it was already known. */
  markSuppressed(id: string, intoId: string): boolean;
  isSuppressed(id: string): boolean;
  /** Adds one suppressed duplicate to an alert's `kibana.alert.suppression.docs_count`, extending its end. */
  addSuppressed(intoId: string, endIso: string): void;
}

export const ALERTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'alerts and suppressed alert ids',
    up: `
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        severity TEXT NOT NULL,
        risk_score INTEGER NOT NULL,
        original_time TEXT NOT NULL,
        created_at TEXT NOT NULL,
        workflow_status TEXT NOT NULL,
        user_name TEXT,
        host_name TEXT,
        process_name TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX alerts_rule ON alerts (rule_id, original_time);
      CREATE INDEX alerts_status ON alerts (workflow_status, original_time);
      CREATE TABLE alerts_suppressed (
        id TEXT PRIMARY KEY,
        into_id TEXT NOT NULL
      );
    `,
  },
  TRIAGE_MIGRATION,
];

export class SqliteAlertStore implements AlertStore {
  private readonly insertStmt;
  private readonly hasStmt;
  private readonly getStmt;
  private readonly suppressedStmt;
  private readonly markStmt;
  private readonly triageInsertStmt;
  private readonly searchInsertStmt;
  private readonly insertTx;

  constructor(private readonly db: Db) {
    migrate(db, 'alerts', ALERTS_MIGRATIONS);
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO alerts (id, rule_id, rule_name, severity, risk_score, original_time, created_at, workflow_status,
        user_name, host_name, process_name, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.triageInsertStmt = db.prepare(
      `INSERT INTO alert_triage (id, original_time, rule_id, rule_name, severity, severity_rank, risk_score, score, user_name, host_name,
        process_name, command_line, workflow_status, status_updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.searchInsertStmt = db.prepare('INSERT INTO alert_search (rowid, text) VALUES (?, ?)');
    this.insertTx = db.transaction((doc: AlertDocument) => this.insertRows(doc));
    this.hasStmt = db.prepare('SELECT 1 FROM alerts WHERE id = ?');
    this.getStmt = db.prepare('SELECT doc FROM alerts WHERE id = ?');
    this.suppressedStmt = db.prepare('SELECT 1 FROM alerts_suppressed WHERE id = ?');
    this.markStmt = db.prepare('INSERT OR IGNORE INTO alerts_suppressed (id, into_id) VALUES (?, ?)');
  }

  insert(doc: AlertDocument): boolean {
    // The document, its listing row and its search text are written together or not at all.
    return this.db.inTransaction ? this.insertRows(doc) : (this.insertTx(doc) as boolean);
  }

  private insertRows(doc: AlertDocument): boolean {
    const a = doc.kibana.alert;
    const user = doc.user?.name ?? null;
    const host = doc.host?.name ?? null;
    const proc = doc.process?.name ?? null;
    const fresh =
      this.insertStmt.run(a.uuid, a.rule.rule_id, a.rule.name, a.severity, a.risk_score, a.original_time, doc['@timestamp'], a.workflow_status, user, host, proc, JSON.stringify(doc))
        .changes > 0;
    if (fresh) {
      const row = this.triageInsertStmt.run(a.uuid, a.original_time, a.rule.rule_id, a.rule.name, a.severity, SEVERITY_RANK[a.severity] ?? 0, a.risk_score, alertScore(doc),
        user, host, proc, doc.process?.command_line ?? null, a.workflow_status, a.workflow_status_updated_at ?? null);
      this.searchInsertStmt.run(row.lastInsertRowid, searchText([user, host, proc, doc.process?.command_line, a.rule.name]));
    }
    return fresh;
  }

  has(id: string): boolean {
    return this.hasStmt.get(id) !== undefined;
  }

  /** Ids starting with `prefix` (at most `limit`), so the CLI accepts the short ids its table shows. */
  idsWithPrefix(prefix: string, limit = 2): string[] {
    if (!/^[0-9a-f]+$/.test(prefix)) return [];
    return (this.db.prepare("SELECT id FROM alerts WHERE id >= ? AND id < ? ORDER BY id LIMIT ?").all(prefix, `${prefix}g`, limit) as Array<{ id: string }>).map((r) => r.id);
  }

  get(id: string): AlertDocument | undefined {
    const row = this.getStmt.get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as AlertDocument) : undefined;
  }

  list(filter: AlertFilter = {}): AlertDocument[] {
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (filter.status) {
      where.push('workflow_status = ?');
      args.push(filter.status);
    }
    if (filter.ruleId) {
      where.push('(rule_id = ? OR rule_name = ?)');
      args.push(filter.ruleId, filter.ruleId);
    }
    const sql = `SELECT doc FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY original_time, id${
      filter.limit ? ' LIMIT ?' : ''
    }`;
    if (filter.limit) args.push(filter.limit);
    return (this.db.prepare(sql).all(...args) as Array<{ doc: string }>).map((r) => JSON.parse(r.doc) as AlertDocument);
  }

  setStatus(id: string, status: WorkflowStatus, atIso: string): boolean {
    return this.db.transaction(() => {
      const doc = this.get(id);
      if (!doc) return false;
      doc.kibana.alert.workflow_status = status;
      doc.kibana.alert.workflow_status_updated_at = atIso;
      this.db.prepare('UPDATE alerts SET workflow_status = ?, doc = ? WHERE id = ?').run(status, JSON.stringify(doc), id);
      this.db.prepare('UPDATE alert_triage SET workflow_status = ?, status_updated_at = ? WHERE id = ?').run(status, atIso, id);
      return true;
    })();
  }

  /** Filtered, sorted page of alert summaries with the total under the same filter. */
  search(q: AlertQuery = {}): { total: number; items: AlertSummary[] } {
    return searchAlerts(this.db, q);
  }

  triage(id: string): AlertTriage | undefined {
    return this.db.prepare('SELECT workflow_status AS status, assignee, status_updated_at FROM alert_triage WHERE id = ?').get(id) as AlertTriage | undefined;
  }

  /** Applies a status and/or assignee change; false when there is no such alert. */
  updateTriage(id: string, patch: TriagePatch, atIso: string): boolean {
    return this.db.transaction(() => {
      if (!this.hasStmt.get(id)) return false;
      if (patch.status !== undefined) this.setStatus(id, patch.status, atIso);
      if (patch.assignee !== undefined) this.db.prepare('UPDATE alert_triage SET assignee = ? WHERE id = ?').run(patch.assignee, id);
      return true;
    })();
  }

  /** The same change for many alerts in one transaction; returns how many existed. */
  updateTriageMany(ids: readonly string[], patch: TriagePatch, atIso: string): number {
    return this.db.transaction(() => {
      let n = 0;
      for (const id of new Set(ids)) if (this.updateTriage(id, patch, atIso)) n++;
      return n;
    })();
  }

  /** Adds an analyst's note; undefined when there is no such alert. */
  addNote(id: string, author: string, text: string, atIso: string): AlertNote | undefined {
    if (!this.has(id)) return undefined;
    const r = this.db.prepare('INSERT INTO alert_notes (alert_id, at, author, text) VALUES (?, ?, ?, ?)').run(id, atIso, author, text);
    return { id: Number(r.lastInsertRowid), at: atIso, author, text };
  }

  notes(id: string): AlertNote[] {
    return this.db.prepare('SELECT id, at, author, text FROM alert_notes WHERE alert_id = ? ORDER BY id').all(id) as AlertNote[];
  }

  markSuppressed(id: string, intoId: string): boolean {
    return this.markStmt.run(id, intoId).changes > 0;
  }

  isSuppressed(id: string): boolean {
    return this.suppressedStmt.get(id) !== undefined;
  }

  addSuppressed(intoId: string, endIso: string): void {
    const doc = this.get(intoId);
    if (!doc?.kibana.alert.suppression) return;
    doc.kibana.alert.suppression.docs_count++;
    if (endIso > doc.kibana.alert.suppression.end) doc.kibana.alert.suppression.end = endIso;
    this.db.prepare('UPDATE alerts SET doc = ? WHERE id = ?').run(JSON.stringify(doc), intoId);
  }
}

/** The same contract in memory, for runs without a database and for tests. */
export class MemoryAlertStore implements AlertStore {
  private readonly docs = new Map<string, AlertDocument>();
  private readonly suppressed = new Map<string, string>();

  insert(doc: AlertDocument): boolean {
    if (this.docs.has(doc.kibana.alert.uuid)) return false;
    this.docs.set(doc.kibana.alert.uuid, structuredClone(doc));
    return true;
  }
  has(id: string): boolean {
    return this.docs.has(id);
  }
  get(id: string): AlertDocument | undefined {
    const d = this.docs.get(id);
    return d ? structuredClone(d) : undefined;
  }
  list(filter: AlertFilter = {}): AlertDocument[] {
    const out = [...this.docs.values()]
      .filter((d) => !filter.status || d.kibana.alert.workflow_status === filter.status)
      .filter((d) => !filter.ruleId || d.kibana.alert.rule.rule_id === filter.ruleId || d.kibana.alert.rule.name === filter.ruleId)
      .sort((a, b) => (a.kibana.alert.original_time < b.kibana.alert.original_time ? -1 : a.kibana.alert.original_time > b.kibana.alert.original_time ? 1 : a.kibana.alert.uuid < b.kibana.alert.uuid ? -1 : 1));
    return (filter.limit ? out.slice(0, filter.limit) : out).map((d) => structuredClone(d));
  }
  setStatus(id: string, status: WorkflowStatus, atIso: string): boolean {
    const d = this.docs.get(id);
    if (!d) return false;
    d.kibana.alert.workflow_status = status;
    d.kibana.alert.workflow_status_updated_at = atIso;
    return true;
  }
  markSuppressed(id: string, intoId: string): boolean {
    if (this.suppressed.has(id)) return false;
    this.suppressed.set(id, intoId);
    return true;
  }
  isSuppressed(id: string): boolean {
    return this.suppressed.has(id);
  }
  addSuppressed(intoId: string, endIso: string): void {
    const s = this.docs.get(intoId)?.kibana.alert.suppression;
    if (!s) return;
    s.docs_count++;
    if (endIso > s.end) s.end = endIso;
  }
}
