// Several EVTX files decoded in parallel by worker threads, yielded in file order then record order
// (byte-identical to a sequential read). Each worker may have only a few batches not yet consumed
// (credit-based back-pressure), so memory stays bounded however far ahead the workers could run.

import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RawBatch } from '../types.js';
import { readEvtxFile } from './file.js';
import type { WorkerReply, WorkerTask } from './worker-protocol.js';

export interface EvtxParallelOptions {
  /** Worker threads (default: CPU count - 1, at most the number of files); 0 or 1 reads in this thread. */
  workers?: number;
  /** Chunks decoded per batch (default 8). */
  chunksPerBatch?: number;
  /** Unconsumed batches a worker may hold before it waits (default 4). */
  credit?: number;
  /** The compiled worker module to run (default: workerScript()); null reads in this thread. */
  workerUrl?: URL | null;
}

/**
 * The compiled worker script. From dist/ it sits beside this module; when running from TypeScript
 * sources (vitest) the compiled copy under dist/ is used if it exists, else we read in-thread.
 */
export function workerScript(): URL | null {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new URL('./worker.js', here);
  const dist = new URL('../../../dist/src/read/evtx/worker.js', here);
  return existsSync(fileURLToPath(dist)) ? dist : null;
}

async function* sequential(paths: string[], chunksPerBatch?: number): AsyncGenerator<RawBatch> {
  for (const p of paths) yield* readEvtxFile(p, { chunksPerBatch });
}

interface FileQueue {
  batches: RawBatch[];
  done: boolean;
  worker: Worker | null;
}

export async function* readEvtxFiles(paths: string[], opts: EvtxParallelOptions = {}): AsyncGenerator<RawBatch> {
  const wanted = Math.min(paths.length, Math.max(0, Math.floor(opts.workers ?? Math.max(1, cpus().length - 1))));
  const script = wanted > 1 ? (opts.workerUrl === undefined ? workerScript() : opts.workerUrl) : null;
  if (!script) {
    yield* sequential(paths, opts.chunksPerBatch);
    return;
  }
  const credit = Math.max(1, opts.credit ?? 4);
  const queues: FileQueue[] = paths.map(() => ({ batches: [], done: false, worker: null }));
  let nextToAssign = 0;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let closing = false;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const workers: Worker[] = [];
  const assign = (w: Worker): void => {
    if (nextToAssign >= paths.length) return;
    const file = nextToAssign++;
    queues[file].worker = w;
    const task: WorkerTask = { type: 'file', file, path: paths[file], chunksPerBatch: opts.chunksPerBatch, credit };
    w.postMessage(task);
  };
  for (let i = 0; i < wanted; i++) {
    const w = new Worker(script);
    workers.push(w);
    w.on('message', (m: WorkerReply) => {
      const q = queues[m.file];
      if (m.type === 'batch') q.batches.push(JSON.parse(m.json) as RawBatch);
      else {
        q.done = true;
        assign(w);
      }
      notify();
    });
    w.on('error', (e) => {
      failure = e;
      notify();
    });
    w.on('exit', (code) => {
      // A worker that dies before we are done would otherwise leave the consumer waiting forever.
      if (!closing) failure ??= new Error(`EVTX worker exited early (code ${code})`);
      notify();
    });
  }
  // Two files queued per worker (round robin) hide the round trip between finishing a file and getting the next.
  for (const w of workers) assign(w);
  for (const w of workers) assign(w);
  try {
    for (let f = 0; f < paths.length; f++) {
      const q = queues[f];
      for (;;) {
        if (failure) throw failure;
        const b = q.batches.shift();
        if (b) {
          q.worker?.postMessage({ type: 'ack' } satisfies WorkerTask);
          yield b;
          continue;
        }
        if (q.done) break;
        await new Promise<void>((r) => (wake = r));
      }
      queues[f] = { batches: [], done: true, worker: null };
    }
  } finally {
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
