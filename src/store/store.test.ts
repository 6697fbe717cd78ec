import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { migrate, schemaVersion } from './migrate.js';
import { EventsRepo, eventKey } from './events-repo.js';
import { defaultDbPath, resolveDbPath } from './location.js';
import type { NormalizedEvent } from '../normalize/process-event.js';

function ev(t: number, line: number, user = 'alice', id?: string): NormalizedEvent {
  return {
    event: {
      '@timestamp': new Date(t).toISOString(),
      event: { kind: 'event', category: ['process'], type: ['start'], ...(id ? { id } : {}) },
      host: { name: 'ws-1' },
      user: { name: user },
      process: { name: 'cmd.exe', parent: { name: 'explorer.exe' } },
    },
    timeMs: t,
    shape: 'ecs',
    origin: { file: 'f.ndjson', line },
  };
}

describe('store', () => {
  it('opens in WAL mode and applies each migration once per component', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'os-db-')), 'nested', 'x.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const m = [
      { version: 1, description: 'one', up: 'CREATE TABLE t1 (a INTEGER)' },
      { version: 2, description: 'two', up: 'ALTER TABLE t1 ADD COLUMN b TEXT' },
    ];
    expect(migrate(db, 'demo', m)).toBe(2);
    expect(migrate(db, 'demo', m)).toBe(0);
    expect(schemaVersion(db, 'demo')).toBe(2);
    expect(schemaVersion(db, 'other')).toBe(0);
    db.close();
  });

  it('rolls back a failing migration and leaves the version unchanged', () => {
    const db = openDb(':memory:');
    expect(() => migrate(db, 'bad', [{ version: 1, description: 'broken', up: 'CREATE TABLE ok (a); NOT SQL' }])).toThrow();
    expect(schemaVersion(db, 'bad')).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok'").get()).toBeUndefined();
  });

  it('stores events once, finds them by user and time, and applies retention', () => {
    const db = openDb(':memory:');
    const repo = new EventsRepo(db);
    const day = 86_400_000;
    const batch = [ev(0, 1), ev(day, 2), ev(2 * day, 3, 'bob'), ev(3 * day, 4, 'alice', 'E-1')];
    expect(repo.add(batch)).toBe(4);
    expect(repo.add(batch)).toBe(0);
    expect(eventKey(batch[3])).toBe('id:E-1');
    expect(repo.find({ user: 'alice' }).map((r) => r.timeMs)).toEqual([0, day, 3 * day]);
    expect(repo.find({ fromMs: day, toMs: 2 * day }).length).toBe(2);
    expect(repo.applyRetention(2, 3 * day)).toBe(1);
    expect(repo.count()).toBe(3);
  });

  it('resolves the database path: flag, then environment, then the XDG data folder', () => {
    expect(resolveDbPath('/x/y.sqlite', { ODDSPAWN_DB: '/env.sqlite' })).toBe('/x/y.sqlite');
    expect(defaultDbPath({ ODDSPAWN_DB: '/env.sqlite' })).toBe('/env.sqlite');
    expect(defaultDbPath({ XDG_DATA_HOME: '/data' })).toBe(join('/data', 'oddspawn', 'oddspawn.sqlite'));
  });
});
