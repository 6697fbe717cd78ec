// The rejects file (--rejects FILE): one NDJSON line per rejected record, `{code, message, origin, record}`, with
// the raw record verbatim so it can be fixed and replayed. Writes are buffered and flushed synchronously in
// blocks: memory stays bounded however many records are rejected, and nothing is lost when the run ends.

import { closeSync, openSync, writeSync } from 'node:fs';
import type { Issue } from '../common/issues.js';
import type { RawRecord } from '../read/types.js';

const FLUSH_AT = 64 * 1024;

/** The reject line for an issue and, when there is one, the record it is about. */
export function rejectLine(i: Issue, raw?: RawRecord): string {
  const v = raw?.value;
  const record = v !== null && (typeof v === 'object' || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') ? v : null;
  const line = { code: i.code, message: i.message, origin: i.origin ?? raw?.origin ?? null, record };
  try {
    return JSON.stringify(line) + '\n';
  } catch {
    // Not JSON-serializable (a cycle or a BigInt from a non-JSON reader): keep the issue, drop the record.
    return JSON.stringify({ ...line, record: null }) + '\n';
  }
}

export interface RejectsWriter {
  readonly path: string;
  /** Lines written so far. */
  readonly count: number;
  write(i: Issue, raw?: RawRecord): void;
  /** Flushes and closes the file; further writes throw. */
  close(): void;
}

export function createRejectsWriter(path: string): RejectsWriter {
  let fd: number | undefined = openSync(path, 'w');
  let buf = '';
  let count = 0;
  const flush = (): void => {
    if (buf === '' || fd === undefined) return;
    const bytes = Buffer.from(buf, 'utf8');
    buf = '';
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
  };
  return {
    path,
    get count() {
      return count;
    },
    write(i, raw) {
      if (fd === undefined) throw new Error(`rejects file ${path} is closed`);
      buf += rejectLine(i, raw);
      count++;
      if (buf.length >= FLUSH_AT) flush();
    },
    close() {
      if (fd === undefined) return;
      flush();
      closeSync(fd);
      fd = undefined;
    },
  };
}
