// Triage state and the analyst's alert listing: assignee, notes and status-change times beside each alert,
// and filtered / sorted / paged queries whose count uses the same WHERE. Columns copied out of the document
// (command line, score, severity rank) let a page of 100,000 alerts be answered from indexes, without JSON.

import type { Db } from '../store/db.js';
import type { Migration } from '../store/migrate.js';
import type { AlertDocument, WorkflowStatus } from './types.js';

export const SEVERITY_RANK: Readonly<Record<string, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

const RANK_SQL = `CASE severity WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4 ELSE 0 END`;

// The text `q` searches, indexed by trigrams so a substring needs no scan of every alert.
const SEARCH_TEXT_SQL = `concat_ws(char(10), user_name, host_name, process_name, command_line, rule_name)`;

export function searchText(fields: ReadonlyArray<string | null | undefined>): string {
  return fields.filter((f): f is string => f !== null && f !== undefined).join('\n');
}

export const TRIAGE_MIGRATION: Migration = {
  version: 2,
  description: 'triage: assignee, status change time, notes; a narrow listing table with its indexes',
  // The listing lives in its own narrow table: rows of `alerts` carry the whole document (kilobytes, overflow
  // pages), so filtering, sorting or counting them reads far more than the few columns a listing needs.
  up: `
    CREATE TABLE alert_triage (
      id TEXT PRIMARY KEY REFERENCES alerts (id) ON DELETE CASCADE,
      original_time TEXT NOT NULL,
      rule_id TEXT NOT NULL,
      rule_name TEXT NOT NULL,
      severity TEXT NOT NULL,
      severity_rank INTEGER NOT NULL,
      risk_score INTEGER NOT NULL,
      score REAL,
      user_name TEXT,
      host_name TEXT,
      process_name TEXT,
      command_line TEXT,
      workflow_status TEXT NOT NULL,
      assignee TEXT,
      status_updated_at TEXT
    );
    INSERT INTO alert_triage SELECT id, original_time, rule_id, rule_name, severity, ${RANK_SQL}, risk_score,
      COALESCE(json_extract(doc, '$.anomaly.record_score'), json_extract(doc, '$.oddspawn.explanation.classifier.malicious_probability') * 100),
      user_name, host_name, process_name, json_extract(doc, '$.process.command_line'), workflow_status, NULL,
      json_extract(doc, '$.kibana.alert.workflow_status_updated_at')
    FROM alerts;
    CREATE INDEX alert_triage_time ON alert_triage (original_time, id);
    CREATE INDEX alert_triage_status ON alert_triage (workflow_status, original_time, id);
    CREATE INDEX alert_triage_status_score ON alert_triage (workflow_status, score, original_time, id);
    CREATE INDEX alert_triage_status_severity ON alert_triage (workflow_status, severity_rank, original_time, id);
    CREATE INDEX alert_triage_rule ON alert_triage (rule_id, original_time, id);
    CREATE INDEX alert_triage_rule_severity ON alert_triage (rule_id, severity_rank, original_time, id);
    CREATE INDEX alert_triage_score ON alert_triage (score, original_time, id);
    CREATE INDEX alert_triage_severity ON alert_triage (severity_rank, original_time, id);
    CREATE INDEX alert_triage_user ON alert_triage (user_name, original_time, id);
    CREATE INDEX alert_triage_host ON alert_triage (host_name, original_time, id);
    CREATE INDEX alert_triage_assignee ON alert_triage (assignee, original_time, id);
    CREATE VIRTUAL TABLE alert_search USING fts5(text, tokenize = 'trigram');
    INSERT INTO alert_search (rowid, text) SELECT rowid, ${SEARCH_TEXT_SQL} FROM alert_triage;
    CREATE TABLE alert_notes (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      alert_id TEXT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
      at TEXT NOT NULL,
      author TEXT NOT NULL,
      text TEXT NOT NULL
    );
    CREATE INDEX alert_notes_alert ON alert_notes (alert_id, id);
  `,
};

/** The alert's score for listings: the anomaly's record_score, else the classifier's probability × 100. */
export function alertScore(doc: AlertDocument): number | null {
  if (doc.anomaly) return doc.anomaly.record_score;
  const p = doc.oddspawn.explanation.classifier?.malicious_probability;
  return p === undefined ? null : p * 100;
}

export type AlertSort = 'time' | '-time' | 'score' | '-score' | 'severity' | '-severity';

