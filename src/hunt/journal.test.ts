import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteAlertStore, type AlertStore } from '../alerts/store.js';
import type { AlertDocument, WorkflowStatus } from '../alerts/types.js';
import { createRuleEngine } from '../rules/engine.js';
import { anomalyRecord, loadedRule, MIN, T0 } from '../rules/test-fixtures.js';
import { openDb, type Db } from '../store/db.js';
import { Journal, JournaledAlertStore } from './journal.js';

const dir = mkdtempSync(join(tmpdir(), 'oddspawn-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Real alert documents: an engine's, from anomaly records of 30 users; every third one opens a suppression window. */
async function alerts(): Promise<AlertDocument[]> {
  const e = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time' });
  e.advanceTo(T0);
  for (let u = 0; u < 30; u++) e.onAnomalyRecord(anomalyRecord({ timestamp: T0, score: 80 + (u % 20), user: `user-${u}-\u00e9` }));
  e.advanceTo(T0 + 15 * MIN);
  await e.finish();
  return e.store.list().map((d, i) => {
    if (i % 3 === 0) d.kibana.alert.suppression = { terms: [{ field: 'user.name', value: [String(i)] }], start: d.kibana.alert.original_time, end: d.kibana.alert.original_time, docs_count: 0 };
    return d;
  });
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function rows(db: Db): unknown {
  const t = (sql: string): unknown[] => db.prepare(sql).all();
  return {
    alerts: t('SELECT * FROM alerts ORDER BY rowid'),
    suppressed: t('SELECT * FROM alerts_suppressed ORDER BY rowid'),
    triage: t('SELECT * FROM alert_triage ORDER BY rowid'),
    search: t('SELECT rowid, text FROM alert_search ORDER BY rowid'),
    list: new SqliteAlertStore(db).list(),
  };
}

describe('JournaledAlertStore', () => {
  it('answers every call as the store would, writes nothing until replayed, then leaves the same tables', async () => {
    const docs = await alerts();
    expect(docs).toHaveLength(30);
    const ids = [...docs.map((d) => d.kibana.alert.uuid), 'not-an-alert'];
    const direct = openDb(join(dir, 'direct.sqlite'));
    const journaled = openDb(join(dir, 'journaled.sqlite'));
    const a = new SqliteAlertStore(direct);
    const base = new SqliteAlertStore(journaled);
    // Earlier runs stored a third of them.
    for (const d of docs.slice(0, 10)) {
      a.insert(d);
      base.insert(d);
    }
    const before = rows(journaled);
    const journal = new Journal();
    const b = new JournaledAlertStore(base, journal);
    const r = rng(7);
    const pick = (): string => ids[Math.floor(r() * ids.length)];
    const statuses: WorkflowStatus[] = ['open', 'acknowledged', 'closed'];
    let n = 0;
    for (let step = 0; step < 600; step++) {
      // Arguments are drawn once; the same call goes to both stores.
      const op = Math.floor(r() * 8);
      const doc = docs[Math.floor(r() * docs.length)];
      const [id, other] = [pick(), pick()];
      const at = new Date(T0 + (step % 50) * MIN).toISOString();
      const call = (s: AlertStore): unknown => {
        switch (op) {
          case 0:
          case 1:
            return s.insert(doc);
          case 2:
            return s.setStatus(id, statuses[step % 3], at);
          case 3:
            return s.markSuppressed(id, other);
          case 4:
            return s.addSuppressed(id, at);
          case 5:
            return [s.has(id), s.isSuppressed(other)];
          case 6:
            return s.get(id);
          default:
            return s.list(step % 2 ? { status: 'acknowledged' } : { limit: 7 });
        }
      };
      expect(call(b), `step ${step}, op ${op}`).toEqual(call(a));
      n++;
    }
    expect(n).toBe(600);
    expect(journal.size).toBeGreaterThan(50);
    // Nothing reached the database yet.
    expect(rows(journaled)).toEqual(before);
    journal.replay(journaled);
    expect(journal.size).toBe(0);
    const after = rows(direct) as { suppressed: unknown[]; alerts: Array<{ doc: string }> };
    // The sequence reached every kind of write: new alerts, suppression marks and counts, status changes.
    expect(after.alerts.length).toBeGreaterThan(20);
    expect(after.suppressed.length).toBeGreaterThan(5);
    expect(after.alerts.some((r) => /"docs_count":[1-9]/.test(r.doc))).toBe(true);
    expect(after.alerts.some((r) => r.doc.includes('"workflow_status":"acknowledged"'))).toBe(true);
    expect(rows(journaled)).toEqual(after);
    direct.close();
    journaled.close();
  });
});
