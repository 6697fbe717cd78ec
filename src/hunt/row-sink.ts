// Where the hunt's event rows go: the store written on this thread, or a store-writer thread that commits them
// while the main thread goes on (store-writer.ts). Either way rows are written in the order they are added.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OddspawnError } from '../common/issues.js';
import type { EventsRepo } from '../store/events-repo.js';
import { packRows, rowsOf, transferList, type PackedRows, type RowChunk } from './packed-rows.js';
import type { FromStoreWriter, ToStoreWriter } from './store-protocol.js';

export interface RowSink {
  /**
   * Takes chunks of rows, in order, in one transaction (which rows of the next calls may join); resolves when the
   * sink can take more.
   */
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

/**
 * Rows per transaction on the writer thread, gathered from several calls. Each commit rewrites every index page its
 * rows touched (one insertion point per user, host and process in it), and each of those page images is copied
 * again at the next checkpoint: 16,384 rows a commit instead of 4,096 cut the writer's CPU by ≈ 15 % on the bench
 * input's rows; more rows a commit (or a larger WAL between checkpoints) measured no further gain.
 */
export const TX_ROWS = 16_384;

/**
 * Transactions sent and not yet committed: one (≈ 40 MB of packed rows) while the next gathers here, so at most
 * ≈ 80 MB of rows wait for the writer (four 4,096-row batches in flight and one gathering held ≈ 50 MB).
 */
const MAX_IN_FLIGHT = 1;

export class ThreadRowSink implements RowSink {
  private readonly worker: Worker;
  private inFlight = 0;
  private onAck: (() => void) | undefined;
  private failure: Error | undefined;
  private done: ((stored: number) => void) | undefined;
  private finished = false;
  /** Packed chunks not yet sent, and their rows. */
  private pending: PackedRows[] = [];
  private pendingRows = 0;

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
    if (this.failure) throw this.failure;
    // Packed chunks (a worker's) go as they are; rows built on this thread are packed to go the same way.
    for (const c of chunks) {
      const packed = Array.isArray(c) ? packRows(c) : c;
      this.pending.push(packed);
      this.pendingRows += packed.count;
    }
    if (this.pendingRows >= TX_ROWS) await this.send();
  }

  /** Sends the pending rows as one transaction once the writer can take it. */
  private async send(): Promise<void> {
    if (this.pending.length === 0) return;
    const packed = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    await this.waitUntil(() => this.inFlight < MAX_IN_FLIGHT);
    this.inFlight++;
    this.worker.postMessage({ t: 'rows', chunks: packed } satisfies ToStoreWriter, packed.flatMap(transferList));
  }

  async finish(): Promise<number> {
    await this.send();
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
