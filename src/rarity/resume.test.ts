// Determinism and resume equality: the same events give byte-identical records, also when the run is split
// in two with the state saved to SQLite and restored into a fresh runner in between.

import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import { openDb } from '../store/db.js';
import type { JobConfig } from './job-config.js';
import { builtinJobs } from './load-jobs.js';
import { createJobRunner, type RarityRunner } from './runner.js';
import { BUCKET, DAY, T0, rng, routine, scoredEvent, timeline } from './testing.js';
import { recordId, type AnomalyRecord } from './types.js';

const base = builtinJobs('elastic');
const JOBS: JobConfig[] = [
  ...base,
  { ...base[0], job_id: 'rare_by_user_population', scorer: 'population' },
  { ...base[0], job_id: 'new_process_by_user', analysis_config: { ...base[0].analysis_config, detectors: [{ ...base[0].analysis_config.detectors[0], function: 'new_terms' }] }, history_window: '3d' },
];

function dataset(): ScoredEvent[] {
  const r = rng(11);
  const events: ScoredEvent[] = [];
  for (let u = 0; u < 12; u++) events.push(...routine(`u${u}`, ['a.exe', 'b.exe', `own${u % 3}.exe`], 10, r, { density: 0.15 }));
  for (let i = 0; i < 60; i++) {
    const u = Math.floor(r() * 12);
    const d = 2 + Math.floor(r() * 8);
    events.push(
      scoredEvent({
        timeMs: T0 + d * DAY + Math.floor(r() * 96) * BUCKET + 30_000,
        user: `u${u}`,
        process: `rare${Math.floor(r() * 20)}.exe`,
        parent: r() < 0.5 ? 'cmd.exe' : 'powershell.exe',
        probability: 0.5 + r() / 2,
        commandLine: `rare /x ${i}`,
      }),
    );
  }
  // Noise the feed must drop: benign predictions and agent binaries.
  for (let i = 0; i < 40; i++) events.push(scoredEvent({ timeMs: T0 + i * 6 * BUCKET, user: 'u1', process: 'x.exe', prediction: 0, probability: 0.8 }));
  for (let i = 0; i < 40; i++) events.push(scoredEvent({ timeMs: T0 + i * 6 * BUCKET, user: 'u2', process: 'filebeat.exe' }));
  return timeline(events);
}

/** Records folded the way a store holds them: first versions in order, then renormalised scores applied. */
function collect(runner: RarityRunner, into: { records: AnomalyRecord[]; finals: Map<string, AnomalyRecord> }): void {
  for (const r of runner.drainRecords()) {
    into.records.push(r);
    into.finals.set(recordId(r), r);
  }
  for (const r of runner.drainRenormalized()) into.finals.set(recordId(r), r);
}

function canonical(x: { records: AnomalyRecord[]; finals: Map<string, AnomalyRecord> }): { records: string; finals: string } {
  const byId = (a: AnomalyRecord, b: AnomalyRecord) => (recordId(a) < recordId(b) ? -1 : recordId(a) > recordId(b) ? 1 : 0);
  return { records: JSON.stringify([...x.records].sort(byId)), finals: JSON.stringify([...x.finals.values()].sort(byId)) };
}

function oneRun(events: ScoredEvent[]) {
  const out = { records: [] as AnomalyRecord[], finals: new Map<string, AnomalyRecord>() };
  const runner = createJobRunner(JOBS);
  for (const e of events) runner.push(e);
  runner.flush();
  collect(runner, out);
  return { out, stats: runner.stats() };
}

describe('determinism and resume', () => {
  const events = dataset();
  const single = oneRun(events);

  it('produces records from every kind of job', () => {
    const jobs = new Set(single.out.records.map((r) => r.job_id));
    for (const id of ['problem_child_rare_process_by_user', 'problem_child_high_sum_by_user', 'rare_by_user_population', 'new_process_by_user']) {
      expect(jobs.has(id)).toBe(true);
    }
    const stats = single.stats.problem_child_rare_process_by_user;
    expect(stats.events_filtered_out).toBe(80);
    expect(stats.late_events).toBe(0);
  });

  it('two runs over the same events are byte-identical', () => {
    expect(canonical(oneRun(events).out)).toEqual(canonical(single.out));
  });

  it('a run split in two with save/load in between is byte-identical to one run', () => {
    // Split inside a bucket, so open buckets with event references must survive the restart.
    let cut = Math.floor(events.length * 0.55);
    while (Math.floor(events[cut].timeMs / BUCKET) !== Math.floor(events[cut - 1].timeMs / BUCKET)) cut++;
    const out = { records: [] as AnomalyRecord[], finals: new Map<string, AnomalyRecord>() };
    const db = openDb(':memory:');
    const first = createJobRunner(JOBS);
    events.slice(0, cut).forEach((e, i) => {
      first.push(e);
      // Interim results along the way must not change anything.
      if (i % 997 === 0) first.interim();
    });
    collect(first, out);
    first.saveState(db);

    const second = createJobRunner(JOBS);
    expect(second.loadState(db)).toBe(true);
    for (const e of events.slice(cut)) second.push(e);
    second.flush();
    collect(second, out);

    const a = canonical(out);
    const b = canonical(single.out);
    expect(a.records.length).toBeGreaterThan(1000);
    expect(a.records).toBe(b.records);
    expect(a.finals).toBe(b.finals);
    expect(second.stats()).toEqual(single.stats);
  });

  it('refuses state saved for a changed job definition', () => {
    const db = openDb(':memory:');
    const r1 = createJobRunner(JOBS);
    r1.saveState(db);
    const changed = JOBS.map((j) => (j.job_id === 'problem_child_rare_process_by_user' ? { ...j, latency: '5m' } : j));
    expect(() => createJobRunner(changed).loadState(db)).toThrow(/definition changed/);
  });
});
