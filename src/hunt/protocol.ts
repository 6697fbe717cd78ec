// Messages between the parallel hunt's main thread and its workers. Workers read, normalize and classify one work
// unit at a time; the main thread keeps everything that needs order or state (time order, rarity, rules, store).

import type { ClassifierModelFile } from '../classify/model-file.js';
import type { IngestCounts } from '../ingest.js';
import type { Issue } from '../common/issues.js';
import type { IssueCode } from '../common/codes.js';
import type { JobConfig } from '../rarity/job-config.js';
import type { RawRecord } from '../read/types.js';
import type { PackedRows } from './packed-rows.js';
import type { WorkUnit } from './units.js';


export interface WorkerSetup {
  modelPath?: string;
  /**
   * The model file as the main thread read and validated it: a worker builds its classifier from this copy instead
   * of parsing and validating the file again (≈ 60 ms of each worker's start).
   */
  model?: ClassifierModelFile;
  overridesPath?: string;
  maxLineBytes?: number;
  /** Event fields the rarity jobs read (ECS dotted paths), sent along so the main thread never parses the document. */
  projectedPaths: string[];
  /**
   * The rarity jobs: their feed filters say which events' lines may leave fields out, and which fields such a line
   * keeps (feed-gate.ts; the main thread derives the same from the same jobs).
   */
  jobs: JobConfig[];
  /** Also serialize the stored document (event + scores) for the event store. */
  storeDocs: boolean;
  /** Folder of the workers' document files (see doc-files.ts). */
  docDir: string;
  /** Input files are named relative to this folder in event origins (the demo's temporary folder). */
  originBase?: string;
  /** Issues kept in full per unit; beyond that only counted (the main log keeps fewer anyway). */
  keepIssues: number;
}

export interface RejectEntry {
  issue: Issue;
  raw: RawRecord | undefined;
}

/** `ack`: the main thread has taken one batch (flow control). */
export type ToWorker = { t: 'setup'; setup: WorkerSetup; worker: number } | { t: 'unit'; unit: WorkUnit } | { t: 'ack' };

export type FromWorker =
  | {
      t: 'batch';
      unit: number;
      /** Strings the worker numbered since its previous batch, in number order (scored-line.ts). */
      strings: string[];
      /**
       * Each event as a scored line (scored-line.ts `ScoredLineWriter`): its wire fields and where its document is in the
       * worker's document file. A document is the normalized event's JSON, the stored document (event + scores)
       * when `storeDocs`, or the input record's text (each line says which).
       */
      lines: string[];
      /** Each line's event time. */
      times: Float64Array;
      /** With `storeDocs`: each event's row in the event store (with its stored document), packed (packed-rows.ts). */
      rows: PackedRows | undefined;
      /** The unit's counts so far (cumulative). */
      counts: IngestCounts;
      issues: Issue[];
      rejects: RejectEntry[];
    }
  /** The unit is finished; `uncounted` are its issues beyond the kept ones, by code. */
  | { t: 'done'; unit: number; counts: IngestCounts; uncounted: Partial<Record<IssueCode, number>> }
  | { t: 'fatal'; unit: number; message: string };
