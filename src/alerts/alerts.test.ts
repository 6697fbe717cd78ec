import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuleEngine } from '../rules/engine.js';
import { loadRules, shippedRulesDir } from '../rules/loader.js';
import { anomalyRecord, loadedRule, MIN, scoredEvent, T0 } from '../rules/test-fixtures.js';
import { openDb } from '../store/db.js';
import { buildAnomalyAlert } from './build.js';
import { alertId, eventSourceId, ruleUuid } from './id.js';
import { createNdjsonSink } from './sinks/ndjson.js';
import { SqliteAlertStore } from './store.js';

const USER_RULE = '40155ee4-1e6a-4e4d-a63b-e8ba16980cfb';

describe('alert identity', () => {
  it('is sha256 of the source identity and the rule, independent of score and run', () => {
    const r = anomalyRecord({ timestamp: T0, score: 80 });
    const id = alertId('anomaly', 'problem_child_rare_process_by_user_record_1767571200000_900_0_alice_certutil.exe_', USER_RULE);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const e = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time' });
    e.advanceTo(T0);
    e.onAnomalyRecord(r);
    e.advanceTo(T0 + 15 * MIN);
    expect(e.store.list()[0].kibana.alert.uuid).toBe(id);
    expect(alertId('anomaly', 'x', USER_RULE)).not.toBe(alertId('anomaly', 'x', '56004189-4e69-4a39-b4a9-195329d226e9'));
    expect(alertId('anomaly', 'x', USER_RULE)).not.toBe(alertId('event', 'x', USER_RULE));
  });

  it('identifies an event by content, not by the file it was read from', () => {
    const a = scoredEvent({ timeMs: T0, line: 1 });
    const b = { ...scoredEvent({ timeMs: T0, line: 99 }), origin: { file: 'other-half.ndjson', line: 5 } };
    expect(eventSourceId(a)).toBe(eventSourceId(b));
    expect(eventSourceId(a)).not.toBe(eventSourceId(scoredEvent({ timeMs: T0 + 1 })));
    expect(ruleUuid(USER_RULE)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

function runHunt(out: string, events: ReturnType<typeof scoredEvent>[], records: ReturnType<typeof anomalyRecord>[]): Promise<unknown> {
  const { rules } = loadRules([shippedRulesDir()]);
  const engine = createRuleEngine({ rules, mode: 'event-time', sinks: [createNdjsonSink(out)] });
  // As the jobs would: a bucket's records appear once an event past the bucket's end arrives.
  const pending = [...records];
  for (const ev of events) {
    engine.onScoredEvent(ev);
    while (pending.length && pending[0].timestamp + 15 * MIN <= ev.timeMs) engine.onAnomalyRecord(pending.shift()!);
    engine.advanceTo(ev.timeMs);
  }
  return engine.finish();
}

describe('batch output', () => {
  const events = [
    scoredEvent({ timeMs: T0 + 1 * MIN, p: 0.995, line: 1 }),
    scoredEvent({ timeMs: T0 + 2 * MIN, p: 0.7, name: 'mshta.exe', line: 2 }),
    scoredEvent({ timeMs: T0 + 3 * MIN, p: 0.999, userId: 'S-1-5-18', line: 3 }),
    scoredEvent({ timeMs: T0 + 4 * MIN, p: 0.999, parent: 'cmd.exe', line: 4 }),
    scoredEvent({ timeMs: T0 + 5 * MIN, p: 0.999, parentExe: null, line: 5 }),
    scoredEvent({ timeMs: T0 + 6 * MIN, p: 0.999, exe: 'C:\\Program Files\\Tool\\tool.exe', name: 'tool.exe', line: 6 }),
    scoredEvent({ timeMs: T0 + 7 * MIN, p: 0.2, line: 7 }),
    scoredEvent({ timeMs: T0 + 40 * MIN, p: 0.6, user: 'bob', line: 8 }),
  ];
  const records = [anomalyRecord({ timestamp: T0, score: 91, eventIds: ['events.ndjson:1'] })];

  it('query rules split by probability and honour the documented exclusions; ML alerts join them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oddspawn-alerts-'));
    const s = (await runHunt(join(dir, 'a.ndjson'), events, records)) as { alerts: Array<{ kibana: { alert: { rule: { name: string }; severity: string; risk_score: number } }; process?: { name?: string }; user?: { name?: string } }> };
    expect(s.alerts.map((a) => `${a.kibana.alert.severity}/${a.kibana.alert.risk_score} ${a.user?.name} ${a.process?.name}`)).toEqual([
      'high/73 alice certutil.exe',
      'low/21 alice mshta.exe',
      'low/21 alice certutil.exe',
      'low/21 bob certutil.exe',
    ]);
    expect(s.alerts[2].kibana.alert.rule.name).toBe('Unusual Process Spawned by a User');
  });

  it('is byte-identical from run to run (ids, @timestamp in event time, order)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oddspawn-alerts-'));
    await runHunt(join(dir, '1.ndjson'), events, records);
    await runHunt(join(dir, '2.ndjson'), events, records);
    const one = readFileSync(join(dir, '1.ndjson'), 'utf8');
    expect(one.split('\n').filter(Boolean)).toHaveLength(4);
    expect(readFileSync(join(dir, '2.ndjson'), 'utf8')).toBe(one);
    const first = JSON.parse(one.split('\n')[0]);
    expect(first['@timestamp']).toBe(new Date(T0 + 5 * MIN).toISOString());
    expect(first.kibana.alert.reason).toBe('Process certutil.exe started by winword.exe by user alice on host WS-01 was predicted malicious with probability 0.995.');
    expect(first.kibana.alert.ancestors).toEqual([{ id: first.oddspawn.source.id, type: 'event', index: 'oddspawn-events', depth: 0 }]);
  });

  it('two overlapping halves on one store give the alerts of the whole, once', async () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'oddspawn-alerts-')), 'db.sqlite'));
    const { rules } = loadRules([shippedRulesDir()]);
    const hunt = async (evs: typeof events): Promise<number> => {
      const e = createRuleEngine({ db, rules, mode: 'event-time' });
      for (const ev of evs) {
        e.onScoredEvent(ev);
        e.advanceTo(ev.timeMs);
      }
      return (await e.finish()).alertsCreated;
    };
    expect(await hunt(events.slice(0, 5))).toBe(2);
    expect(await hunt(events.slice(1))).toBe(1);
    expect(await hunt(events)).toBe(0);
    expect(new SqliteAlertStore(db).list().length).toBe(3);
  });
});

