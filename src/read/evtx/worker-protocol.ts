// Messages between readEvtxFiles (main thread) and its EVTX worker threads.

import type { RawBatch } from '../types.js';

export type WorkerTask =
  | { type: 'file'; file: number; path: string; chunksPerBatch?: number; credit: number }
  /** One batch of the worker's was consumed: it may send one more. */
  | { type: 'ack' };

/** Batches travel as JSON text: parsing it is cheaper for the main thread than structured-clone decoding. */
export type WorkerReply = { type: 'batch'; file: number; json: string } | { type: 'done'; file: number };

export type { RawBatch };
