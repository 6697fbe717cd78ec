// Bucketing on event time, late events, the feed filter, interim results, high_sum and new_terms.

import { describe, expect, it } from 'vitest';
import { IssueLog } from '../common/issues.js';
import type { JobConfig } from './job-config.js';
import { builtinJobs } from './load-jobs.js';
import { createJobRunner } from './runner.js';
import { BUCKET, DAY, MINUTE, T0, rng, routine, scoredEvent, timeline } from './testing.js';

const jobs = builtinJobs('elastic');
const USER_JOB = jobs.find((j) => j.job_id === 'problem_child_rare_process_by_user')!;
const HIGH_SUM = jobs.find((j) => j.job_id === 'problem_child_high_sum_by_user')!;
const NEW_TERMS: JobConfig = {
  ...USER_JOB,
  job_id: 'new_process_by_user',
  analysis_config: { ...USER_JOB.analysis_config, detectors: [{ ...USER_JOB.analysis_config.detectors[0], function: 'new_terms' }] },
  history_window: '1d',
};

describe('bucketing on event time', () => {
  it('closes a bucket once event time passes its end + latency, and counts later events as late', () => {
    const issues = new IssueLog();
    const runner = createJobRunner([{ ...USER_JOB, latency: '2m' }], { issues });
    const job = runner.jobs[0];
    runner.push(scoredEvent({ timeMs: T0 + 5 * MINUTE, user: 'u', process: 'a.exe' }));
    runner.push(scoredEvent({ timeMs: T0 + 16 * MINUTE, user: 'u', process: 'a.exe' }));
    expect(job.stats().buckets_closed).toBe(0);
    expect(job.stats().open_buckets).toBe(2);
    // Within latency: still accepted into the first bucket.
    runner.push(scoredEvent({ timeMs: T0 + 14 * MINUTE, user: 'u', process: 'b.exe' }));
    runner.push(scoredEvent({ timeMs: T0 + 17 * MINUTE, user: 'u', process: 'a.exe' }));
    expect(job.stats().buckets_closed).toBe(1);
    runner.push(scoredEvent({ timeMs: T0 + 10 * MINUTE, user: 'u', process: 'c.exe', line: 42 }));
    const s = job.stats();
    expect(s.late_events).toBe(1);
    expect(s.events_modelled).toBe(4);
    expect(issues.count('OS_RARITY_LATE_EVENT')).toBe(1);
    expect(issues.kept[0].origin).toEqual({ file: 'synthetic.ndjson', line: 42 });
    runner.flush();
    expect(job.stats().buckets_closed).toBe(2);
    expect(job.stats().open_buckets).toBe(0);
  });

  it('flush(untilMs) closes only buckets ending by then', () => {
    const runner = createJobRunner([USER_JOB]);
    for (let b = 0; b < 4; b++) runner.push(scoredEvent({ timeMs: T0 + b * BUCKET, user: 'u', process: 'a.exe' }));
    runner.flush(T0 + 2 * BUCKET);
    expect(runner.jobs[0].stats().buckets_closed).toBe(2);
    runner.flush();
    expect(runner.jobs[0].stats().buckets_closed).toBe(4);
  });

  it('applies the feed filter and skips events without the partition field', () => {
    const runner = createJobRunner([USER_JOB]);
    runner.push(scoredEvent({ timeMs: T0, user: 'u', process: 'a.exe', prediction: 0 }));
    runner.push(scoredEvent({ timeMs: T0, user: 'u', process: 'a.exe', probability: 0.4 }));
    runner.push(scoredEvent({ timeMs: T0, user: 'u', process: 'winlogbeat.exe' }));
    const noUser = scoredEvent({ timeMs: T0, user: 'u', process: 'a.exe' });
    noUser.event.user = {};
    runner.push(noUser);
    runner.push(scoredEvent({ timeMs: T0, user: 'u', process: 'a.exe', probability: 0.5 }));
    const s = runner.jobs[0].stats();
    expect(s.events_filtered_out).toBe(3);
    expect(s.events_missing_field).toBe(1);
    expect(s.events_modelled).toBe(1);
  });
});

describe('interim results', () => {
  it('scores the open bucket with is_interim and changes nothing', () => {
    const r = rng(5);
    const events = routine('u0', ['a.exe', 'b.exe', 'c.exe', 'd.exe', 'e.exe', 'f.exe'], 20, r);
    for (let u = 1; u < 5; u++) events.push(...routine(`u${u}`, ['a.exe', 'b.exe'], 20, r));
    const tl = timeline(events);
    const withInterim = createJobRunner([USER_JOB]);
    const plain = createJobRunner([USER_JOB]);
    for (const e of tl) {
      withInterim.push(e);
      plain.push(e);
    }
    const odd = scoredEvent({ timeMs: T0 + 20 * DAY + 40 * BUCKET, user: 'u0', process: 'odd.exe' });
    withInterim.push(odd);
    plain.push(odd);
    const interim = withInterim.interim();
    expect(interim.map((x) => [x.by_field_value, x.is_interim])).toEqual([['odd.exe', true]]);
    expect(interim[0].timestamp).toBe(T0 + 20 * DAY + 40 * BUCKET);
    withInterim.flush();
    plain.flush();
    const a = withInterim.drainRecords();
    const b = plain.drainRecords();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const final = a.find((x) => x.by_field_value === 'odd.exe')!;
    expect(final.is_interim).toBe(false);
    expect(final.probability).toBe(interim[0].probability);
  });
});

