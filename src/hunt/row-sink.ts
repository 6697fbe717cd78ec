// Where the hunt's event rows go: the store written on this thread, or a store-writer thread that commits them
// while the main thread goes on (store-writer.ts). Either way rows are written in the order they are added.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OddspawnError } from '../common/issues.js';
import type { EventsRepo } from '../store/events-repo.js';
import { packRows, rowsOf, transferList, type RowChunk } from './packed-rows.js';
import type { FromStoreWriter, ToStoreWriter } from './store-protocol.js';

export interface RowSink {
  /** Takes chunks of rows, in order, as one transaction; resolves when the sink can take more. */
  add(chunks: RowChunk[]): Promise<void>;
  /** Resolves, once every row is written, to how many were new. */
  finish(): Promise<number>;
  /** Stops at once (a failed run): rows not yet written may be lost. */
  abort(): Promise<void>;
}

export class RepoRowSink implements RowSink {
  private stored = 0;

  constructor(private readonly repo: EventsRepo) {}

  add(chunks: RowChunk[]): Promise<void> {
    this.stored += this.repo.addSerialized(chunks.length === 1 ? rowsOf(chunks[0]) : chunks.flatMap(rowsOf));
    return Promise.resolve();
  }

  finish(): Promise<number> {
    return Promise.resolve(this.stored);
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }
}

/** Batches in flight to the writer: enough to keep it busy, few enough to bound memory (4,096 rows ≈ 10 MB each). */
const MAX_IN_FLIGHT = 4;

export class ThreadRowSink implements RowSink {
  private readonly worker: Worker;
  private inFlight = 0;
  private onAck: (() => void) | undefined;
  private failure: Error | undefined;
  private done: ((stored: number) => void) | undefined;
  private finished = false;

  constructor(script: URL, dbPath: string) {
    this.worker = new Worker(script);
    this.worker.on('message', (m: FromStoreWriter) => {
      if (m.t === 'ack') this.inFlight--;
      else if (m.t === 'done') this.done?.(m.stored);
      else this.fail(new OddspawnError('OS_STORE_WRITE', `cannot write events to the store: ${m.message}`, { file: dbPath }));
      this.wake();
    });
    this.worker.on('error', (e) => this.fail(e));
    // A writer that stops without a word (killed, out of memory) must not leave the run waiting for its acks.
    this.worker.on('exit', (code) => {
      if (!this.finished) this.fail(new OddspawnError('OS_STORE_WRITE', `the store writer stopped (exit code ${code})`, { file: dbPath }));
    });
    this.post({ t: 'open', path: dbPath });
  }

  private post(m: ToStoreWriter): void {
    this.worker.postMessage(m);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake();
  }

  private wake(): void {
    const f = this.onAck;
    this.onAck = undefined;
    f?.();
  }

  private async waitUntil(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.onAck = resolve));
    }
    if (this.failure) throw this.failure;
  }

  async add(chunks: RowChunk[]): Promise<void> {
    await this.waitUntil(() => this.inFlight < MAX_IN_FLIGHT);
    this.inFlight++;
    // Packed chunks (a worker's) go as they are; rows built on this thread are packed to go the same way.
    const packed = chunks.map((c) => (Array.isArray(c) ? packRows(c) : c));
    this.worker.postMessage({ t: 'rows', chunks: packed } satisfies ToStoreWriter, packed.flatMap(transferList));
  }

  async finish(): Promise<number> {
    let stored: number | undefined;
    this.done = (n) => (stored = n);
    this.post({ t: 'finish' });
    await this.waitUntil(() => stored !== undefined);
    this.finished = true;
    await this.worker.terminate();
    return stored!;
  }

  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.worker.terminate();
  }
}

/** The compiled store-writer script, as huntWorkerScript() finds the hunt worker's; null when there is none (sources only). */
export function storeWriterScript(): URL | null {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new URL('./store-writer.js', here);
  const dist = new URL('../../dist/src/hunt/store-writer.js', here);
  return existsSync(fileURLToPath(dist)) ? dist : null;
}
