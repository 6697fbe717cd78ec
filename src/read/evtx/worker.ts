// Worker thread of readEvtxFiles: decodes one file at a time and posts its batches, never holding more
// than `credit` batches the main thread has not consumed yet.

import { parentPort } from 'node:worker_threads';
import { readEvtxFile } from './file.js';
import type { WorkerReply, WorkerTask } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

let inflight = 0;
let onAck: (() => void) | null = null;
const tasks: Array<Extract<WorkerTask, { type: 'file' }>> = [];
let running = false;

async function run(): Promise<void> {
  running = true;
  for (let t = tasks.shift(); t; t = tasks.shift()) {
    for await (const batch of readEvtxFile(t.path, { chunksPerBatch: t.chunksPerBatch })) {
      while (inflight >= t.credit) await new Promise<void>((r) => (onAck = r));
      inflight++;
      port!.postMessage({ type: 'batch', file: t.file, json: JSON.stringify(batch) } satisfies WorkerReply);
    }
    port!.postMessage({ type: 'done', file: t.file } satisfies WorkerReply);
  }
  running = false;
}

port.on('message', (m: WorkerTask) => {
  if (m.type === 'ack') {
    inflight--;
    const w = onAck;
    onAck = null;
    w?.();
    return;
  }
  tasks.push(m);
  if (!running) void run();
});
