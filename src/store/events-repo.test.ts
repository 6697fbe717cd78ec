import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.js';
import { schemaVersion } from './migrate.js';
import { EventsRepo, toStoredRow, type EncodedRow, type StoredRow, type Utf8Text } from './events-repo.js';
import type { NormalizedEvent } from '../normalize/process-event.js';

/** No lone surrogate: the text survives UTF-8. */
const wellFormed = (s: string): boolean => Buffer.from(s, 'utf8').toString('utf8') === s;

const DAY = 86_400_000;

function ev(t: number, line: number, o: { user?: string; host?: string; proc?: string; parent?: string; id?: string; file?: string } = {}): NormalizedEvent {
  return {
    event: {
      '@timestamp': new Date(t).toISOString(),
      event: { kind: 'event', category: ['process'], type: ['start'], ...(o.id ? { id: o.id } : {}) },
      host: { name: o.host ?? 'ws-1' },
      user: o.user === '' ? {} : { name: o.user ?? 'alice' },
      process: { name: o.proc ?? 'cmd.exe', command_line: `cmd.exe /c echo ${line}`, pid: 1000 + line, ...(o.parent === '' ? {} : { parent: { name: o.parent ?? 'explorer.exe' } }) },
    },
    timeMs: t,
    shape: 'ecs',
    origin: { file: o.file ?? 'f.ndjson', line },
  };
}

const rowsOf = (db: Db): unknown[] => db.prepare('SELECT * FROM events ORDER BY id').all();

describe('toStoredRow', () => {
  it('builds the row from the event, with the given document serialized', () => {
    const e = ev(5 * DAY, 7, { user: 'bob', host: 'ws-9', proc: 'powershell.exe', parent: 'winword.exe' });
    const scored = { ...e.event, oddspawn: { classifier: { malicious_probability: 0.25 } } };
    const r = toStoredRow(e, scored);
    expect(r).toEqual({
      key: `f.ndjson:7:${5 * DAY}`,
      timeMs: 5 * DAY,
      hostName: 'ws-9',
      userName: 'bob',
      processName: 'powershell.exe',
      parentName: 'winword.exe',
      shape: 'ecs',
      source: 'f.ndjson',
      doc: JSON.stringify(scored),
    });
    expect(toStoredRow(e).doc).toBe(JSON.stringify(e.event));
    // A worker posts rows to the thread that owns the connection: they must survive structured cloning.
    expect(structuredClone(r)).toEqual(r);
  });

  it('keys by ECS id when present and stores absent names as NULL', () => {
    const r = toStoredRow(ev(0, 1, { id: 'E-9', user: '', parent: '' }));
    expect(r.key).toBe('id:E-9');
    expect(r.userName).toBeNull();
    expect(r.parentName).toBeNull();
  });
});

/** Text a row can hold: JSON.stringify's output escapes control characters, but addEncoded takes any text. */
const TEXTS = ['{}', '', 'null', '{"a":"é"}', '{"u":"用户\ud83d\ude00"}', '{"s":"\ud800"}', 'a\u0000b', '\u2028\u2029\ufeff\ufffd', 'ÿ\udfff', 'x'.repeat(70_000)];

const utf8 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));
const typedRows = (db: Db): unknown[] =>
  db.prepare('SELECT *, typeof(event_key), typeof(host_name), typeof(user_name), typeof(process_name), typeof(parent_name), typeof(shape), typeof(source), typeof(doc), length(doc) FROM events ORDER BY id').all();

