// The must-show scenarios, on synthetic organisations built directly as ScoredEvents.

import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import type { JobConfig } from './job-config.js';
import { builtinJobs } from './load-jobs.js';
import { createJobRunner } from './runner.js';
import { BUCKET, DAY, T0, rng, routine, scoredEvent, timeline } from './testing.js';
import type { AnomalyRecord } from './types.js';

const USER_JOB = builtinJobs('elastic').find((j) => j.job_id === 'problem_child_rare_process_by_user')!;
const POP_JOB: JobConfig = { ...USER_JOB, job_id: 'rare_by_user_population', scorer: 'population' };
const JOINT_JOB: JobConfig = { ...builtinJobs('oddspawn').find((j) => j.job_id === USER_JOB.job_id)!, job_id: 'rare_by_user_joint' };
const ROUTINE = ['a.exe', 'b.exe', 'c.exe', 'd.exe', 'e.exe', 'f.exe'];

function run(jobs: JobConfig[], events: ScoredEvent[]): readonly AnomalyRecord[] {
  const runner = createJobRunner(jobs);
  for (const e of events) runner.push(e);
  runner.flush();
  return runner.drainRecords();
}

describe('rare by user, Elastic-compatible', () => {
  // 20 users with a dense routine for 30 days; the last 19 also run common.exe. Then on day 30 u0 runs a
  // process nobody ever ran, and an hour later common.exe, which is new to u0 only.
  const r = rng(1);
  const events: ScoredEvent[] = [];
  for (let u = 0; u < 20; u++) events.push(...routine(`u${u}`, u === 0 ? ROUTINE : [...ROUTINE, 'common.exe'], 30, r));
  events.push(scoredEvent({ timeMs: T0 + 30 * DAY + 40 * BUCKET + 60_000, user: 'u0', process: 'never.exe' }));
  events.push(scoredEvent({ timeMs: T0 + 30 * DAY + 44 * BUCKET + 60_000, user: 'u0', process: 'common.exe' }));
  const tl = timeline(events);
  const records = run([USER_JOB, POP_JOB], tl);
  const find = (job: string, proc: string) => records.find((x) => x.job_id === job && x.by_field_value === proc);

  it('30 days of routine, then a never-seen process: a record scoring ≥ 75, explained', () => {
    const rec = find(USER_JOB.job_id, 'never.exe')!;
    expect(rec).toBeDefined();
    expect(rec.record_score).toBeGreaterThanOrEqual(75);
    expect(rec.initial_record_score).toBe(rec.record_score);
    expect(rec.probability).toBeLessThan(5e-4);
    expect(rec.timestamp).toBe(T0 + 30 * DAY + 40 * BUCKET);
    expect(rec.partition_field_value).toBe('u0');
    expect(rec.is_interim).toBe(false);
    expect(rec.explanation.first_occurrence).toBe(true);
    expect(rec.explanation.other_entities_with_category).toBe(0);
    expect(rec.explanation.entity_buckets).toBeGreaterThan(800);
    const line = tl.findIndex((e) => e.event.process.name === 'never.exe') + 1;
    expect(rec.explanation.event_ids).toEqual([`synthetic.ndjson:${line}`]);
    expect(rec.influencers.find((i) => i.influencer_field_name === 'host.name')?.influencer_field_values).toEqual(['u0-pc']);
  });

  it('the routine itself produces no records', () => {
    expect(records.filter((x) => x.job_id === USER_JOB.job_id).map((x) => x.by_field_value)).toEqual(['never.exe', 'common.exe']);
  });

  it('a process common across the organisation but new to the user scores lower with population than elastic', () => {
    const elastic = find(USER_JOB.job_id, 'common.exe')!;
    const population = find(POP_JOB.job_id, 'common.exe');
    expect(elastic.record_score).toBeGreaterThanOrEqual(75);
    expect(elastic.explanation.other_entities_with_category).toBe(19);
    const popScore = population?.record_score ?? 0;
    expect(popScore).toBeLessThan(elastic.record_score / 2);
    // …while a process nobody runs stays clearly anomalous under both.
    expect(find(POP_JOB.job_id, 'never.exe')!.record_score).toBeGreaterThan(popScore + 25);
  });
});

describe('a process run daily becomes routine', () => {
  // Sparse users (few malicious-predicted events a day); from day 30 on, u0 runs x.exe once a day.
  const r = rng(2);
  const events: ScoredEvent[] = [];
  for (let u = 0; u < 20; u++) events.push(...routine(`u${u}`, ['a.exe', 'b.exe', 'c.exe'], 60, r, { density: 0.1 }));
  for (let d = 30; d < 60; d++) events.push(scoredEvent({ timeMs: T0 + d * DAY + 50 * BUCKET, user: 'u0', process: 'x.exe' }));
  const records = run([USER_JOB, POP_JOB], timeline(events));

  for (const job of [USER_JOB, POP_JOB]) {
    it(`${job.scorer}: records on the first days, falling, then none for the last two weeks`, () => {
      const xs = records.filter((x) => x.job_id === job.job_id);
      expect(xs.every((x) => x.by_field_value === 'x.exe' && x.partition_field_value === 'u0')).toBe(true);
      expect(xs[0].timestamp).toBe(T0 + 30 * DAY + 50 * BUCKET);
      expect(xs[0].explanation.first_occurrence).toBe(true);
      expect(xs.length).toBeGreaterThanOrEqual(5);
      const scores = xs.map((x) => x.record_score);
      for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThan(scores[i - 1]);
      expect(xs[xs.length - 1].timestamp).toBeLessThan(T0 + 46 * DAY);
    });
  }
});

describe('new users are not a flood', () => {
  // 30 established users; on day 20 ten new users start, running the organisation's usual processes in
  // changing combinations.
  const r = rng(3);
  const org = ['a.exe', 'b.exe', 'c.exe', 'd.exe', 'e.exe', 'f.exe', 'g.exe', 'h.exe'];
  const events: ScoredEvent[] = [];
  for (let u = 0; u < 30; u++) events.push(...routine(`old${u}`, org, 27, r, { density: 0.3 }));
  for (let u = 0; u < 10; u++) {
    for (let d = 20; d < 27; d++) {
      const today = org.filter(() => r() < 0.4);
      events.push(...routine(`new${u}`, today, 1, r, { density: 0.3, startDay: d }));
    }
  }
  const records = run([USER_JOB, POP_JOB, JOINT_JOB], timeline(events));
  const newUsers = (job: string) => records.filter((x) => x.job_id === job && x.partition_field_value!.startsWith('new'));

  it('the population scorer gives new users far fewer records than the Elastic one', () => {
    const elastic = newUsers(USER_JOB.job_id);
    const population = newUsers(POP_JOB.job_id);
    expect(elastic.length).toBeGreaterThan(0);
    expect(population.length).toBeLessThan(elastic.length / 2);
    expect(population.filter((x) => x.record_score >= 75)).toEqual([]);
  });

  it('the joint scorer (the default) gives new users no record the user rule would alert on', () => {
    const elastic = newUsers(USER_JOB.job_id);
    const joint = newUsers(JOINT_JOB.job_id);
    // It writes low-scoring records (their first days are new to them and the org runs them at different
    // rates), but none reaches the rule's threshold.
    expect(elastic.length).toBeGreaterThan(0);
    expect(joint.length).toBeGreaterThan(0);
    expect(Math.max(...joint.map((x) => x.record_score))).toBeLessThan(75);
  });
});
