// What the alert detail page shows beside the alert, read from the events kept for investigation:
// the user's history with the process (and how many others run it), the user's processes around the alert,
// and the process tree (parent chain, children) on the same host. Every query is bounded in time and count.

import type { AlertDocument } from '../../alerts/types.js';
import type { Db } from '../../store/db.js';
import type { ProcessEvent } from '../../normalize/process-event.js';

type StoredDoc = ProcessEvent & { oddspawn?: { classifier?: { malicious_probability?: number } } };

interface EventRow {
  id: number;
  event_key: string;
  time_ms: number;
  source: string;
  doc: string;
}

export interface History {
  process_name: string | null;
  user: string | null;
  first_seen: string | null;
  last_seen: string | null;
  count_for_user: number;
  /** Distinct users (this one included) with this process among the events kept. */
  users_running_it: number;
  /** users_running_it without this user. */
  other_users: number;
  /** The oldest event kept: history before it is unknown to this server. */
  events_since: string | null;
  /** The rarity job's own evidence, when the alert came from an anomaly record. */
  rarity?: AlertDocument['oddspawn']['explanation']['rarity'];
}

export interface TimelineItem {
  time: string;
  process_name: string | null;
  command_line: string | null;
  host: string | null;
  malicious_probability: number | null;
  event_key: string;
  is_alert: boolean;
}

export interface TreeNode {
  name: string | null;
  command_line: string | null;
  pid?: number;
  time?: string;
  /** False when the parent's own start event is not among the events kept (fields come from the child). */
  found: boolean;
}

export interface Child {
  name: string | null;
  command_line: string | null;
  pid?: number;
  time: string;
}

export interface ContextOptions {
  windowMs: number;
  timelineLimit: number;
  childrenLimit: number;
  /** How far back a parent's start event is looked for. */
  parentLookbackMs: number;
  maxDepth: number;
}

