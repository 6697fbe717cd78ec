// TEMPORARY during this session: replaced by the EVTX reader (issue 7). Do not ship.
import type { Reader } from '../types.js';
export interface EvtxReaderOptions { workers?: number }
export function createEvtxReader(path: string, _opts: EvtxReaderOptions = {}): Reader {
  throw new Error(`EVTX reader not implemented yet (${path})`);
}
export const EVTX_MAGIC = Buffer.from('ElfFile\0', 'latin1');
