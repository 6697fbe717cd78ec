// Entities found by id (ScoredEvent.projectedIds, entity-index.ts) = entities found by name: the same records,
// renormalisations, interim results, snapshots (byte for byte) and stats, on generated streams that mix events
// with and without ids, values that get no id (non-strings, '', strings past the id limit), missing fields,
// events out of order across two open buckets, late events, resumes from a snapshot and history_feed "all".

import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import { StringIds } from '../hunt/string-ids.js';
import { RefLog, newCategoryEntity } from './bucket.js';
import { EntityIndex } from './entity-index.js';
import { EventFrame, FieldSlots } from './event-frame.js';
import { jobFieldPaths } from './field-paths.js';
import { compileField, projectFields } from './fields.js';
import { JobConfig, type JobConfigInput } from './job-config.js';
import { builtinJobs } from './load-jobs.js';
import { BUCKET, MINUTE, T0, rng, scoredEvent } from './testing.js';
import { transcript } from './transcript.test-util.js';

const ELASTIC = builtinJobs('elastic');
const USER_JOB = ELASTIC.find((j) => j.job_id === 'problem_child_rare_process_by_user')!;
const det = USER_JOB.analysis_config.detectors[0];
const CUSTOM: JobConfigInput[] = [
  { ...USER_JOB, job_id: 'new_process_by_user', analysis_config: { ...USER_JOB.analysis_config, detectors: [{ ...det, function: 'new_terms' }] }, history_window: '2h' },
  { ...USER_JOB, job_id: 'rare_by_user_population', scorer: 'population' },
  { ...USER_JOB, job_id: 'rare_by_user_all', scorer: 'joint', history_feed: 'all' },
  {
    ...USER_JOB,
    job_id: 'sum_by_process_per_host',
    analysis_config: {
      ...USER_JOB.analysis_config,
      detectors: [{ function: 'high_sum', field_name: 'problemchild.prediction_probability', by_field_name: 'process.name', partition_field_name: 'host.name' }],
    },
  },
  { ...USER_JOB, job_id: 'rare_by_user_no_latency', latency: '0s', analysis_config: { ...USER_JOB.analysis_config, bucket_span: '5m' } },
];

/** Values a user name may take besides names: no id for any of them but the short non-empty strings. */
const ODD_USERS: unknown[] = [
  42, 0, true, null, '', ['alice', 'x'], { name: 'o' }, 'é\u2028名前', '\ud800', 'x\udfff', 'U'.repeat(256), 'V'.repeat(257), 'W'.repeat(5000),
];

/**
 * A stream of `n` events from `users` users over about `buckets` buckets, mostly in time order: some a few
 * minutes early or late (two buckets open at once, and late events past the latency), some flagged.
 */
function stream(seed: number, n: number, users: number, buckets: number): ScoredEvent[] {
  const r = rng(seed);
  const out: ScoredEvent[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.floor(r() * r() * users);
    const jitter = r() < 0.1 ? Math.floor((r() - 0.5) * 6) * MINUTE : 0;
    const timeMs = T0 + Math.floor((i / n) * buckets * BUCKET) + jitter;
    const proc = `p${(u * 3 + Math.floor(8 * r() * r())) % 40}.exe`;
    const ev = scoredEvent({ timeMs, user: `user${u}`, process: proc, host: `h${u % 7}`, parent: r() < 0.5 ? 'explorer.exe' : `par${u % 3}.exe`, line: i + 1, prediction: r() < 0.6 ? 1 : 0, probability: 0.5 + r() / 2 });
    ev.event.event.id = `e${i}`;
    const odd = r();
    if (odd < 0.04) (ev.event.user as Record<string, unknown>).name = ODD_USERS[Math.floor(r() * ODD_USERS.length)];
    else if (odd < 0.06) delete (ev.event.user as Record<string, unknown>).name;
    else if (odd < 0.07) (ev.event.process as Record<string, unknown>).name = ODD_USERS[Math.floor(r() * ODD_USERS.length)];
    out.push(ev);
  }
  return out;
}