export const DEFAULT_CONTEXT: ContextOptions = {
  windowMs: 2 * 3_600_000,
  timelineLimit: 200,
  childrenLimit: 50,
  parentLookbackMs: 24 * 3_600_000,
  maxDepth: 8,
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const parse = (r: EventRow): StoredDoc => JSON.parse(r.doc) as StoredDoc;

function processName(alert: AlertDocument): string | null {
  return alert.process?.name ?? (alert.anomaly?.by_field_name === 'process.name' ? (alert.anomaly.by_field_value ?? null) : null);
}

export function history(db: Db, alert: AlertDocument): History {
  const user = alert.user?.name ?? null;
  const proc = processName(alert);
  const since = (db.prepare('SELECT MIN(time_ms) AS t FROM events').get() as { t: number | null }).t;
  const out: History = {
    process_name: proc,
    user,
    first_seen: null,
    last_seen: null,
    count_for_user: 0,
    users_running_it: 0,
    other_users: 0,
    events_since: iso(since),
    ...(alert.oddspawn.explanation.rarity ? { rarity: alert.oddspawn.explanation.rarity } : {}),
  };
  if (proc === null) return out;
  if (user !== null) {
    const h = db
      .prepare(
        `SELECT MIN(time_ms) AS first, MAX(time_ms) AS last, COUNT(*) AS n FROM events
         WHERE process_name = ? COLLATE NOCASE AND user_name = ? COLLATE NOCASE`,
      )
      .get(proc, user) as { first: number | null; last: number | null; n: number };
    out.first_seen = iso(h.first);
    out.last_seen = iso(h.last);
    out.count_for_user = h.n;
  }
  const users = db
    .prepare(
      `SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN u = ? COLLATE NOCASE THEN 1 ELSE 0 END), 0) AS mine FROM (
         SELECT DISTINCT user_name COLLATE NOCASE AS u FROM events WHERE process_name = ? COLLATE NOCASE AND user_name IS NOT NULL)`,
    )
    .get(user ?? '', proc) as { n: number; mine: number };
  out.users_running_it = users.n;
  out.other_users = users.n - users.mine;
  return out;
}

/** The ids rarity uses for an event (`event.id`, else `file:line`), from an events-table key. */
function rarityIds(row: EventRow): string[] {
  if (row.event_key.startsWith('id:')) return [row.event_key.slice(3)];
  const cut = row.event_key.lastIndexOf(':');
  return cut > 0 ? [row.event_key.slice(0, cut)] : [];
}

/** Where the alert happened in time and, when its event is kept, that event. */
export function focusEvent(db: Db, alert: AlertDocument): { timeMs: number; row?: EventRow; doc?: StoredDoc } {
  const t = Date.parse(alert.kibana.alert.original_time);
  const user = alert.user?.name;
  const proc = processName(alert);
  if (!user || !proc) return { timeMs: t };
  const end = alert.anomaly ? t + alert.anomaly.bucket_span * 1000 - 1 : t;
  const ids = new Set(alert.oddspawn.explanation.rarity?.event_ids ?? []);
  const rows = db
    .prepare(
      `SELECT id, event_key, time_ms, source, doc FROM events WHERE user_name = ? AND time_ms >= ? AND time_ms <= ?
       AND process_name = ? COLLATE NOCASE ORDER BY time_ms, id LIMIT 500`,
    )
    .all(user, t, end, proc) as EventRow[];
  const cmd = alert.process?.command_line;
  const row =
    rows.find((r) => rarityIds(r).some((i) => ids.has(i))) ??
    (cmd !== undefined ? rows.find((r) => parse(r).process.command_line === cmd) : undefined) ??
    rows[0];
  return row ? { timeMs: row.time_ms, row, doc: parse(row) } : { timeMs: t };
}

export function timeline(db: Db, alert: AlertDocument, focus: { timeMs: number; row?: EventRow }, opts: ContextOptions): TimelineItem[] {
  const user = alert.user?.name;
  if (!user) return [];
  const rows = db
    .prepare(
      `SELECT id, event_key, time_ms, source, doc FROM events WHERE user_name = ? AND time_ms BETWEEN ? AND ?
       ORDER BY ABS(time_ms - ?), id LIMIT ?`,
    )
    .all(user, focus.timeMs - opts.windowMs, focus.timeMs + opts.windowMs, focus.timeMs, opts.timelineLimit) as EventRow[];
  rows.sort((a, b) => a.time_ms - b.time_ms || a.id - b.id);
  const ids = new Set(alert.oddspawn.explanation.rarity?.event_ids ?? []);
  const proc = processName(alert)?.toLowerCase();
  const a = alert.anomaly;
  return rows.map((r) => {
    const d = parse(r);
    const name = d.process.name ?? null;
    const inBucket = a !== undefined && r.time_ms >= a.timestamp && r.time_ms < a.timestamp + a.bucket_span * 1000 && name?.toLowerCase() === proc;
    return {
      time: new Date(r.time_ms).toISOString(),
      process_name: name,
      command_line: d.process.command_line ?? null,
      host: d.host.name ?? null,
      malicious_probability: d.oddspawn?.classifier?.malicious_probability ?? null,
      event_key: r.event_key,
      is_alert: r.id === focus.row?.id || inBucket || rarityIds(r).some((i) => ids.has(i)),
    };
  });
}

/** The start event of the process `ref` names (entity_id, else pid + name) on `host`, before `beforeMs`. */
function findStart(db: Db, host: string, ref: { entity_id?: string; pid?: number; name?: string }, beforeMs: number, lookbackMs: number): EventRow | undefined {
  // The name test comes before the JSON ones so that most rows of a busy host are dismissed without parsing.
  const base = `SELECT id, event_key, time_ms, source, doc FROM events WHERE host_name = @host AND time_ms BETWEEN @from AND @to
    AND (@name IS NULL OR process_name = @name COLLATE NOCASE)`;
  const params = { host, from: beforeMs - lookbackMs, to: beforeMs, name: ref.name ?? null };
  if (ref.entity_id) {
    const r = db
      .prepare(`${base} AND json_extract(doc, '$.process.entity_id') = @entity ORDER BY time_ms DESC, id DESC LIMIT 1`)
      .get({ ...params, entity: ref.entity_id }) as EventRow | undefined;
    if (r) return r;
  }
  if (ref.pid === undefined) return undefined;
  return db
    .prepare(`${base} AND json_extract(doc, '$.process.pid') = @pid ORDER BY time_ms DESC, id DESC LIMIT 1`)
    .get({ ...params, pid: ref.pid }) as EventRow | undefined;
}

export function parentChain(db: Db, alert: AlertDocument, focus: { timeMs: number; doc?: StoredDoc }, opts: ContextOptions): TreeNode[] {
  const host = alert.host?.name ?? focus.doc?.host.name;
  let proc = focus.doc?.process ?? alert.process;
  let atMs = focus.timeMs;
  const chain: TreeNode[] = [];
  const seen = new Set<number>();
  while (proc?.parent && chain.length < opts.maxDepth) {
    const p = proc.parent;
    const row = host ? findStart(db, host, p, atMs, opts.parentLookbackMs) : undefined;
    if (!row || seen.has(row.id)) {
      chain.push({ name: p.name ?? null, command_line: p.command_line ?? null, ...(p.pid !== undefined ? { pid: p.pid } : {}), found: false });
      break;
    }
    seen.add(row.id);
    const d = parse(row);
    chain.push({
      name: d.process.name ?? null,
      command_line: d.process.command_line ?? null,
      ...(d.process.pid !== undefined ? { pid: d.process.pid } : {}),
      time: new Date(row.time_ms).toISOString(),
      found: true,
    });
    proc = d.process;
    atMs = row.time_ms;
  }
  return chain;
}

export function children(db: Db, alert: AlertDocument, focus: { timeMs: number; row?: EventRow; doc?: StoredDoc }, opts: ContextOptions): Child[] {
  const host = alert.host?.name ?? focus.doc?.host.name;
  const proc = focus.doc?.process ?? alert.process;
  if (!host || !proc || (proc.entity_id === undefined && proc.pid === undefined)) return [];
  const rows = db
    .prepare(
      `SELECT id, event_key, time_ms, source, doc FROM events WHERE host_name = @host AND time_ms BETWEEN @from AND @to AND id != @self
       AND (@name IS NULL OR parent_name IS NULL OR parent_name = @name COLLATE NOCASE)
       AND ((@entity IS NOT NULL AND json_extract(doc, '$.process.parent.entity_id') = @entity)
         OR (@pid IS NOT NULL AND json_extract(doc, '$.process.parent.pid') = @pid AND @name IS NOT NULL AND parent_name = @name COLLATE NOCASE))
       ORDER BY time_ms, id LIMIT @limit`,
    )
    .all({
      host,
      from: focus.timeMs,
      to: focus.timeMs + opts.windowMs,
      self: focus.row?.id ?? -1,
      entity: proc.entity_id ?? null,
      pid: proc.pid ?? null,
      name: proc.name ?? null,
      limit: opts.childrenLimit,
    }) as EventRow[];
  return rows.map((r) => {
    const d = parse(r);
    return {
      name: d.process.name ?? null,
      command_line: d.process.command_line ?? null,
      ...(d.process.pid !== undefined ? { pid: d.process.pid } : {}),
      time: new Date(r.time_ms).toISOString(),
    };
  });
}
