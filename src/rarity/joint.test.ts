// oddspawn's rare jobs: history from every event, joint rarity (rare for the user and across users),
// compared with Elastic's flagged-feed semantics on the same organisation.

import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import { builtinJobs } from './load-jobs.js';
import { createJobRunner } from './runner.js';
import { BUCKET, DAY, T0, rng, routine, scoredEvent, timeline } from './testing.js';
import type { AnomalyRecord } from './types.js';

const OURS = builtinJobs('oddspawn').find((j) => j.job_id === 'problem_child_rare_process_by_user')!;
const ELASTIC = { ...builtinJobs('elastic').find((j) => j.job_id === 'problem_child_rare_process_by_user')!, job_id: 'elastic_rare_by_user' };
const ROUTINE = ['a.exe', 'b.exe', 'c.exe', 'd.exe', 'e.exe', 'f.exe'];

function benign(events: ScoredEvent[]): ScoredEvent[] {
  for (const e of events) {
    e.problemchild = { prediction: 0, prediction_probability: 0.97 };
    e.classifier = { ...e.classifier, malicious_probability: 0.03 };
  }
  return events;
}

function run(events: ScoredEvent[]): readonly AnomalyRecord[] {
  const runner = createJobRunner([OURS, ELASTIC]);
  for (const e of timeline(events)) runner.push(e);
  runner.flush();
  return runner.drainRecords();
}

describe('rare by user, oddspawn flavour (history_feed all, joint scorer)', () => {
  // 20 users run an unflagged routine for 30 days (19 of them also common.exe); the classifier flags one
  // whoami.exe a day for each. On day 30, u0 runs a flagged process nobody runs, a flagged common.exe
  // (new to u0 only) and a flagged a.exe (its own routine).
  const r = rng(7);
  const events: ScoredEvent[] = [];
  for (let u = 0; u < 20; u++) {
    events.push(...benign(routine(`u${u}`, u === 0 ? ROUTINE : [...ROUTINE, 'common.exe'], 30, r, { density: 0.5 })));
    for (let d = 0; d < 31; d++) events.push(scoredEvent({ timeMs: T0 + d * DAY + 36 * BUCKET + 60_000, user: `u${u}`, process: 'whoami.exe' }));
  }
  const at = (b: number) => T0 + 30 * DAY + b * BUCKET + 120_000;
  events.push(scoredEvent({ timeMs: at(40), user: 'u0', process: 'never.exe' }));
  events.push(scoredEvent({ timeMs: at(44), user: 'u0', process: 'common.exe' }));
  events.push(scoredEvent({ timeMs: at(48), user: 'u0', process: 'a.exe' }));
  const records = run(events);
  const find = (job: string, proc: string) => records.find((x) => x.job_id === job && x.by_field_value === proc && x.partition_field_value === 'u0' && x.timestamp >= at(0) - 120_000);

  it('a flagged process new to the user and to everyone: record ≥ 75 with the evidence', () => {
    const rec = find(OURS.job_id, 'never.exe')!;
    expect(rec).toBeDefined();
    expect(rec.scorer).toBe('joint_rare');
    expect(rec.record_score).toBeGreaterThanOrEqual(75);
    expect(rec.explanation.first_occurrence).toBe(true);
    expect(rec.explanation.other_entities_with_category).toBe(0);
    // The history counted every bucket in which u0 ran anything, not only its flagged ones.
    expect(rec.explanation.entity_buckets).toBeGreaterThan(400);
  });

  it('Elastic semantics on the same data: the sparse flagged history keeps it below the rule threshold', () => {
    const rec = find(ELASTIC.job_id, 'never.exe');
    expect(rec?.record_score ?? 0).toBeLessThan(75);
  });

  it('new to the user but run by most others: far below the never-seen process', () => {
    const score = find(OURS.job_id, 'common.exe')?.record_score ?? 0;
    expect(score).toBeLessThan(75);
    expect(score).toBeLessThan(find(OURS.job_id, 'never.exe')!.record_score - 25);
  });

  it('a flagged run of the user’s own routine process gives no record; the daily flagged whoami stays low', () => {
    expect(find(OURS.job_id, 'a.exe')).toBeUndefined();
    const whoami = records.filter((x) => x.job_id === OURS.job_id && x.by_field_value === 'whoami.exe' && x.timestamp > T0 + 2 * DAY);
    expect(whoami.length).toBeGreaterThan(0);
    expect(Math.max(...whoami.map((x) => x.record_score))).toBeLessThan(40);
  });

  it('unflagged events never become records, only history', () => {
    const procs = new Set(records.filter((x) => x.job_id === OURS.job_id).map((x) => x.by_field_value));
    for (const p of ROUTINE.filter((x) => x !== 'a.exe')) expect(procs.has(p)).toBe(false);
  });
});
