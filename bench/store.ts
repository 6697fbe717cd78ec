// The events store's write path: N simulated, time-ordered events (each with its scores, as the pipeline stores
// them) inserted through EventsRepo into a fresh database file, in the pipeline's batches. Where the time goes:
//   - serialize: toStoredRow alone (JSON.stringify of the ~2 KB document: the part a worker thread can take);
//   - legacy:   add() on a database opened as before this bench existed (4 KiB pages, 2 MB cache): the baseline;
//   - add:       add() on a database from openDb (serialize + insert);
//   - addSerialized(1024 / 4096): the insert alone, rows built beforehand, per batch size;
//   - re-add:    the same rows again (all duplicates: the cost of a re-run over the same files);
//   - bare:      the same rows into a table without the unique key and indexes (the floor the indexes add to).
// Costs are process CPU microseconds per event (best of the rounds, variants alternating so that all see the
// same machine load), beside wall time and bytes written per event (WAL + checkpoints, from /proc/self/io).

import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TMP_DIR } from './common.js';
import { writeSimulation } from '../src/simulate/index.js';
import { emptyCounts, ingest } from '../src/ingest.js';
import { openDb, type Db } from '../src/store/db.js';
import { EventsRepo, toStoredRow, type StoredRow } from '../src/store/events-repo.js';
import type { NormalizedEvent } from '../src/normalize/process-event.js';

export interface StoreCost {
  cpuUsPerEvent: number;
  wallUsPerEvent: number;
  /** Bytes this process wrote per event (WAL frames and checkpoints); null where /proc/self/io is missing. */
  writtenBytesPerEvent: number | null;
  dbBytesPerEvent: number;
}

export interface StoreBenchResult {
  users: number;
  days: number;
  events: number;
  avgDocBytes: number;
  rounds: number;
  serializeCpuUsPerEvent: number;
  legacyAdd: StoreCost;
  add: StoreCost;
  addSerialized1024: StoreCost;
  addSerialized4096: StoreCost;
  reAdd: StoreCost;
  bare: StoreCost;
  /** legacyAdd CPU over add's, and over what the main thread keeps when a worker serializes (4096 batches). */
  speedupAdd: number;
  speedupSerialized4096: number;
}

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

