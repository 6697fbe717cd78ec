// Messages between the simulation's main thread and its host shards (worker threads).

import type { SimulateOptions } from './types.js';

export interface ShardTask {
  opts: SimulateOptions;
  shard: number;
  shards: number;
  /** Slices (15 min) per batch: every shard cuts its output at the same times. */
  sliceGroup: number;
  /** Batches a shard may have sent and not seen acknowledged before it waits. */
  credit: number;
}

/**
 * One batch: the shard's events with a time before the batch's end, in output order. Lines lie whole
 * in `chunks`, one after another; `keys` holds (time, order) per line, where order = slice of the push
 * × host count + host index reproduces the single-thread heap's tie-break on equal times.
 */
export interface ShardBatch {
  type: 'batch';
  chunks: Uint8Array[];
  lens: Uint32Array;
  keys: Float64Array;
  /** eventKind() per line. */
  kinds: Int32Array;
  /** [line index, account id, lower-case name] where the ground truth needs them. */
  names: Array<[number, string, string]>;
  /** Most starts this shard held pending since its previous batch. */
  pending: number;
  /** Days fully generated once this batch is consumed. */
  days: number;
}

export interface ShardScenario {
  /** Position in Simulation.attacks. */
  index: number;
  startMs: number;
  techniques: string[];
  /** Process names in the order the scenario first started them. */
  processes: string[];
}

export interface ShardDone {
  type: 'done';
  scenarios: ShardScenario[];
}

export type ShardReply = ShardBatch | ShardDone | { type: 'error'; message: string };
