// An EVTX file: a 4 KiB header, then 64 KiB chunks. Chunks are found by file size, not by the header's
// chunk count, because a dirty (not cleanly closed) file has chunks its header does not count yet.
// Reads a block of chunks at a time, so memory stays bounded whatever the file size.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { issue, type Issue } from '../../common/issues.js';
import type { RawBatch, RawRecord } from '../types.js';
import { CHUNK_MAGIC, CHUNK_SIZE, readChunk } from './chunk.js';
import { EVTX_MAGIC } from './magic.js';

export { EVTX_MAGIC };
export const FILE_HEADER_SIZE = 4096;

export interface EvtxFileOptions {
  /** Chunks read and decoded per batch (default 8, i.e. 512 KiB of input). */
  chunksPerBatch?: number;
}

export interface EvtxHeaderInfo {
  chunkCount: number;
  dirty: boolean;
  full: boolean;
  majorVersion: number;
  minorVersion: number;
}

/** Check the file header; problems become issues. Returns null when the header is unusable. */
export function checkHeader(h: Buffer, file: string, issues: Issue[]): EvtxHeaderInfo | null {
  if (!h.subarray(0, 8).equals(EVTX_MAGIC)) {
    issues.push(issue('OS_EVTX_HEADER', 'file signature "ElfFile" missing', { file, offset: 0 }));
    return null;
  }
  if (crc32(h.subarray(0, 120)) !== h.readUInt32LE(124)) {
    issues.push(issue('OS_EVTX_HEADER', 'file header checksum mismatch', { file, offset: 0 }, 'warning'));
  }
  const flags = h.readUInt32LE(120);
  return {
    chunkCount: h.readUInt16LE(42),
    dirty: (flags & 1) !== 0,
    full: (flags & 2) !== 0,
    minorVersion: h.readUInt16LE(36),
    majorVersion: h.readUInt16LE(38),
  };
}

// One spare read buffer: files are usually read one after another, and allocating 512 KiB of external
// memory per file makes the collector run far more than decoding itself needs.
let spare: Buffer | null = null;

function takeBuffer(size: number): Buffer {
  if (spare && spare.length >= size) {
    const b = spare;
    spare = null;
    return b;
  }
  return Buffer.allocUnsafe(size);
}

function readFully(fd: number, buf: Buffer, want: number, pos: number): number {
  let n = 0;
  while (n < want) {
    const r = readSync(fd, buf, n, want - n, pos + n);
    if (r === 0) break;
    n += r;
  }
  return n;
}

/**
 * Batches of records (one per block of chunks) of one EVTX file, in record order. Reads are synchronous
 * (a block at a time, from the page cache in practice): a thread-pool round trip per block costs more.
 */
export async function* readEvtxFile(path: string, opts: EvtxFileOptions = {}): AsyncGenerator<RawBatch> {
  const per = Math.max(1, Math.floor(opts.chunksPerBatch ?? 8));
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    yield { records: [], issues: [issue('OS_READ_OPEN', (e as Error).message, { file: path })] };
    return;
  }
  let buf: Buffer | null = null;
  try {
    const size = fstatSync(fd).size;
    const issues: Issue[] = [];
    if (size < FILE_HEADER_SIZE) {
      issues.push(issue('OS_EVTX_HEADER', `file of ${size} bytes is shorter than the EVTX header`, { file: path, offset: 0 }));
      yield { records: [], issues };
      return;
    }
    const head = Buffer.alloc(FILE_HEADER_SIZE + 8);
    const got = readFully(fd, head, head.length, 0);
    const info = checkHeader(head, path, issues);
    if (!info && !(got >= head.length && head.subarray(FILE_HEADER_SIZE, FILE_HEADER_SIZE + 8).equals(CHUNK_MAGIC))) {
      // Neither a file header nor a first chunk: not an EVTX file; one issue, not one per 64 KiB.
      yield { records: [], issues };
      return;
    }
    const chunks = Math.ceil((size - FILE_HEADER_SIZE) / CHUNK_SIZE);
    if (info && info.chunkCount > chunks) {
      issues.push(issue('OS_EVTX_TRUNCATED', `header counts ${info.chunkCount} chunks, the file holds ${chunks}`, { file: path, offset: size }));
    }
    buf = takeBuffer(Math.min(per, chunks) * CHUNK_SIZE);
    const block = Math.min(per, chunks) * CHUNK_SIZE;
    for (let first = 0; first < chunks; first += per) {
      const start = FILE_HEADER_SIZE + first * CHUNK_SIZE;
      const want = Math.min(block, size - start);
      const n = readFully(fd, buf, want, start);
      const records: RawRecord[] = [];
      for (let i = 0; i * CHUNK_SIZE < n; i++) {
        const off = start + i * CHUNK_SIZE;
        const chunk = buf.subarray(i * CHUNK_SIZE, Math.min(n, (i + 1) * CHUNK_SIZE));
        if (chunk.length < CHUNK_SIZE) {
          issues.push(issue('OS_EVTX_TRUNCATED', `file ends ${chunk.length} bytes into a chunk`, { file: path, offset: off }));
        }
        const status = readChunk(chunk, off, path, records, issues);
        if (status === 'empty' && info && first + i < info.chunkCount) {
          issues.push(issue('OS_EVTX_CHUNK', 'chunk counted by the header is all zeros', { file: path, offset: off }));
        }
      }
      yield { records, issues: issues.splice(0) };
      if (n < want) break;
    }
    if (issues.length) yield { records: [], issues };
  } finally {
    closeSync(fd);
    if (buf && (!spare || spare.length < buf.length)) spare = buf;
  }
}