function writtenBytes(): number | null {
  try {
    const m = /wchar:\s*(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The connection settings the store used before page size and cache were tuned (see src/store/db.ts). */
function openLegacyDb(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Simulated events in time order, each with the scores the pipeline adds to the stored document. */
async function loadEvents(users: number, days: number): Promise<NormalizedEvent[]> {
  mkdirSync(TMP_DIR, { recursive: true });
  const file = join(TMP_DIR, `store-${users}x${days}.ndjson`);
  if (!existsSync(file)) await writeSimulation({ users, days, attacks: 2, seed: 4242 }, file);
  const out: NormalizedEvent[] = [];
  for await (const batch of ingest([file], emptyCounts())) out.push(...batch);
  out.sort((a, b) => a.timeMs - b.timeMs);
  for (let i = 0; i < out.length; i++) {
    const p = ((i * 2654435761) % 1_000_003) / 1_000_003;
    const scores = {
      problemchild: { prediction: p > 0.995 ? 1 : 0, prediction_probability: p },
      oddspawn: { classifier: { malicious_probability: p, model: 'problemchild-oddspawn-bench', threshold: 0.5 } },
    };
    out[i] = { ...out[i], event: { ...out[i].event, ...scores } as NormalizedEvent['event'] };
  }
  return out;
}

/** Runs `work` on `db`, then closes it (the final checkpoint counts) and sizes the file. */
function measure(db: Db, path: string, work: () => void): StoreCost {
  const w0 = writtenBytes();
  const c0 = cpuUs();
  const t0 = performance.now();
  work();
  db.close();
  const c1 = cpuUs();
  const t1 = performance.now();
  const w1 = writtenBytes();
  return { cpuUsPerEvent: c1 - c0, wallUsPerEvent: (t1 - t0) * 1000, writtenBytesPerEvent: w0 === null || w1 === null ? null : w1 - w0, dbBytesPerEvent: statSync(path).size };
}

function perEvent(c: StoreCost, n: number): StoreCost {
  const r = (x: number): number => Math.round((x / n) * 10) / 10;
  return {
    cpuUsPerEvent: r(c.cpuUsPerEvent),
    wallUsPerEvent: r(c.wallUsPerEvent),
    writtenBytesPerEvent: c.writtenBytesPerEvent === null ? null : Math.round(c.writtenBytesPerEvent / n),
    dbBytesPerEvent: Math.round(c.dbBytesPerEvent / n),
  };
}

function best(a: StoreCost | undefined, b: StoreCost): StoreCost {
  return a === undefined || b.cpuUsPerEvent < a.cpuUsPerEvent ? b : a;
}

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

const BARE_TABLE = `CREATE TABLE events (id INTEGER PRIMARY KEY, event_key TEXT NOT NULL, time_ms INTEGER NOT NULL, host_name TEXT,
  user_name TEXT, process_name TEXT, parent_name TEXT, shape TEXT NOT NULL, source TEXT NOT NULL, doc TEXT NOT NULL)`;

export async function run(
  users = Number(process.env.ODDSPAWN_BENCH_STORE_USERS ?? 20),
  days = Number(process.env.ODDSPAWN_BENCH_STORE_DAYS ?? 7),
  rounds = Number(process.env.ODDSPAWN_BENCH_STORE_ROUNDS ?? 2),
): Promise<StoreBenchResult> {
  const events = await loadEvents(users, days);
  const n = events.length;
  const batches = chunks(events, 1024);
  const dir = join(TMP_DIR, 'store-db');
  let serial = Infinity;
  let rows: StoredRow[] = [];
  const costs: Record<string, StoreCost | undefined> = {};
  const fresh = (name: string): string => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return join(dir, `${name}.sqlite`);
  };
  const variants: Record<string, () => StoreCost> = {
    legacyAdd: () => {
      const path = fresh('legacy');
      const db = openLegacyDb(path);
      const repo = new EventsRepo(db);
      return measure(db, path, () => {
        for (const b of batches) repo.add(b);
      });
    },
    add: () => {
      const path = fresh('add');
      const db = openDb(path);
      const repo = new EventsRepo(db);
      return measure(db, path, () => {
        for (const b of batches) repo.add(b);
      });
    },
    addSerialized1024: () => addRows(fresh('rows1024'), rows, 1024, false),
    addSerialized4096: () => addRows(fresh('rows4096'), rows, 4096, false),
    reAdd: () => addRows(fresh('readd'), rows, 1024, true),
    bare: () => {
      const path = fresh('bare');
      const db = openDb(path);
      db.exec(BARE_TABLE);
      const ins = db.prepare(
        'INSERT INTO events (event_key, time_ms, host_name, user_name, process_name, parent_name, shape, source, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const tx = db.transaction((rs: readonly StoredRow[]) => {
        for (const r of rs) ins.run(r.key, r.timeMs, r.hostName, r.userName, r.processName, r.parentName, r.shape, r.source, r.doc);
      });
      return measure(db, path, () => {
        for (const b of chunks(rows, 1024)) tx(b);
      });
    },
  };
  for (let r = 0; r < rounds; r++) {
    const c0 = cpuUs();
    rows = events.map((ev) => toStoredRow(ev));
    serial = Math.min(serial, (cpuUs() - c0) / n);
    for (const [name, fn] of Object.entries(variants)) costs[name] = best(costs[name], perEvent(fn(), n));
  }
  rmSync(dir, { recursive: true, force: true });
  const get = (k: string): StoreCost => costs[k] as StoreCost;
  const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  return {
    users,
    days,
    events: n,
    avgDocBytes: Math.round(rows.reduce((a, r) => a + r.doc.length, 0) / n),
    rounds,
    serializeCpuUsPerEvent: Math.round(serial * 10) / 10,
    legacyAdd: get('legacyAdd'),
    add: get('add'),
    addSerialized1024: get('addSerialized1024'),
    addSerialized4096: get('addSerialized4096'),
    reAdd: get('reAdd'),
    bare: get('bare'),
    speedupAdd: ratio(get('legacyAdd').cpuUsPerEvent, get('add').cpuUsPerEvent),
    speedupSerialized4096: ratio(get('legacyAdd').cpuUsPerEvent, get('addSerialized4096').cpuUsPerEvent),
  };
}

/** Inserts `rows` through addSerialized in batches of `size`; with `twice`, measures only the second (duplicate) pass. */
function addRows(path: string, rows: readonly StoredRow[], size: number, twice: boolean): StoreCost {
  const db = openDb(path);
  const repo = new EventsRepo(db);
  const bs = chunks(rows, size);
  if (twice) for (const b of bs) repo.addSerialized(b);
  let added = 0;
  const c = measure(db, path, () => {
    for (const b of bs) added += repo.addSerialized(b);
  });
  if (added !== (twice ? 0 : rows.length)) throw new Error(`store bench: ${added} rows added of ${rows.length}`);
  return c;
}