describe('alert store', () => {
  it('persists across restarts, filters by status and rule, and updates workflow status', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'oddspawn-store-')), 'db.sqlite');
    const db1 = openDb(path);
    const e = createRuleEngine({ db: db1, rules: [loadedRule({})], mode: 'event-time' });
    e.advanceTo(T0);
    e.onAnomalyRecord(anomalyRecord({ timestamp: T0, score: 90, user: 'alice' }));
    e.onAnomalyRecord(anomalyRecord({ timestamp: T0, score: 80, user: 'bob' }));
    await e.finish();
    db1.close();
    const store = new SqliteAlertStore(openDb(path));
    const all = store.list();
    expect(all.map((a) => a.user?.name)).toEqual(all[0].user?.name === 'alice' ? ['alice', 'bob'] : ['bob', 'alice']);
    const id = all.find((a) => a.user?.name === 'bob')!.kibana.alert.uuid;
    expect(store.setStatus(id, 'acknowledged', '2026-01-05T01:00:00.000Z')).toBe(true);
    expect(store.setStatus('nope', 'closed', '2026-01-05T01:00:00.000Z')).toBe(false);
    expect(store.get(id)?.kibana.alert.workflow_status).toBe('acknowledged');
    expect(store.get(id)?.kibana.alert.workflow_status_updated_at).toBe('2026-01-05T01:00:00.000Z');
    expect(store.list({ status: 'open' }).map((a) => a.user?.name)).toEqual(['alice']);
    expect(store.list({ ruleId: USER_RULE })).toHaveLength(2);
    expect(store.list({ ruleId: 'Unusual Process Spawned by a User' })).toHaveLength(2);
    expect(store.list({ ruleId: 'other' })).toHaveLength(0);
  });
});

