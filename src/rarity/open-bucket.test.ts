// Open-bucket structures: an entity that is the cell of its first category, later categories in arrival order
// (scanned, then indexed), cells that keep an event's origin and projected fields instead of the event in one
// log per bucket, snapshots in the layout of the first state format (written and read), and the same records
// whichever way the events are held.

import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import { decodeState, encodeState } from './codec.js';
import {
  RefLog, categoryCell, categoryEntries, categoryNames, cellOf, entityCount, eventId, extract, hasCategories, newCategoryEntity, newCell,
  type Cell,
} from './bucket.js';
import { jobFieldPaths } from './field-paths.js';
import { compileField, projectFields } from './fields.js';
import type { JobConfig } from './job-config.js';
import type { JobSnapshot } from './job-runner.js';
import { builtinJobs } from './load-jobs.js';
import { createJobRunner } from './runner.js';
import { BUCKET, MINUTE, T0, rng, scoredEvent } from './testing.js';
import type { AnomalyRecord } from './types.js';

const USER_JOB = builtinJobs('elastic').find((j) => j.job_id === 'problem_child_rare_process_by_user')!;
const SIX = builtinJobs();

describe('inline category', () => {
  it('the entity is its first category\'s cell; later ones follow in arrival order, scanned then indexed', () => {
    const ent = newCategoryEntity('alice', 'b.exe');
    expect(categoryCell(ent, 'b.exe')).toBe(ent);
    expect(ent.more).toBeUndefined();
    expect(categoryNames(ent)).toEqual(['b.exe']);
    const c = categoryCell(ent, 'a.exe');
    expect(c).not.toBe(ent);
    expect(categoryNames(ent)).toEqual(['b.exe', 'a.exe']);
    expect(cellOf(ent, 'b.exe')).toBe(ent);
    expect(cellOf(ent, 'a.exe')).toBe(c);
    expect(categoryCell(ent, 'a.exe')).toBe(c);
    expect(categoryEntries(ent)).toEqual([['b.exe', ent], ['a.exe', c]]);
    expect(hasCategories(ent)).toBe(true);
    expect(ent.index).toBeUndefined();
    // Many categories (a parent process, a busy host): indexed beyond the scan, order and cells unchanged.
    const names = Array.from({ length: 40 }, (_, i) => `p${(i * 7) % 40}.exe`).filter((n) => n !== 'b.exe' && n !== 'a.exe');
    const cells = new Map<string, Cell>(names.map((n) => [n, categoryCell(ent, n)]));
    expect(ent.index).toBeInstanceOf(Map);
    expect(categoryNames(ent)).toEqual(['b.exe', 'a.exe', ...names]);
    for (const n of names) {
      expect(cellOf(ent, n)).toBe(cells.get(n));
      expect(categoryCell(ent, n)).toBe(cells.get(n));
    }
    expect(categoryNames(ent)).toHaveLength(names.length + 2);
    ent.count = 2;
    c.count = 3;
    cells.get(names[5])!.count = 4;
    expect(entityCount(ent)).toBe(9);
  });

  it('the runner counts repeats inline and promotes on a second process (seen through its snapshot)', () => {
    const runner = createJobRunner([USER_JOB]);
    const t = T0 + 10 * BUCKET;
    const push = (user: string, proc: string, line: number) => runner.push(scoredEvent({ timeMs: t + line * 1000, user, process: proc, line }));
    push('alice', 'x.exe', 1);
    push('alice', 'x.exe', 2);
    push('bob', 'y.exe', 3);
    push('alice', 'w.exe', 4);
    push('alice', 'x.exe', 5);
    const snap = runner.jobs[0].snapshot();
    const ents = Object.fromEntries(snap.open[0].entities);
    expect(ents.alice.count).toBe(4);
    expect(ents.alice.cats!.map(([n, c]) => [n, c.count, c.saved!.ids])).toEqual([
      ['x.exe', 3, ['synthetic.ndjson:1', 'synthetic.ndjson:2', 'synthetic.ndjson:5']],
      ['w.exe', 1, ['synthetic.ndjson:4']],
    ]);
    expect(ents.bob.cats!.map(([n, c]) => [n, c.count])).toEqual([['y.exe', 1]]);
  });
});

