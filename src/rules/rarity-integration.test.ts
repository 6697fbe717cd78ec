// The rules stage on the real rarity jobs: records flow from the job runner into the engine in event time,
// and the user rule alerts on a process new to one user, with that event's details, exactly once.
import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import { builtinJobs } from '../rarity/load-jobs.js';
import { createJobRunner } from '../rarity/runner.js';
import { BUCKET, DAY, T0, rng, routine, scoredEvent, timeline } from '../rarity/testing.js';
import { createRuleEngine, type EngineSummary } from './engine.js';
import { findRule, loadRules, shippedRulesDir } from './loader.js';

const USER_RULE = findRule(loadRules([shippedRulesDir()]).rules, '40155ee4-1e6a-4e4d-a63b-e8ba16980cfb')!;
const USER_JOB = builtinJobs('elastic').find((j) => j.job_id === 'problem_child_rare_process_by_user')!;

async function hunt(events: ScoredEvent[]): Promise<EngineSummary> {
  const runner = createJobRunner([USER_JOB]);
  const engine = createRuleEngine({ rules: [USER_RULE], mode: 'event-time' });
  for (const ev of events) {
    runner.push(ev);
    engine.onScoredEvent(ev);
    for (const r of runner.drainRecords()) engine.onAnomalyRecord(r);
    engine.advanceTo(ev.timeMs);
  }
  runner.flush();
  for (const r of runner.drainRecords()) engine.onAnomalyRecord(r);
  return engine.finish();
}

describe('rules on the rarity jobs', () => {
  const r = rng(7);
  const events: ScoredEvent[] = [];
  const ROUTINE = ['a.exe', 'b.exe', 'c.exe', 'd.exe', 'e.exe', 'f.exe'];
  for (let u = 0; u < 5; u++) events.push(...routine(`u${u}`, ROUTINE, 30, r));
  events.push(scoredEvent({ timeMs: T0 + 30 * DAY + 40 * BUCKET + 60_000, user: 'u0', process: 'never.exe', commandLine: 'never.exe --stage2 http://x.test/p' }));
  // Later activity closes the bucket mid-stream, so the record reaches the engine before the runs that see it.
  events.push(scoredEvent({ timeMs: T0 + 30 * DAY + 50 * BUCKET, user: 'u1', process: 'a.exe' }));
  const tl = timeline(events);

  it('alerts once on the new process, with the event behind the anomaly', async () => {
    const s = await hunt(tl);
    expect(s.alerts.map((a) => [a.user?.name, a.process?.name, a.kibana.alert.rule.rule_id])).toEqual([['u0', 'never.exe', USER_RULE.rule.rule_id]]);
    const a = s.alerts[0];
    expect(a.process?.command_line).toBe('never.exe --stage2 http://x.test/p');
    expect(a.anomaly!.record_score).toBeGreaterThanOrEqual(75);
    expect(a.kibana.alert.original_time).toBe(new Date(T0 + 30 * DAY + 40 * BUCKET).toISOString());
    expect(a.oddspawn.explanation.rarity?.first_occurrence).toBe(true);
    // The 45m look-back sees the bucket in three runs; only the first creates the alert.
    expect(s.byRule[0]).toMatchObject({ alerts: 1, duplicates: 2 });
    // One run per boundary from the first after the first event to the first after the last, less the
    // runs over the quiet stretch before the late events (nothing to find there).
    expect(s.runs + s.idleRunsSkipped).toBe(Math.floor(tl[tl.length - 1].timeMs / BUCKET) - Math.floor(tl[0].timeMs / BUCKET) + 1);
    expect(s.idleRunsSkipped).toBeGreaterThan(0);
  });
});