describe('EventsRepo.addEncoded', () => {
  // Every text column gets every kind of text (and the names NULL too), the key staying unique.
  const stored = (): StoredRow[] =>
    TEXTS.map((doc, i) => {
      const t = (k: number): string => TEXTS[(i + k) % TEXTS.length].slice(0, 300);
      return { key: `${i}${t(1)}`, timeMs: i * DAY, hostName: i % 4 ? t(2) : null, userName: t(3), processName: i % 3 ? t(4) : null, parentName: t(5), shape: t(6), source: t(7), doc };
    });
  // What packed rows give: UTF-8 bytes, except for text with a lone surrogate (which UTF-8 cannot carry).
  const enc = (s: string | null): Utf8Text | null => (s === null || !wellFormed(s) ? s : utf8(s));
  const encoded = (rows: readonly StoredRow[]): EncodedRow[] =>
    rows.map((r) => ({ key: enc(r.key)!, timeMs: r.timeMs, hostName: enc(r.hostName), userName: enc(r.userName), processName: enc(r.processName), parentName: enc(r.parentName), shape: enc(r.shape)!, source: enc(r.source)!, doc: enc(r.doc)! }));

  it('stores text given as UTF-8 bytes as the very text addSerialized stores', () => {
    const a = openDb(':memory:');
    const b = openDb(':memory:');
    expect(new EventsRepo(a).addSerialized(stored())).toBe(TEXTS.length);
    const rb = new EventsRepo(b);
    const rows = encoded(stored());
    expect(rows.filter((r) => typeof r.doc !== 'string')).toHaveLength(TEXTS.length - 2);
    expect(rb.addEncoded(rows)).toBe(TEXTS.length);
    const back = typedRows(b);
    expect(back).toEqual(typedRows(a));
    expect(back.every((r) => (r as { 'typeof(doc)': string })['typeof(doc)'] === 'text')).toBe(true);
    const docs = back.map((r) => (r as { doc: string }).doc);
    for (let i = 0; i < TEXTS.length; i++) if (wellFormed(TEXTS[i])) expect(docs[i]).toBe(TEXTS[i]);
    // A view into a larger buffer stores its own bytes only; duplicates are not new, whichever way they came.
    const wide = Buffer.from('[{"w":1}]');
    const r = { ...toStoredRow(ev(40 * DAY, 99)), doc: new Uint8Array(wide.buffer, wide.byteOffset + 1, 7) };
    expect(rb.addEncoded([r, { ...r, key: utf8(r.key) }])).toBe(1);
    expect(rb.addSerialized(stored())).toBe(0);
    expect(rb.addEncoded([])).toBe(0);
    expect(rb.find({ fromMs: 40 * DAY })[0].doc).toEqual({ w: 1 });
  });

  it('stores the same text in a UTF-16 database, which cannot take the bytes as they are', () => {
    const a = openDb(':memory:');
    const b = openDb(':memory:');
    a.pragma('encoding = "UTF-16le"');
    b.pragma('encoding = "UTF-16le"');
    new EventsRepo(a).addSerialized(stored());
    expect(new EventsRepo(b).addEncoded(encoded(stored()))).toBe(TEXTS.length);
    expect(b.pragma('encoding', { simple: true })).toBe('UTF-16le');
    expect(typedRows(b)).toEqual(typedRows(a));
  });
});

describe('EventsRepo write path', () => {
  const batch = (): NormalizedEvent[] => [
    ev(0, 1),
    ev(DAY, 2, { user: 'bob', host: 'ws-2', proc: 'whoami.exe' }),
    ev(2 * DAY, 3, { id: 'E-1', parent: '' }),
    ev(3 * DAY, 4, { user: '' }),
  ];

  it('stores identical rows through add and addSerialized', () => {
    const a = openDb(':memory:');
    const b = openDb(':memory:');
    const ra = new EventsRepo(a);
    const rb = new EventsRepo(b);
    expect(ra.add(batch())).toBe(4);
    expect(rb.addSerialized(batch().map((e) => toStoredRow(e)))).toBe(4);
    expect(rowsOf(a)).toHaveLength(4);
    expect(rowsOf(b)).toEqual(rowsOf(a));
    expect((rowsOf(a)[2] as { event_key: string; parent_name: string | null }).event_key).toBe('id:E-1');
    expect(rb.find({ user: 'bob' }).map((r) => r.doc)).toEqual([batch()[1].event]);
  });

  it('stores nothing twice: not on re-insert, not within one batch, not across add and addSerialized', () => {
    const db = openDb(':memory:');
    const repo = new EventsRepo(db);
    expect(repo.add(batch())).toBe(4);
    expect(repo.addSerialized(batch().map((e) => toStoredRow(e)))).toBe(0);
    expect(repo.add(batch())).toBe(0);
    // Same key, different document: the first one stays.
    const again = ev(4 * DAY, 9);
    const changed = { ...again.event, process: { ...again.event.process, command_line: 'changed' } };
    expect(repo.addSerialized([toStoredRow(again), toStoredRow(again, changed), toStoredRow(ev(5 * DAY, 10))])).toBe(2);
    expect(repo.count()).toBe(6);
    expect(repo.find({ fromMs: 4 * DAY, toMs: 4 * DAY })[0].doc).toEqual(again.event);
    // The ECS id alone is the identity: another file and time with the same id is the same event.
    expect(repo.add([ev(6 * DAY, 77, { id: 'E-1', file: 'other.ndjson' })])).toBe(0);
    expect(repo.addSerialized([])).toBe(0);
    expect(repo.add([])).toBe(0);
  });

  it('applies retention from the given time: older events go, the boundary stays, re-adding them works', () => {
    const db = openDb(':memory:');
    const repo = new EventsRepo(db);
    const evs = [0, 1, 2, 3, 4].map((d) => ev(d * DAY, d + 1));
    expect(repo.add(evs)).toBe(5);
    expect(repo.applyRetention(2, 4 * DAY)).toBe(2);
    expect(repo.find({}).map((r) => r.timeMs)).toEqual([2 * DAY, 3 * DAY, 4 * DAY]);
    expect(repo.applyRetention(2, 4 * DAY)).toBe(0);
    expect(repo.add(evs)).toBe(2);
    expect(repo.count()).toBe(5);
  });

  it('creates new database files with 16 KiB pages and a 64 MiB cache', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'os-db-')), 'new.sqlite'));
    new EventsRepo(db);
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
    expect(db.pragma('cache_size', { simple: true })).toBe(-65536);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

