// One 64 KiB EVTX chunk: header checks, then its event records. A checksum mismatch is reported but the
// records are still read: each record is checked on its own (signature, size, trailing size copy) and its
// BinXML must decode, so a flipped byte costs at most the record it hits, not the whole chunk.

import { crc32 } from 'node:zlib';
import { issue, type Issue } from '../../common/issues.js';
import type { RawRecord } from '../types.js';
import { ChunkContext, parseNodes } from './binxml.js';
import { renderRecord } from './render.js';

export const CHUNK_SIZE = 0x10000;
export const CHUNK_HEADER_SIZE = 512;
export const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
const RECORD_MAGIC = Buffer.from([0x2a, 0x2a, 0, 0]);
const RECORD_HEADER = 24;

export type ChunkStatus = 'ok' | 'empty' | 'bad';

function recordAt(b: Buffer, p: number, limit: number): number {
  if (p + RECORD_HEADER + 4 > limit || b.readUInt32LE(p) !== 0x2a2a) return 0;
  const size = b.readUInt32LE(p + 4);
  if (size < RECORD_HEADER + 4 || p + size > limit || b.readUInt32LE(p + size - 4) !== size) return 0;
  return size;
}

/** The next position ≥ from holding a structurally valid record header, or -1. */
function resync(b: Buffer, from: number, limit: number): number {
  let p = from;
  while (p < limit) {
    const q = b.indexOf(RECORD_MAGIC, p);
    if (q < 0 || q >= limit) return -1;
    if (recordAt(b, q, limit) > 0) return q;
    p = q + 1;
  }
  return -1;
}

function isZero(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0) return false;
  return true;
}

function u64(b: Buffer, p: number): number {
  return b.readUInt32LE(p + 4) * 0x100000000 + b.readUInt32LE(p);
}

/**
 * Read the records of one chunk (`b` is the chunk, possibly shorter than 64 KiB when the file is truncated)
 * into `out`; problems go to `issues` with file byte offsets.
 */
export function readChunk(b: Buffer, fileOffset: number, file: string, out: RawRecord[], issues: Issue[]): ChunkStatus {
  if (b.length < CHUNK_HEADER_SIZE || !b.subarray(0, 8).equals(CHUNK_MAGIC)) {
    if (isZero(b, 0, Math.min(b.length, CHUNK_HEADER_SIZE))) return 'empty';
    issues.push(issue('OS_EVTX_CHUNK', 'chunk signature "ElfChnk" missing', { file, offset: fileOffset }));
    return 'bad';
  }
  const complete = b.length === CHUNK_SIZE;
  const freeSpace = b.readUInt32LE(48);
  const freeOk = freeSpace >= CHUNK_HEADER_SIZE && freeSpace <= b.length;
  if (complete) {
    const headerCrc = crc32(b.subarray(128, CHUNK_HEADER_SIZE), crc32(b.subarray(0, 120)));
    if (headerCrc !== b.readUInt32LE(124)) {
      issues.push(issue('OS_EVTX_CHECKSUM', 'chunk header checksum mismatch', { file, offset: fileOffset }));
    }
    if (freeOk && crc32(b.subarray(CHUNK_HEADER_SIZE, freeSpace)) !== b.readUInt32LE(52)) {
      issues.push(issue('OS_EVTX_CHECKSUM', 'event records checksum mismatch', { file, offset: fileOffset }));
    }
  }
  // Records up to the header's free-space offset are expected; past it (a dirty, not cleanly closed
  // chunk) we keep reading while well-formed records with increasing ids follow.
  const expectedEnd = freeOk ? freeSpace : b.length;
  const ctx = new ChunkContext(b);
  let p = CHUNK_HEADER_SIZE;
  let lastId = -1;
  while (p + RECORD_HEADER + 4 <= b.length) {
    const size = recordAt(b, p, b.length);
    if (size === 0) {
      if (p >= expectedEnd) break;
      const what = b.readUInt32LE(p) !== 0x2a2a ? 'no record signature' : `record size ${b.readUInt32LE(p + 4)} is invalid or runs past the chunk`;
      issues.push(issue('OS_EVTX_RECORD', what, { file, offset: fileOffset + p }));
      const next = resync(b, p + 1, expectedEnd);
      if (next < 0) break;
      p = next;
      continue;
    }
    const id = u64(b, p + 8);
    // Past the free-space offset only the direct continuation counts: stale records of an earlier use
    // of the chunk buffer also look well-formed but carry unrelated ids (and dangling template offsets).
    if (p >= expectedEnd && id !== (lastId >= 0 ? lastId + 1 : u64(b, 24))) break;
    const origin = { file, record: id, offset: fileOffset + p };
    try {
      const nodes = parseNodes(ctx, { p: p + RECORD_HEADER, end: p + size - 4 }, 0, false);
      const value = renderRecord(nodes, id);
      origin.record = value.winlog.record_id;
      out.push({ value, origin, format: 'evtx' });
    } catch (e) {
      issues.push(issue('OS_EVTX_BINXML', (e as Error).message, origin));
    }
    lastId = id;
    p += size;
  }
  return 'ok';
}