describe('high_sum by user', () => {
  it('flags a bucket whose malicious-probability sum is far above the user’s usual', () => {
    const runner = createJobRunner([HIGH_SUM]);
    const r = rng(6);
    // Ten users with one or two predicted-malicious events in a few buckets a day for 20 days.
    const events = [];
    for (let u = 0; u < 10; u++) events.push(...routine(`u${u}`, ['a.exe', 'b.exe'], 20, r, { density: 0.05 }));
    // Then u3 starts 25 malicious processes within one bucket.
    for (let i = 0; i < 25; i++) events.push(scoredEvent({ timeMs: T0 + 20 * DAY + 40 * BUCKET + i * 20_000, user: 'u3', process: `p${i}.exe`, probability: 0.95 }));
    for (const e of timeline(events)) runner.push(e);
    runner.flush();
    const recs = runner.drainRecords();
    const burst = recs.find((x) => x.timestamp === T0 + 20 * DAY + 40 * BUCKET)!;
    expect(burst).toBeDefined();
    expect(burst.function).toBe('high_sum');
    expect(burst.function_description).toBe('sum');
    expect(burst.field_name).toBe('problemchild.prediction_probability');
    expect(burst.by_field_name).toBe('user.name');
    expect(burst.by_field_value).toBe('u3');
    expect(burst.actual![0]).toBeCloseTo(25 * 0.95, 10);
    expect(burst.typical![0]).toBeLessThan(2);
    expect(burst.record_score).toBeGreaterThan(50);
    expect(burst.explanation.event_ids).toHaveLength(20);
    expect(burst.influencers.find((i) => i.influencer_field_name === 'process.name')!.influencer_field_values).toHaveLength(10);
    // It is the strongest record of the job.
    expect(Math.max(...recs.map((x) => x.record_score))).toBe(burst.record_score);
  });
});

describe('new_terms', () => {
  it('records a term new to the entity within the history window, at 100', () => {
    const runner = createJobRunner([NEW_TERMS]);
    const at = (d: number, b: number, process: string) => runner.push(scoredEvent({ timeMs: T0 + d * DAY + b * BUCKET, user: 'u', process }));
    at(0, 10, 'a.exe'); // first ever: new
    at(0, 20, 'a.exe'); // seen 10 buckets ago: not new
    at(0, 30, 'b.exe'); // new
    at(2, 10, 'a.exe'); // last seen 2 days ago, window 1 day: new again
    runner.flush();
    const recs = runner.drainRecords();
    expect(recs.map((x) => [x.by_field_value, (x.timestamp - T0) / BUCKET, x.record_score, x.explanation.first_occurrence])).toEqual([
      ['a.exe', 10, 100, true],
      ['b.exe', 30, 100, true],
      ['a.exe', 2 * 96 + 10, 100, false],
    ]);
    expect(recs[0].scorer).toBe('new_terms');
  });
});

describe('timing bucket closes', () => {
  it('is off by default (closeCpuMicros stays 0) and changes no record when on', () => {
    const r = rng(11);
    const events = timeline([
      ...routine('alice', ['a.exe', 'b.exe', 'c.exe'], 6, r),
      ...routine('bob', ['a.exe', 'd.exe'], 6, r),
      scoredEvent({ timeMs: T0 + 6 * DAY + 40 * BUCKET, user: 'alice', process: 'evil.exe' }),
    ]);
    const run = (timeCloses: boolean) => {
      const runner = createJobRunner(builtinJobs(), { timeCloses });
      const out: string[] = [];
      for (const e of events) {
        runner.push(e);
        for (const x of runner.drainRecords()) out.push(JSON.stringify(x));
        for (const x of runner.drainRenormalized()) out.push(JSON.stringify(x));
      }
      runner.flush();
      for (const x of runner.drainRecords()) out.push(JSON.stringify(x));
      return { out, micros: runner.jobs.map((j) => j.closeCpuMicros), closed: runner.jobs.map((j) => j.stats().buckets_closed) };
    };
    const off = run(false);
    const on = run(true);
    expect(off.closed.every((n) => n > 100)).toBe(true);
    expect(off.micros).toEqual([0, 0, 0, 0, 0, 0]);
    expect(off.out.length).toBeGreaterThan(0);
    expect(on.out).toEqual(off.out);
    expect(on.closed).toEqual(off.closed);
  });
});