/** A database exactly as the store made it before this version: 4 KiB pages, events schema 2, rows inserted by the old code. */
function legacyDatabase(path: string, events: readonly NormalizedEvent[]): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE schema_migrations (
    component TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (component, version));
  CREATE TABLE events (id INTEGER PRIMARY KEY, event_key TEXT NOT NULL UNIQUE, time_ms INTEGER NOT NULL, host_name TEXT,
    user_name TEXT, process_name TEXT, parent_name TEXT, shape TEXT NOT NULL, source TEXT NOT NULL, doc TEXT NOT NULL);
  CREATE INDEX events_user_time ON events (user_name, time_ms);
  CREATE INDEX events_host_time ON events (host_name, time_ms);
  CREATE INDEX events_time ON events (time_ms);
  CREATE INDEX events_process_user ON events (process_name COLLATE NOCASE, user_name COLLATE NOCASE, time_ms);
  INSERT INTO schema_migrations VALUES ('events', 1, 'events kept for investigation', '2026-01-01T00:00:00.000Z');
  INSERT INTO schema_migrations VALUES ('events', 2, 'history', '2026-01-01T00:00:00.000Z');`);
  const ins = db.prepare(`INSERT OR IGNORE INTO events (event_key, time_ms, host_name, user_name, process_name, parent_name, shape, source, doc)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const e of events) {
    const d = e.event;
    const loc = e.origin.line ?? 0;
    const key = d.event.id ? `id:${d.event.id}` : `${e.origin.file}:${loc}:${e.timeMs}`;
    ins.run(key, e.timeMs, d.host.name ?? null, d.user.name ?? null, d.process.name ?? null, d.process.parent?.name ?? null, e.shape, e.origin.file, JSON.stringify(d));
  }
  db.close();
}

describe('databases created by the previous version', () => {
  it('open with their pages and schema, keep their rows, and de-duplicate new writes against them', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'os-db-')), 'old.sqlite');
    const old = [ev(0, 1), ev(DAY, 2, { user: 'bob' }), ev(2 * DAY, 3, { id: 'E-1' })];
    legacyDatabase(path, old);
    const fresh = openDb(':memory:');
    new EventsRepo(fresh).add(old);

    const db = openDb(path);
    const repo = new EventsRepo(db);
    expect(schemaVersion(db, 'events')).toBe(2);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    expect(rowsOf(db)).toEqual(rowsOf(fresh));
    expect(repo.add(old)).toBe(0);
    expect(repo.addSerialized([...old, ev(3 * DAY, 4)].map((e) => toStoredRow(e)))).toBe(1);
    expect(repo.find({ user: 'alice' }).map((r) => r.timeMs)).toEqual([0, 2 * DAY, 3 * DAY]);
    db.close();
  });
});
