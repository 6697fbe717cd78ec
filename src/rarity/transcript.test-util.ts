// A runner's whole output as lines, for the tests that compare two ways of feeding the same events (projected
// fields, entity ids): records and renormalisations as drained after every event, interim results, and the same
// after the state was saved and restored into a new runner — optionally with the saved blobs themselves.

import type { ScoredEvent } from '../classify/types.js';
import { openDb } from '../store/db.js';
import type { JobConfigInput } from './job-config.js';
import { createJobRunner } from './runner.js';

export interface TranscriptOptions {
  /** After these events the state is saved and a new runner restored from it. */
  resumeAfter: ReadonlySet<number>;
  /** Whether interim results are taken after event i (before a resume there). */
  interimAfter: (i: number) => boolean;
  /** Also list the saved state blobs (base64, per job). */
  states?: boolean;
}

export function transcript(jobs: readonly JobConfigInput[], evs: readonly ScoredEvent[], o: TranscriptOptions): string[] {
  const out: string[] = [];
  let runner = createJobRunner(jobs);
  evs.forEach((ev, i) => {
    runner.push(ev);
    for (const r of runner.drainRecords()) out.push(JSON.stringify(r));
    for (const r of runner.drainRenormalized()) out.push(`renormalized ${JSON.stringify(r)}`);
    if (o.interimAfter(i)) for (const r of runner.interim()) out.push(`interim ${JSON.stringify(r)}`);
    if (o.resumeAfter.has(i)) {
      const db = openDb(':memory:');
      runner.saveState(db);
      if (o.states) {
        const rows = db.prepare('SELECT job_id, state FROM rarity_state ORDER BY job_id').all() as Array<{ job_id: string; state: Buffer }>;
        for (const row of rows) out.push(`state ${row.job_id} ${row.state.toString('base64')}`);
      }
      runner = createJobRunner(jobs);
      runner.loadState(db);
      db.close();
    }
  });
  runner.flush();
  for (const r of runner.drainRecords()) out.push(JSON.stringify(r));
  for (const r of runner.drainRenormalized()) out.push(`renormalized ${JSON.stringify(r)}`);
  out.push(JSON.stringify(runner.stats()));
  return out;
}
