// `oddspawn demo`: a small synthetic organisation with injected attacks, hunted end to end, and graded against
// the ground truth. Runs in a fresh temporary database unless told otherwise, so every run is reproducible.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEMO_PRESET, writeSimulation, type SimulateOptions } from '../simulate/index.js';
import { runHunt, type HuntOptions, type HuntSummary } from '../pipeline.js';
import { scorecard, type Scorecard } from './scorecard.js';

export interface DemoOptions extends Partial<SimulateOptions> {
  dbPath?: string;
  /** Keep the simulated events in this NDJSON file. */
  eventsPath?: string;
  hunt?: Omit<HuntOptions, 'inputs' | 'dbPath'>;
}

export interface DemoResult {
  simulation: Required<Pick<SimulateOptions, 'users' | 'days' | 'attacks'>> & { seed: number | string; events: number; malicious: number };
  hunt: HuntSummary;
  scorecard: Scorecard;
}

export async function runDemo(opts: DemoOptions = {}): Promise<DemoResult> {
  const sim: SimulateOptions = {
    users: opts.users ?? DEMO_PRESET.users,
    days: opts.days ?? DEMO_PRESET.days,
    attacks: opts.attacks ?? DEMO_PRESET.attacks,
    seed: opts.seed ?? DEMO_PRESET.seed,
    ...(opts.hosts !== undefined ? { hosts: opts.hosts } : {}),
    ...(opts.start !== undefined ? { start: opts.start } : {}),
    ...(opts.corpus !== undefined ? { corpus: opts.corpus } : {}),
  };
  const tmp = mkdtempSync(join(tmpdir(), 'oddspawn-demo-'));
  try {
    const eventsPath = opts.eventsPath ?? join(tmp, 'events.ndjson');
    const written = await writeSimulation(sim, eventsPath);
    // Event ids name the events file relative to its folder, so two runs of the same demo give the same alerts.
    const hunt = await runHunt({ ...opts.hunt, inputs: [eventsPath], originBase: dirname(eventsPath), dbPath: opts.dbPath ?? join(tmp, 'demo.sqlite') });
    return {
      simulation: { users: sim.users, days: sim.days, attacks: sim.attacks ?? 0, seed: sim.seed ?? 0, events: written.events, malicious: written.malicious },
      hunt,
      scorecard: scorecard(hunt.alerts, written.scenarios, sim.users, sim.days),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
