// Renormalisation: a record scored when such raw scores were exceptional is rescored once later history
// shows they are common; initial_record_score keeps the first value, and the store follows.

import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import { openDb } from '../store/db.js';
import { builtinJobs } from './load-jobs.js';
import { applyRenormalized, queryRecords, upsertRecords } from './record-store.js';
import { createJobRunner } from './runner.js';
import { BUCKET, DAY, T0, rng, routine, scoredEvent, timeline } from './testing.js';
import { recordId, type AnomalyRecord } from './types.js';

const USER_JOB = builtinJobs('elastic').find((j) => j.job_id === 'problem_child_rare_process_by_user')!;

describe('renormalisation', () => {
  const r = rng(4);
  const events: ScoredEvent[] = [];
  // Sparse users (a few malicious-predicted events a day), as most users are.
  const procs = ['a.exe', 'b.exe', 'c.exe'];
  for (let u = 0; u < 30; u++) events.push(...routine(`u${u}`, procs, 25, r, { density: 0.1 }));
  // Day 4: the first anomaly of the job's history.
  events.push(scoredEvent({ timeMs: T0 + 4 * DAY + 40 * BUCKET + 60_000, user: 'u0', process: 'early.exe' }));
  // Days 12–24: every user runs a process new to them every other day: such scores become common.
  for (let d = 12; d < 25; d++) {
    for (let u = d % 2; u < 30; u += 2) {
      events.push(scoredEvent({ timeMs: T0 + d * DAY + (34 + (u % 20)) * BUCKET + 60_000, user: `u${u}`, process: `new-${d}-${u}.exe` }));
    }
  }
  const db = openDb(':memory:');
  const runner = createJobRunner([USER_JOB]);
  const updates: AnomalyRecord[] = [];
  const first: AnomalyRecord[] = [];
  for (const e of timeline(events)) {
    runner.push(e);
    const recs = runner.drainRecords();
    first.push(...recs);
    upsertRecords(db, recs);
    const renorm = runner.drainRenormalized();
    updates.push(...renorm);
    applyRenormalized(db, renorm);
  }
  runner.flush();
  const tail = runner.drainRecords();
  first.push(...tail);
  upsertRecords(db, tail);
  const lastRenorm = runner.drainRenormalized();
  updates.push(...lastRenorm);
  applyRenormalized(db, lastRenorm);

  it('the early record scored at its probability cap when first seen', () => {
    const early = first.find((x) => x.by_field_value === 'early.exe')!;
    expect(early.initial_record_score).toBeGreaterThan(10);
    expect(early.record_score).toBe(early.initial_record_score);
  });

  it('later history lowers its record_score and keeps initial_record_score', () => {
    const early = first.find((x) => x.by_field_value === 'early.exe')!;
    const versions = updates.filter((x) => recordId(x) === recordId(early));
    expect(versions.length).toBeGreaterThan(0);
    const last = versions[versions.length - 1];
    expect(last.initial_record_score).toBe(early.initial_record_score);
    expect(last.record_score).toBeLessThan(early.initial_record_score / 3);
    // The stored record follows the renormalisation.
    const stored = queryRecords(db, { jobIds: [USER_JOB.job_id], fromMs: early.timestamp, toMs: early.timestamp + BUCKET }).records;
    expect(stored.map((x) => x.by_field_value)).toEqual(['early.exe']);
    expect(stored[0].record_score).toBe(last.record_score);
    expect(stored[0].initial_record_score).toBe(early.initial_record_score);
  });
});
