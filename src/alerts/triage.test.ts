import { describe, expect, it } from 'vitest';
import { anomalyRecord, loadedRule, scoredEvent, T0 } from '../rules/test-fixtures.js';
import { openDb } from '../store/db.js';
import { migrate, schemaVersion } from '../store/migrate.js';
import { buildAnomalyAlert, buildEventAlert } from './build.js';
import { ALERTS_MIGRATIONS, SqliteAlertStore } from './store.js';

const query = loadedRule({ type: 'query', rule_id: '9a1f0c55-7f53-4c1b-9d5c-3a2b1c0d4e5f', name: 'Q', query: 'process.name:x', severity: 'critical', risk_score: 99 });
const ml = loadedRule({});

describe('alert triage (store migration 2)', () => {
  it('upgrades a version-1 database, filling the listing columns from the stored documents', () => {
    const db = openDb(':memory:');
    migrate(db, 'alerts', [ALERTS_MIGRATIONS[0]]);
    const ev = buildEventAlert(scoredEvent({ timeMs: T0, p: 0.875, cmd: 'certutil -f x' }), { rule: query, executionMs: T0 });
    const an = buildAnomalyAlert(anomalyRecord({ timestamp: T0 + 1000, score: 88.5 }), { rule: ml, executionMs: T0 });
    const put = db.prepare(
      `INSERT INTO alerts (id, rule_id, rule_name, severity, risk_score, original_time, created_at, workflow_status, user_name, host_name, process_name, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
    );
    for (const d of [ev, an]) {
      const a = d.kibana.alert;
      put.run(a.uuid, a.rule.rule_id, a.rule.name, a.severity, a.risk_score, a.original_time, d['@timestamp'], d.user?.name, d.host?.name, d.process?.name, JSON.stringify(d));
    }
    const store = new SqliteAlertStore(db);
    expect(schemaVersion(db, 'alerts')).toBe(2);
    const bySev = store.search({ sort: '-severity' });
    expect(bySev.total).toBe(2);
    expect(bySev.items.map((i) => [i.severity, i.score, i.process.command_line])).toEqual([
      ['critical', 87.5, 'certutil -f x'],
      ['low', 88.5, 'certutil.exe /c x'],
    ]);
    expect(store.search({ sort: '-score' }).items.map((i) => i.id)).toEqual([an.kibana.alert.uuid, ev.kibana.alert.uuid]);
    // The substring index is filled for the alerts already there, and for new ones.
    expect(store.search({ q: 'CERTUTIL -F' }).items.map((i) => i.id)).toEqual([ev.kibana.alert.uuid]);
    store.insert(buildEventAlert(scoredEvent({ timeMs: T0 + 5, cmd: 'mshta vbscript:Close', line: 9 }), { rule: query, executionMs: T0 }));
    expect(store.search({ q: 'VBScript' }).total).toBe(1);
    expect(store.search({ q: '/c' }).total).toBe(1); // under three characters: no trigram, a scan
  });

  it('keeps status, assignee and notes per alert, and the existing listing unchanged', () => {
    const db = openDb(':memory:');
    const store = new SqliteAlertStore(db);
    const a = buildEventAlert(scoredEvent({ timeMs: T0 }), { rule: query, executionMs: T0 });
    const b = buildEventAlert(scoredEvent({ timeMs: T0 + 1, line: 2 }), { rule: query, executionMs: T0 });
    store.insert(a);
    store.insert(b);
    const id = a.kibana.alert.uuid;
    expect(store.updateTriage(id, { status: 'closed', assignee: 'eve' }, '2026-02-01T00:00:00.000Z')).toBe(true);
    expect(store.updateTriage('missing', { status: 'closed' }, 'x')).toBe(false);
    expect(store.triage(id)).toEqual({ status: 'closed', assignee: 'eve', status_updated_at: '2026-02-01T00:00:00.000Z' });
    expect(store.get(id)?.kibana.alert.workflow_status).toBe('closed');
    expect(store.list({ status: 'closed' }).map((d) => d.kibana.alert.uuid)).toEqual([id]);
    expect(store.updateTriageMany([id, b.kibana.alert.uuid, 'nope'], { assignee: null }, 'y')).toBe(2);
    expect(store.triage(id)?.assignee).toBeNull();
    expect(store.addNote('nope', 'a', 't', 'z')).toBeUndefined();
    const n = store.addNote(id, 'eve', 'looked', '2026-02-01T00:00:00.000Z')!;
    expect(store.notes(id)).toEqual([n]);
    expect(store.notes(b.kibana.alert.uuid)).toEqual([]);
  });
});