type Ids = 'none' | 'all' | 'mixed';

/**
 * The events as the parallel hunt hands them over: projected values, with their ids (`all`), with ids for some
 * events and values only (`mixed`: a worker past its numbering limit sends a value as it is, and another worker
 * numbers the same value), or none. A value with an id is the one string object kept for it, as hunt keeps it.
 */
function handOver(evs: readonly ScoredEvent[], paths: readonly string[], ids: Ids, seed: number): ScoredEvent[] {
  const space = new StringIds();
  const r = rng(seed);
  return evs.map((ev) => {
    const projected = projectFields(ev.event, paths);
    if (ids === 'none') return { ...ev, projected };
    const pids: Record<string, number> = {};
    const withIds = ids === 'all' || r() < 0.5;
    for (const p of paths) {
      const v = projected[p];
      const id = typeof v === 'string' && (withIds || r() < 0.3) ? space.idOf(v) : -1;
      if (id >= 0) projected[p] = space.stringOf(id);
      pids[p] = id;
    }
    return ids === 'mixed' && r() < 0.2 ? { ...ev, projected } : { ...ev, projected, projectedIds: pids };
  });
}

/** Everything a runner gives, in order: records, renormalisations, interim results and snapshots (as stored), resumed twice. */
function transcriptOf(jobs: readonly JobConfigInput[], evs: readonly ScoredEvent[]): string[] {
  const resumeAfter = new Set([Math.floor(evs.length / 3), Math.floor((2 * evs.length) / 3)]);
  return transcript(jobs, evs, { resumeAfter, interimAfter: (i) => i % 401 === 200, states: true });
}

describe('entities by id = entities by name', () => {
  const cases: Array<[string, readonly JobConfigInput[]]> = [
    ['the six oddspawn jobs', builtinJobs()],
    ['the six Elastic jobs', ELASTIC],
    ['new_terms, population, joint with history "all", partitioned high_sum, no latency', CUSTOM],
  ];
  for (const [name, jobs] of cases) {
    it(`${name}: byte-identical transcripts over generated streams`, () => {
      const paths = jobFieldPaths(jobs.map((j) => JobConfig.parse(j)));
      const seen = { records: 0, interim: 0, states: 0 };
      for (const [seed, n, users, buckets] of [[1, 1200, 30, 10], [2, 1500, 300, 5], [3, 800, 5, 16]] as const) {
        const evs = stream(seed, n, users, buckets);
        const byName = transcriptOf(jobs, handOver(evs, paths, 'none', seed));
        seen.records += byName.filter((l) => l.startsWith('{"job_id"')).length;
        seen.interim += byName.filter((l) => l.startsWith('interim ')).length;
        seen.states += byName.filter((l) => l.startsWith('state ')).length;
        for (const ids of ['all', 'mixed'] as const) expect(transcriptOf(jobs, handOver(evs, paths, ids, seed + 10))).toEqual(byName);
      }
      // The streams make records, interim records and snapshots to compare.
      expect(Math.min(seen.records, seen.interim, seen.states)).toBeGreaterThan(0);
    });
  }

  it('gives the same stats and records when every event of a bucket arrives out of order across the latency', () => {
    const jobs = [USER_JOB];
    const paths = jobFieldPaths(jobs);
    // Events alternate between two buckets open at once: each steals the other's entity slots.
    const evs = stream(7, 1200, 40, 8).map((ev, i) => ({ ...ev, timeMs: T0 + BUCKET * (2 + (i % 2)) - 30_000 + (i % 50) * 1000 }));
    const byName = transcriptOf(jobs, handOver(evs, paths, 'none', 7));
    expect(transcriptOf(jobs, handOver(evs, paths, 'all', 8))).toEqual(byName);
  });
});

