// Simulator throughput and memory: events/s generated (and serialized to NDJSON) and peak RSS for a
// 1,000-user × 30-day organisation, with RSS sampled through the run to show it stays flat.
// The NDJSON goes to a null sink through the same back-pressure path as a file (15+ GB is not kept).
// Sizes: ODDSPAWN_BENCH_SIM_USERS / ODDSPAWN_BENCH_SIM_DAYS (default 1000 × 30); worker threads:
// ODDSPAWN_BENCH_SIM_WORKERS (default: one per core, as the CLI; 0 = this thread only). CPU time is the
// whole process's, workers included.
// Run: npm run build && node -e "import('./dist/bench/simulate.js').then(m => m.runSimulateBench()).then(r => console.log(JSON.stringify(r)))"

import { Writable } from 'node:stream';
import { Simulation, writeSimulationTo } from '../src/simulate/index.js';
import { defaultShards } from '../src/simulate/parallel.js';

export interface SimulateBenchResult {
  users: number;
  days: number;
  hosts: number;
  workers: number;
  events: number;
  malicious: number;
  bytes: number;
  wallSec: number;
  cpuSec: number;
  eventsPerSec: number;
  eventsPerCpuSec: number;
  mbPerSec: number;
  peakRssMiB: number;
  peakPending: number;
  /** RSS (MiB) at the end of each simulated day: flat means memory does not grow with the output. */
  rssByDayMiB: number[];
}

export async function runSimulateBench(
  users = Number(process.env.ODDSPAWN_BENCH_SIM_USERS ?? 1000),
  days = Number(process.env.ODDSPAWN_BENCH_SIM_DAYS ?? 30),
  workersOpt: number | undefined = process.env.ODDSPAWN_BENCH_SIM_WORKERS === undefined ? undefined : Number(process.env.ODDSPAWN_BENCH_SIM_WORKERS),
): Promise<SimulateBenchResult> {
  const sim = new Simulation({ users, days, seed: 1 });
  const workers = workersOpt ?? defaultShards(sim.org.hosts.length);
  const sink = new Writable({ highWaterMark: 1 << 20, write: (_c, _e, cb) => setImmediate(cb) });
  const rssByDay: number[] = [];
  let peak = process.memoryUsage.rss();
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  const summary = await writeSimulationTo(sim, sink, {
    workers,
    onProgress: (_n, day) => {
      const rss = process.memoryUsage.rss();
      if (rss > peak) peak = rss;
      if (day > rssByDay.length) rssByDay.push(Math.round(rss / 2 ** 20));
    },
  });
  const cpu = process.cpuUsage(cpu0);
  const wallSec = (Date.now() - started) / 1000;
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  return {
    users, days, hosts: sim.org.hosts.length, workers, events: summary.events, malicious: summary.malicious, bytes: summary.bytes,
    wallSec: round(wallSec), cpuSec: round(cpuSec),
    eventsPerSec: Math.round(summary.events / wallSec), eventsPerCpuSec: Math.round(summary.events / cpuSec),
    mbPerSec: round(summary.bytes / 1e6 / wallSec), peakRssMiB: Math.round(peak / 2 ** 20), peakPending: sim.counts.peakPending,
    rssByDayMiB: rssByDay,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
