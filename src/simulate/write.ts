// Writing a simulation as NDJSON with back-pressure, plus the ground-truth sidecar.

import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { ProcessEvent } from '../normalize/process-event.js';
import { Simulation, type ScenarioTruth } from './engine.js';
import { shardedChunks, shardWorkerScript } from './parallel.js';
import type { SimulateOptions } from './types.js';

export interface WriteOptions {
  /** Also write the scenario ground truth (JSON) here. */
  truthPath?: string;
  /** Called about every 50,000 events. */
  onProgress?: (events: number, day: number, days: number) => void;
  /** Sees every event (e.g. the calibration report's accumulator). */
  observe?: (ev: ProcessEvent) => void;
  /**
   * Worker threads that simulate shards of the hosts (same bytes; ignored with `observe`). Default 0:
   * this thread. defaultShards(hosts) gives one per core for organisations worth it.
   */
  workers?: number;
}

export interface WriteSummary {
  events: number;
  malicious: number;
  bytes: number;
  scenarios: ScenarioTruth[];
  /** The reader closed the stream early (EPIPE): the output is incomplete. */
  truncated: boolean;
}

const CHUNK = 512 * 1024;

function drain(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      out.off('error', onError);
      resolve();
    };
    const onError = (e: Error): void => {
      out.off('drain', onDrain);
      reject(e);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

function* mapEvents(sim: Simulation, observe: (ev: ProcessEvent) => void): Generator<string> {
  for (const ev of sim.events()) {
    observe(ev);
    yield JSON.stringify(ev);
  }
}

/** Streams the events of a simulation into `out`; resolves once all is handed to the stream. */
export async function writeSimulationTo(sim: Simulation, out: Writable, o: WriteOptions = {}): Promise<WriteSummary> {
  let buf = '';
  let bytes = 0;
  let n = 0;
  // A reader that goes away (`simulate -o - | head`) ends the run quietly; other write errors fail it.
  let failure: (Error & { code?: string }) | null = null;
  const onError = (e: Error): void => {
    failure = e;
  };
  out.on('error', onError);
  const observe = o.observe;
  const write = async (chunk: string | Buffer): Promise<void> => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (!out.write(chunk)) await drain(out).catch(onError);
  };
  if (observe) {
    // Observers need objects; without one, events go straight to bytes (several times faster).
    for (const line of mapEvents(sim, observe)) {
      buf += line + '\n';
      if (++n % 50_000 === 0) o.onProgress?.(n, sim.counts.days, sim.org.days);
      if (buf.length >= CHUNK) {
        await write(buf);
        buf = '';
        if (failure) break;
      }
    }
    if (buf && !failure) await write(buf);
  } else {
    let nextProgress = 50_000;
    const script = (o.workers ?? 0) > 1 ? shardWorkerScript() : null;
    const chunks: Iterable<Buffer> | AsyncIterable<Buffer> = script ? shardedChunks(sim, o.workers as number, script, CHUNK) : sim.chunks(CHUNK);
    for await (const chunk of chunks) {
      await write(chunk);
      if (failure) break;
      while (sim.counts.events >= nextProgress) {
        o.onProgress?.(nextProgress, sim.counts.days, sim.org.days);
        nextProgress += 50_000;
      }
    }
  }
  out.off('error', onError);
  const failed = failure as (Error & { code?: string }) | null;
  if (failed && failed.code !== 'EPIPE') throw failed;
  const scenarios = sim.scenarios();
  if (o.truthPath) await writeFile(o.truthPath, JSON.stringify({ seed: sim.org.seed, scenarios }, null, 2) + '\n');
  return { events: sim.counts.events, malicious: sim.counts.malicious, bytes, scenarios, truncated: failed !== null };
}

/** Writes the simulation to a file (`-` = stdout). */
export async function writeSimulation(opts: SimulateOptions, outPath: string, o: WriteOptions = {}): Promise<WriteSummary> {
  const sim = new Simulation(opts);
  if (outPath === '-') return writeSimulationTo(sim, process.stdout, o);
  const out = createWriteStream(outPath);
  const done = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  try {
    const summary = await writeSimulationTo(sim, out, o);
    out.end();
    await done;
    return summary;
  } catch (e) {
    out.destroy();
    throw e;
  }
}
