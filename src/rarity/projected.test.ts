// Projected events (ScoredEvent.projected, as a worker thread would send them): the jobs read only those values
// and give exactly the records they give over the full documents, without ever touching `event`.

import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import { jobFieldPaths } from './field-paths.js';
import { projectFields } from './fields.js';
import type { JobConfig } from './job-config.js';
import { builtinJobs } from './load-jobs.js';
import { createJobRunner } from './runner.js';
import { BUCKET, MINUTE, T0, rng, routine, scoredEvent, timeline } from './testing.js';
import { transcript } from './transcript.test-util.js';

/** Three users' routines plus flagged rarities carrying event ids, signatures and a missing user. */
function events(): ScoredEvent[] {
  const r = rng(11);
  const all: ScoredEvent[] = [];
  const users = ['alice', 'bob', 'carol'];
  for (const u of users) all.push(...routine(u, ['outlook.exe', 'teams.exe', 'chrome.exe', `${u}-tool.exe`], 4, r, { density: 0.5 }));
  for (const e of all) {
    e.problemchild.prediction = r() < 0.2 ? 1 : 0;
    e.event.host = { name: `${e.event.user!.name}-pc`, id: `H-${e.event.user!.name}` };
    e.event.user!.id = `S-1-5-${e.event.user!.name}`;
  }
  for (let d = 0; d < 4; d++) {
    for (const [i, u] of users.entries()) {
      const ev = scoredEvent({ timeMs: T0 + d * 96 * BUCKET + (40 + i) * BUCKET + 3 * MINUTE, user: u, process: `rare${d}-${i}.exe`, parent: 'winword.exe' });
      ev.event.event.id = `evt-${d}-${i}`;
      ev.event.process.code_signature = { subject_name: `Vendor ${i}`, trusted: i !== 1 };
      all.push(ev);
    }
  }
  const noUser = scoredEvent({ timeMs: T0 + 50 * BUCKET, user: 'x', process: 'rare-x.exe' });
  noUser.event.user = {};
  all.push(noUser);
  return timeline(all);
}

/** The event as the worker-thread hunt hands it over: projected values, and a document that must not be read. */
function projectedOnly(ev: ScoredEvent, paths: readonly string[]): ScoredEvent {
  const out = { ...ev, projected: projectFields(ev.event, paths) };
  Object.defineProperty(out, 'event', {
    get() {
      throw new Error('the rarity stage touched ScoredEvent.event');
    },
  });
  return out;
}

/** Everything the runner gives, in order: records, renormalised records, interim results, and the same after a resume. */
function transcriptOf(jobs: JobConfig[], evs: readonly ScoredEvent[]): string[] {
  const half = Math.floor(evs.length / 2);
  return transcript(jobs, evs, { resumeAfter: new Set([half]), interimAfter: (i) => i === half });
}

describe('jobFieldPaths', () => {
  it('lists the document paths of the six built-in jobs, sorted and unique', () => {
    expect(jobFieldPaths(builtinJobs())).toEqual([
      'event.id', 'event.module', 'host.id', 'host.name', 'process.code_signature.subject_name', 'process.code_signature.trusted',
      'process.command_line', 'process.name', 'process.parent.name', 'user.id', 'user.name',
    ]);
  });

  it('includes value and filter fields of custom jobs, but never the classifier fields', () => {
    const [job] = builtinJobs('elastic');
    const custom: JobConfig = {
      ...job,
      analysis_config: { ...job.analysis_config, influencers: ['problemchild.prediction_probability'] },
      datafeed_config: { filter: [{ field: 'event.action', equals: 'start' }], must_not: [{ field: 'classifier.model', equals: 'x' }] },
    };
    expect(jobFieldPaths([custom])).toEqual(['event.action', 'event.id', 'process.name', 'user.name']);
  });
});

describe('projected events', () => {
  const evs = events();

  for (const flavour of ['oddspawn', 'elastic'] as const) {
    it(`give the same records as full documents (${flavour} jobs), without reading event`, () => {
      const jobs = builtinJobs(flavour);
      const paths = jobFieldPaths(jobs);
      const full = transcriptOf(jobs, evs);
      const projected = transcriptOf(jobs, evs.map((e) => projectedOnly(e, paths)));
      expect(projected).toEqual(full);
      // The comparison means something: records with influencers, signatures and event ids were produced.
      const records = full.filter((l) => l.startsWith('{"job_id"'));
      expect(records.length).toBeGreaterThan(0);
      expect(full.some((l) => l.includes('"evt-'))).toBe(true);
      expect(full.some((l) => l.includes('"Vendor '))).toBe(true);
    });
  }

  it('reads nothing from event even for events the jobs skip', () => {
    const jobs = builtinJobs();
    const runner = createJobRunner(jobs);
    const ev = projectedOnly(scoredEvent({ timeMs: T0, user: 'u', process: 'a.exe', prediction: 0 }), jobFieldPaths(jobs));
    expect(() => runner.push(ev)).not.toThrow();
    expect(runner.jobs.map((j) => j.stats().events_pushed)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