describe('EventFrame ids', () => {
  it('reads a document slot’s id from projectedIds, -1 for anything that is not a non-negative int32', () => {
    const slots = new FieldSlots();
    const user = slots.field('user.name');
    const proc = slots.field('process.name');
    const pred = slots.field('problemchild.prediction');
    const frame = new EventFrame(slots);
    const base = scoredEvent({ timeMs: T0, user: 'u', process: 'p' });
    let reads = 0;
    const hostile = { valueOf: () => ++reads };
    const cases: Array<[unknown, number]> = [
      [7, 7], [0, 0], [2147483647, 2147483647], [-1, -1], [-0, 0], [1.5, -1], [NaN, -1], [Infinity, -1], [2147483648, -1],
      ['5', -1], [undefined, -1], [null, -1], [hostile, -1], [[3], -1],
    ];
    for (const [v, want] of cases) {
      frame.reset({ ...base, projected: { 'user.name': 'u', 'process.name': 'p' }, projectedIds: { 'user.name': v as number, 'process.name': 3 } });
      expect(frame.id(user)).toBe(want);
      expect(frame.id(proc)).toBe(3);
      expect(frame.id(pred)).toBe(-1);
      expect(frame.keyword(user)).toBe('u');
    }
    expect(reads).toBe(0);
    // No ids, or no projected values (the document is read): no id.
    frame.reset({ ...base, projected: { 'user.name': 'u' } });
    expect([frame.id(user), frame.id(proc)]).toEqual([-1, -1]);
    frame.reset({ ...base, projectedIds: { 'user.name': 1 } });
    expect([frame.id(user), frame.keyword(user)]).toEqual([-1, 'u']);
    expect(frame.value(user)).toBe(compileField('user.name')(base));
  });
});

describe('EntityIndex', () => {
  it('sorts a bucket’s entities as the default sort orders their keys, and snapshots them in creation order', () => {
    const r = rng(9);
    const alphabet = ['a', 'B', 'é', '\u0000', '\ud800', '\udfff', '\ud83d\ude00', '名', 'Z', '~', ' '];
    const keys = new Set<string>(['', 'a', 'aa', 'a\u0000', 'A']);
    while (keys.size < 400) keys.add(Array.from({ length: 1 + Math.floor(r() * 4) }, () => alphabet[Math.floor(r() * alphabet.length)]).join(''));
    const order = [...keys];
    for (const named of [false, true]) {
      const index = new EntityIndex((e) => e.partition);
      const bucket = index.openBucket(1, new RefLog());
      order.forEach((k, i) => {
        expect(index.find(bucket, named ? -1 : i, k, false)).toBeUndefined();
        index.add(bucket, k, newCategoryEntity(k, 'p'), named ? -1 : i);
      });
      expect(bucket.named).toBe(named);
      expect(index.sorted(bucket).map((e) => e.partition)).toEqual([...order].sort());
      expect([...index.mapOf(bucket).keys()]).toEqual(order);
      order.forEach((k, i) => expect(index.find(bucket, i, k, false)?.partition).toBe(k));
      // Later buckets: some ids again, some new (placed by rank among the ids known so far, new ones merged in).
      index.closed(bucket);
      for (let round = 0; round < 3; round++) {
        const next = index.openBucket(2 + round, new RefLog());
        const keysHere = new Set<string>();
        for (let t = 0; t < 150; t++) keysHere.add(r() < 0.7 ? order[Math.floor(r() * order.length)] : `new${round}-${Math.floor(r() * 1000)}\ud800`);
        for (const k of keysHere) {
          let id = order.indexOf(k);
          if (id < 0) id = order.push(k) - 1;
          const at = named ? -1 : id;
          if (index.find(next, at, k, false) === undefined) index.add(next, k, newCategoryEntity(k, 'p'), at);
        }
        expect(index.sorted(next).map((e) => e.partition)).toEqual([...keysHere].sort());
        index.closed(next);
      }
    }
  });
});
