// Native EVTX input: Windows event log files read directly (no converter), one Winlogbeat-shaped raw
// record per event record. See docs/evtx.md for the format notes and the error behaviour.

import type { Reader } from '../types.js';
import { readEvtxFile } from './file.js';

export { EVTX_MAGIC, readEvtxFile, checkHeader, type EvtxFileOptions, type EvtxHeaderInfo } from './file.js';
export { readEvtxFiles, type EvtxParallelOptions } from './parallel.js';
export type { EvtxValue, EvtxWinlog } from './render.js';

export interface EvtxReaderOptions {
  /** Ignored for a single file (one file is read in this thread); see readEvtxFiles for several. */
  workers?: number;
  /** Chunks decoded per batch (default 8). */
  chunksPerBatch?: number;
}

export function createEvtxReader(path: string, opts: EvtxReaderOptions = {}): Reader {
  return {
    name: path,
    batches: () => readEvtxFile(path, { chunksPerBatch: opts.chunksPerBatch }),
  };
}