describe('kept event refs', () => {
  const influencers = USER_JOB.analysis_config.influencers.map(compileField);
  const paths = jobFieldPaths([USER_JOB as JobConfig]);

  function hostile(i: number): ScoredEvent {
    const names = ['naïve.exe', 'a\uD800b.exe', '進程.exe', 'x'.repeat(5000), ''];
    const e = scoredEvent({ timeMs: T0, user: `u${i % 3}`, process: names[i % names.length], line: i, commandLine: i % 4 === 0 ? '\uDC00 /c' : undefined });
    if (i % 5 === 1) e.event.event.id = `id-${i}`;
    if (i % 7 === 2) (e.event.event as unknown as Record<string, unknown>).id = 42;
    if (i % 11 === 3) (e.event.event as unknown as Record<string, unknown>).id = ['arr', i];
    if (i % 6 === 4) (e.event.host as Record<string, unknown>).name = { nested: true };
    if (i % 9 === 5) (e.event.user as Record<string, unknown>).id = [1, 'S-1', null];
    if (i % 8 === 6) e.event.process.code_signature = { subject_name: `Vendor ${i}`, trusted: i % 2 === 0 };
    if (i % 10 === 7) e.origin = { file: 'evtx.evtx', record: i };
    return e;
  }

  it('a kept origin and projected fields give eventId, for ids of any type and for origins', () => {
    const log = new RefLog();
    for (let i = 0; i < 60; i++) {
      const e = hostile(i);
      const projected = projectFields(e.event, paths);
      const viaProjected = newCell('x');
      log.add(viaProjected, e.origin, projected);
      expect(extract(viaProjected, log, influencers).ids).toEqual([eventId(e)]);
      const viaEvent = newCell('x');
      log.add(viaEvent, e, undefined);
      expect(extract(viaEvent, log, influencers).ids).toEqual([eventId(e)]);
    }
  });

  it('extract over projected entries equals extract over the events themselves, cells interleaved in one log', () => {
    const evs = Array.from({ length: 25 }, (_, i) => hostile(i));
    // A log that must grow (1 024 entries at first), with two cells' entries interleaved and other cells between.
    const log = new RefLog();
    const plain = newCell('plain');
    const proj = newCell('proj');
    const other = newCell('other');
    for (let k = 0; k < 700; k++) log.add(other, hostile(k), undefined);
    for (const e of evs.slice(0, 20)) {
      log.add(plain, e, undefined);
      log.add(other, e, undefined);
      log.add(proj, e.origin, projectFields(e.event, paths));
    }
    for (let k = 0; k < 700; k++) log.add(other, hostile(k), undefined);
    const a = extract(plain, log, influencers);
    const b = extract(proj, log, influencers);
    expect(b).toEqual(a);
    expect(a.ids).toEqual(evs.slice(0, 20).map(eventId));
    expect(a.ids).toHaveLength(20);
    expect(a.values[0].length).toBeLessThanOrEqual(10);
    expect(a.ids).toContain(42);
    expect(extract(other, log, influencers).ids).toHaveLength(1420);
  });

  it('a cleared log keeps nothing reachable and serves the next bucket', () => {
    const log = new RefLog();
    const c = newCell('x');
    for (let i = 0; i < 30; i++) log.add(c, hostile(i), undefined);
    log.clear();
    expect(log.n).toBe(0);
    expect(log.refs.every((r) => r === undefined)).toBe(true);
    const d = newCell('y');
    log.add(d, hostile(3), undefined);
    expect(extract(d, log, influencers).ids).toEqual([eventId(hostile(3))]);
  });
});

/** Records, renormalised records and interim results for a stream, with or without projected fields. */
function runAll(jobs: readonly JobConfig[], evs: readonly ScoredEvent[], projected: boolean, resumeAt?: number): string {
  const paths = jobFieldPaths(jobs as JobConfig[]);
  let runner = createJobRunner(jobs);
  const out: Array<readonly AnomalyRecord[]> = [];
  evs.forEach((e, i) => {
    if (i === resumeAt) {
      const snap = runner.jobs.map((j) => encodeState(j.snapshot()));
      runner = createJobRunner(jobs);
      runner.jobs.forEach((j, k) => j.restore(decodeState<JobSnapshot>(snap[k])));
    }
    runner.push(projected ? { ...e, projected: projectFields(e.event, paths) } : e);
    out.push(runner.drainRecords(), runner.drainRenormalized());
    if (i % 997 === 0) out.push(runner.interim());
  });
  runner.flush();
  out.push(runner.drainRecords(), runner.drainRenormalized());
  return JSON.stringify(out);
}

function stream(seed: number, n: number): ScoredEvent[] {
  const r = rng(seed);
  const out: ScoredEvent[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.floor(r() * 40);
    const p = r() < 0.03 ? `rare${Math.floor(r() * 50)}.exe` : `p${(u + Math.floor(4 * r() * r())) % 12}.exe`;
    const e = scoredEvent({ timeMs: T0 + Math.floor((i / n) * 30) * BUCKET + Math.floor(r() * 14) * MINUTE, user: `user${u}`, process: p, host: `h${u % 7}`, line: i + 1, prediction: r() < 0.6 ? 1 : 0 });
    if (r() < 0.1) e.event.event.id = `e${i}`;
    out.push(e);
  }
  return out.sort((a, b) => a.timeMs - b.timeMs);
}

describe('same records however events are held', () => {
  it('projected and full events give the same output, also across a snapshot in an open bucket', () => {
    const evs = stream(7, 3000);
    const full = runAll(SIX, evs, false);
    expect(JSON.parse(full).flat().length).toBeGreaterThan(100);
    expect(runAll(SIX, evs, true)).toBe(full);
    expect(runAll(SIX, evs, true, 1777)).toBe(full);
    expect(runAll(SIX, evs, false, 1777)).toBe(full);
  });
});

