// The simulation's hosts spread over worker threads (sim-worker.ts), merged back here into the exact
// bytes of the single-thread engine: every shard cuts its output at the same slice boundaries, and
// within a batch lines are merged by (time, order) — the single-thread heap's (time, push sequence)
// restricted to what can differ between shards. Each shard may run `credit` batches ahead, so memory
// stays bounded by the organisation's size, never by the output.

import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Simulation } from './engine.js';
import type { ShardBatch, ShardDone, ShardReply, ShardTask } from './shard-protocol.js';

/** The compiled worker script: beside this module in dist/, or dist's copy when running from sources. */
export function shardWorkerScript(): URL | null {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new URL('./sim-worker.js', here);
  const dist = new URL('../../dist/src/simulate/sim-worker.js', here);
  return existsSync(fileURLToPath(dist)) ? dist : null;
}

/**
 * Worker threads worth using here: one per core but one (the merge runs on the main thread), at most 4;
 * none below 3 cores or for a handful of hosts. Measured on 2 shared cores, 2 workers + the merge were
 * slower in wall time than one thread (bench/results/simulate.json).
 */
export function defaultShards(hosts: number): number {
  const n = Math.min(4, cpus().length - 1);
  return n > 1 && hosts >= 8 ? n : 0;
}

const NO_UID = '\u0000';

interface Shard {
  worker: Worker;
  batches: ShardBatch[];
  done: ShardDone | null;
}

/** NDJSON chunks of about `size` bytes, byte-identical to Simulation.chunks(), from `shards` worker threads. */
export async function* shardedChunks(sim: Simulation, shards: number, script: URL, size = 512 * 1024): AsyncGenerator<Buffer> {
  const hosts = sim.org.hosts.length;
  // About 200 hosts' worth of 15-minute slices per batch: small organisations send fewer, larger batches.
  const sliceGroup = Math.max(1, Math.min(96, Math.ceil(200 / hosts)));
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const list: Shard[] = [];
  for (let shard = 0; shard < shards; shard++) {
    const task: ShardTask = { opts: sim.opts, shard, shards, sliceGroup, credit: 3 };
    const s: Shard = { worker: new Worker(script, { workerData: task }), batches: [], done: null };
    s.worker.on('message', (m: ShardReply) => {
      if (m.type === 'batch') s.batches.push(m);
      else if (m.type === 'done') s.done = m;
      else failure ??= new Error(`simulate worker ${shard}: ${m.message}`);
      notify();
    });
    s.worker.on('error', (e: Error) => {
      failure ??= e;
      notify();
    });
    s.worker.on('exit', (code) => {
      if (!s.done) failure ??= new Error(`simulate worker ${shard} exited (${code}) before finishing`);
      notify();
    });
    list.push(s);
  }
  let out = Buffer.allocUnsafe(size);
  let pos = 0;
  try {
    for (;;) {
      while (!failure && list.some((s) => !s.batches.length && !s.done)) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure;
      if (list.every((s) => !s.batches.length)) break;
      if (list.some((s) => !s.batches.length)) throw new Error('simulate: shards disagree on their batches');
      const batches = list.map((s) => s.batches.shift() as ShardBatch);
      for (const s of list) s.worker.postMessage('ack');
      const n = batches.length;
      const line = new Array<number>(n).fill(0);
      const chunk = new Array<number>(n).fill(0);
      const off = new Array<number>(n).fill(0);
      const named = new Array<number>(n).fill(0);
      const bufs = batches.map((b) => b.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
      for (;;) {
        let k = -1;
        let kt = 0;
        let ko = 0;
        for (let j = 0; j < n; j++) {
          const i = line[j];
          const b = batches[j];
          if (i >= b.lens.length) continue;
          const t = b.keys[2 * i];
          const o = b.keys[2 * i + 1];
          if (k < 0 || t < kt || (t === kt && o < ko)) {
            k = j;
            kt = t;
            ko = o;
          }
        }
        if (k < 0) break;
        const b = batches[k];
        const i = line[k]++;
        const len = b.lens[i];
        let src = bufs[k][chunk[k]];
        if (off[k] + len > src.length) {
          src = bufs[k][++chunk[k]];
          off[k] = 0;
        }
        if (pos + len > out.length) {
          if (pos) yield out.subarray(0, pos);
          out = Buffer.allocUnsafe(Math.max(size, len));
          pos = 0;
        }
        src.copy(out, pos, off[k], off[k] + len);
        pos += len;
        off[k] += len;
        const nm = b.names[named[k]];
        if (nm && nm[0] === i) {
          named[k]++;
          sim.tally(b.kinds[i], nm[1], nm[2]);
        } else sim.tally(b.kinds[i], NO_UID, '');
      }
      // Each shard's peak since its last batch, summed: an upper bound of what the heaps held together.
      let pending = 0;
      for (const b of batches) pending += b.pending;
      if (pending > sim.counts.peakPending) sim.counts.peakPending = pending;
      sim.counts.days = batches[0].days;
    }
    if (pos) yield out.subarray(0, pos);
    for (const s of list) {
      for (const sc of (s.done as ShardDone).scenarios) {
        const rec = sim.attacks[sc.index].rec;
        rec.startMs = sc.startMs;
        for (const x of sc.techniques) rec.techniques.add(x);
        const firstSeen = rec.processes;
        rec.processes = new Map(sc.processes.map((name) => [name, firstSeen.get(name)]));
      }
    }
  } finally {
    await Promise.all(list.map((s) => s.worker.terminate()));
  }
}