describe('alert suppression', () => {
  it('groups alerts by fields for a duration into the first one, and re-runs stay consistent', async () => {
    const db = openDb(':memory:');
    const rule = loadedRule({ alert_suppression: { group_by: ['user.name'], duration: '1h' } });
    const run = async (): Promise<{ created: number; suppressed: number }> => {
      const e = createRuleEngine({ db, rules: [rule], mode: 'event-time' });
      e.advanceTo(T0);
      for (const [t, p] of [
        [0, 'a.exe'],
        [15, 'b.exe'],
        [45, 'c.exe'],
        [75, 'd.exe'],
      ] as const) {
        e.onAnomalyRecord(anomalyRecord({ timestamp: T0 + t * MIN, score: 90, process: p }));
      }
      e.advanceTo(T0 + 2 * 60 * MIN);
      const s = await e.finish();
      return { created: s.alertsCreated, suppressed: s.suppressed };
    };
    expect(await run()).toEqual({ created: 2, suppressed: 2 });
    const kept = new SqliteAlertStore(db).list();
    expect(kept.map((a) => a.process?.name)).toEqual(['a.exe', 'd.exe']);
    expect(kept[0].kibana.alert.suppression).toEqual({
      terms: [{ field: 'user.name', value: ['alice'] }],
      start: new Date(T0).toISOString(),
      end: new Date(T0 + 45 * MIN).toISOString(),
      docs_count: 2,
    });
    expect(await run()).toEqual({ created: 0, suppressed: 0 });
  });
});

describe('reason sentences', () => {
  const ctx = { rule: loadedRule({}), executionMs: T0 + 15 * MIN };

  it('rare by host and by parent name the entity and the context', () => {
    const host = { ...anomalyRecord({ timestamp: T0, score: 81.6 }), job_id: 'problem_child_rare_process_by_host', partition_field_name: 'host.name', partition_field_value: 'SRV-9' };
    host.explanation = { ...host.explanation, first_occurrence: false };
    expect(buildAnomalyAlert(host, ctx).kibana.alert.reason).toBe(
      'Process certutil.exe was rarely seen for host SRV-9 by user alice: anomaly score 82 from job problem_child_rare_process_by_host.',
    );
    const parent = { ...anomalyRecord({ timestamp: T0, score: 90 }), partition_field_name: 'process.parent.name', partition_field_value: 'winword.exe' };
    expect(buildAnomalyAlert(parent, ctx).kibana.alert.reason).toBe(
      'Process certutil.exe was first seen for parent process winword.exe by user alice on host WS-01: anomaly score 90 from job problem_child_rare_process_by_user.',
    );
  });

  it('high_sum states the observed and typical sums for the entity', () => {
    const r = anomalyRecord({ timestamp: T0, score: 77 });
    const hs = { ...r, job_id: 'problem_child_high_sum_by_user', function: 'high_sum', function_description: 'sum', by_field_name: 'user.name', by_field_value: 'alice', partition_field_name: undefined, partition_field_value: undefined, actual: [3.871], typical: [0.9] };
    const doc = buildAnomalyAlert(hs, ctx);
    expect(doc.kibana.alert.reason).toBe(
      'Processes of user alice reached summed malicious probability 3.87 (typical 0.90) in one 15-minute bucket: anomaly score 77 from job problem_child_high_sum_by_user.',
    );
    expect(doc.user?.name).toBe('alice');
    expect(doc.anomaly?.partition_field_name).toBeUndefined();
  });
});