describe('snapshot layout (state format 1)', () => {
  it('writes open buckets as the first format did: entries in arrival order, events [], saved extracts, null for high_sum', () => {
    const jobs = [USER_JOB, SIX.find((j) => j.job_id === 'problem_child_high_sum_by_user')!];
    const runner = createJobRunner(jobs);
    runner.push(scoredEvent({ timeMs: T0 + 60_000, user: 'al', process: 'b.exe', host: 'h', line: 1 }));
    runner.push(scoredEvent({ timeMs: T0 + 61_000, user: 'al', process: 'a.exe', host: 'h', line: 2 }));
    runner.push(scoredEvent({ timeMs: T0 + 62_000, user: 'bo', process: 'c.exe', host: 'h', line: 3 }));
    const rare = runner.jobs[0].snapshot().open;
    const cell = (id: number, proc: string, user: string) =>
      `{"count":1,"hist":0,"sum":0,"kept":1,"events":[],"saved":{"ids":["synthetic.ndjson:${id}"],"values":[["${proc}"],["${user}"],["endpoint"],[],["h"],[],["${proc} /run"],["None"],["None"]]}}`;
    expect(JSON.stringify(rare)).toBe(
      `[{"index":${T0 / BUCKET},"entities":[` +
        `["al",{"count":2,"hist":0,"sum":0,"kept":0,"events":[],"partition":"al","by":"","cats":[["b.exe",${cell(1, 'b.exe', 'al')}],["a.exe",${cell(2, 'a.exe', 'al')}]]}],` +
        `["bo",{"count":1,"hist":0,"sum":0,"kept":0,"events":[],"partition":"bo","by":"","cats":[["c.exe",${cell(3, 'c.exe', 'bo')}]]}]]}]`,
    );
    const sum = JSON.stringify(runner.jobs[1].snapshot().open[0].entities[0]);
    expect(sum).toBe(
      '["al",{"count":2,"hist":0,"sum":1.8,"kept":2,"events":[],"saved":{"ids":["synthetic.ndjson:1","synthetic.ndjson:2"],' +
        '"values":[["a.exe","b.exe"],["al"],["endpoint"],[],["h"],[],["a.exe /run","b.exe /run"],["None"],["None"]]},"partition":"","by":"al","cats":null}]',
    );
  });

  it('restores open buckets written in that layout (one- and two-category entities) and goes on as the original', () => {
    const a = createJobRunner([USER_JOB]);
    const push = (r: typeof a, user: string, proc: string, line: number) =>
      r.push(scoredEvent({ timeMs: T0 + 60_000 + line * 1000, user, process: proc, host: 'h', line }));
    push(a, 'al', 'b.exe', 1);
    push(a, 'al', 'a.exe', 2);
    push(a, 'bo', 'c.exe', 3);
    const snap = a.jobs[0].snapshot();
    const cell = (id: number, proc: string, user: string) =>
      `{"count":1,"hist":0,"sum":0,"kept":1,"events":[],"saved":{"ids":["synthetic.ndjson:${id}"],"values":[["${proc}"],["${user}"],["endpoint"],[],["h"],[],["${proc} /run"],["None"],["None"]]}}`;
    const written =
      `[{"index":${T0 / BUCKET},"entities":[` +
      `["al",{"count":2,"hist":0,"sum":0,"kept":0,"events":[],"partition":"al","by":"","cats":[["b.exe",${cell(1, 'b.exe', 'al')}],["a.exe",${cell(2, 'a.exe', 'al')}]]}],` +
      `["bo",{"count":1,"hist":0,"sum":0,"kept":0,"events":[],"partition":"bo","by":"","cats":[["c.exe",${cell(3, 'c.exe', 'bo')}]]}]]}]`;
    const b = createJobRunner([USER_JOB]);
    b.jobs[0].restore(decodeState<JobSnapshot>(encodeState({ ...snap, open: JSON.parse(written) as JobSnapshot['open'] })));
    expect(JSON.stringify(b.jobs[0].snapshot())).toBe(JSON.stringify(a.jobs[0].snapshot()));
    for (const r of [a, b]) {
      push(r, 'bo', 'c.exe', 4); // inline cell: saved extract plus a live ref
      push(r, 'bo', 'd.exe', 5); // promoted after restore
      push(r, 'al', 'e.exe', 6);
    }
    expect(JSON.stringify(b.interim())).toBe(JSON.stringify(a.interim()));
    expect(JSON.stringify(b.jobs[0].snapshot())).toBe(JSON.stringify(a.jobs[0].snapshot()));
    const bo = Object.fromEntries(b.jobs[0].snapshot().open[0].entities).bo;
    expect(bo.cats!.map(([n, c]) => [n, c.count, c.saved!.ids])).toEqual([
      ['c.exe', 2, ['synthetic.ndjson:3', 'synthetic.ndjson:4']],
      ['d.exe', 1, ['synthetic.ndjson:5']],
    ]);
    a.flush();
    b.flush();
    expect(JSON.stringify(b.drainRecords())).toBe(JSON.stringify(a.drainRecords()));
  });
});
