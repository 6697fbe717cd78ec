// Public surface of the simulator.

import type { ProcessEvent } from '../normalize/process-event.js';
import { Simulation, type ScenarioTruth } from './engine.js';
import type { SimulateOptions } from './types.js';

export { Simulation } from './engine.js';
export type { ScenarioTruth, ScenarioProcess, SimulationCounts } from './engine.js';
export { writeSimulation, writeSimulationTo } from './write.js';
export type { WriteOptions, WriteSummary } from './write.js';
export type { SimulateOptions } from './types.js';
export { DEFAULT_START } from './org.js';

export { DEMO_PRESET } from './presets.js';

/** Process-start events of a simulated organisation, in time order, deterministic per seed. */
export async function* simulate(opts: SimulateOptions): AsyncGenerator<ProcessEvent> {
  const sim = new Simulation(opts);
  let n = 0;
  for (const ev of sim.events()) {
    yield ev;
    // Let other work run now and then when a caller consumes without awaiting anything itself.
    if (++n % 10_000 === 0) await new Promise<void>((r) => setImmediate(r));
  }
}

/** Runs the simulation without keeping its events and returns the attack ground truth. */
export function simulateScenarios(opts: SimulateOptions): ScenarioTruth[] {
  const sim = new Simulation(opts);
  for (const ev of sim.events()) void ev;
  return sim.scenarios();
}