export interface AlertQuery {
  status?: WorkflowStatus;
  /** rule_id (or rule name). */
  rule?: string;
  /** Exactly this rule_id (indexed; `rule` also has to look at names). */
  ruleId?: string;
  severity?: string;
  user?: string;
  host?: string;
  assignee?: string;
  /** Case-insensitive substring of user, host, process name, command line or rule name. */
  q?: string;
  /** original_time range, ISO strings as stored (inclusive from, exclusive to). */
  fromIso?: string;
  toIso?: string;
  sort?: AlertSort;
  limit?: number;
  offset?: number;
}

export interface AlertSummary {
  id: string;
  time: string;
  severity: string;
  risk_score: number;
  rule: { id: string; name: string };
  user: string | null;
  host: string | null;
  process: { name: string | null; command_line: string | null };
  score: number | null;
  status: WorkflowStatus;
  assignee: string | null;
}

export interface AlertNote {
  id: number;
  at: string;
  author: string;
  text: string;
}

export interface AlertTriage {
  status: WorkflowStatus;
  assignee: string | null;
  status_updated_at: string | null;
}

const ORDER: Record<AlertSort, string> = {
  time: 'original_time ASC, id ASC',
  '-time': 'original_time DESC, id DESC',
  score: 'score ASC, original_time DESC, id DESC',
  '-score': 'score DESC, original_time DESC, id DESC',
  severity: 'severity_rank ASC, original_time DESC, id DESC',
  '-severity': 'severity_rank DESC, original_time DESC, id DESC',
};

/** `%` and `_` in the user's text are literal characters, not LIKE wildcards. */
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function alertWhere(q: AlertQuery): { clause: string; args: Array<string | number> } {
  const where: string[] = [];
  const args: Array<string | number> = [];
  const eq = (col: string, v: string | undefined): void => {
    if (v === undefined) return;
    where.push(`${col} = ?`);
    args.push(v);
  };
  eq('workflow_status', q.status);
  if (q.rule !== undefined) {
    where.push('(rule_id = ? OR rule_name = ?)');
    args.push(q.rule, q.rule);
  }
  eq('rule_id', q.ruleId);
  if (q.severity !== undefined) {
    // The rank has an index; a severity outside the four known ones can only match by its text.
    const rank = SEVERITY_RANK[q.severity];
    where.push(rank !== undefined ? 'severity_rank = ?' : 'severity = ?');
    args.push(rank ?? q.severity);
  }
  eq('user_name', q.user);
  eq('host_name', q.host);
  eq('assignee', q.assignee);
  if (q.fromIso !== undefined) {
    where.push('original_time >= ?');
    args.push(q.fromIso);
  }
  if (q.toIso !== undefined) {
    where.push('original_time < ?');
    args.push(q.toIso);
  }
  if (q.q !== undefined && q.q !== '') {
    const pat = `%${likeEscape(q.q)}%`;
    // Three characters or more without LIKE metacharacters: the trigram index narrows, the LIKEs below decide.
    if (q.q.length >= 3 && !/[\\%_]/.test(q.q)) {
      where.push('rowid IN (SELECT rowid FROM alert_search WHERE text LIKE ?)');
      args.push(`%${q.q}%`);
    }
    where.push(
      `(user_name LIKE ? ESCAPE '\\' OR host_name LIKE ? ESCAPE '\\' OR process_name LIKE ? ESCAPE '\\' OR command_line LIKE ? ESCAPE '\\' OR rule_name LIKE ? ESCAPE '\\')`,
    );
    args.push(pat, pat, pat, pat, pat);
  }
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

interface SummaryRow {
  id: string;
  original_time: string;
  severity: string;
  risk_score: number;
  rule_id: string;
  rule_name: string;
  user_name: string | null;
  host_name: string | null;
  process_name: string | null;
  command_line: string | null;
  score: number | null;
  workflow_status: WorkflowStatus;
  assignee: string | null;
}

const SUMMARY_COLUMNS =
  'id, original_time, severity, risk_score, rule_id, rule_name, user_name, host_name, process_name, command_line, score, workflow_status, assignee';

function toSummary(r: SummaryRow): AlertSummary {
  return {
    id: r.id,
    time: r.original_time,
    severity: r.severity,
    risk_score: r.risk_score,
    rule: { id: r.rule_id, name: r.rule_name },
    user: r.user_name,
    host: r.host_name,
    process: { name: r.process_name, command_line: r.command_line },
    score: r.score,
    status: r.workflow_status,
    assignee: r.assignee,
  };
}

export function searchAlerts(db: Db, q: AlertQuery): { total: number; items: AlertSummary[] } {
  const { clause, args } = alertWhere(q);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM alert_triage ${clause}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM alert_triage ${clause} ORDER BY ${ORDER[q.sort ?? '-time']} LIMIT ? OFFSET ?`)
    .all(...args, q.limit ?? 50, q.offset ?? 0) as SummaryRow[];
  return { total, items: rows.map(toSummary) };
}
