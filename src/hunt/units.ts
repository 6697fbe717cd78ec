// Work units for the parallel hunt: each input file is one unit, except large plain NDJSON files, which are cut
// into byte ranges at line ends so that several threads can read one big export. A range remembers how many
// lines precede it, so every record keeps the line number a single-threaded read would give it.

import { open } from 'node:fs/promises';
import { STDIN } from '../read/inputs.js';
import { ByteSource } from '../read/byte-source.js';
import { EVTX_MAGIC } from '../read/evtx/index.js';
import { SNIFF_BYTES, sniffFormat } from '../read/sniff.js';

export type WorkUnit =
  /** A whole input, read exactly as `openInputs([path])` reads it. */
  | { kind: 'file'; index: number; path: string }
  /** Bytes [start, end) of a plain NDJSON file; `lineOffset` lines come before `start`, which begins a line with `{`. */
  | { kind: 'range'; index: number; path: string; start: number; end: number; lineOffset: number };

export interface PlanOptions {
  /** Target bytes per range (default 8 MiB: a few thousand events, small enough to keep every thread busy). */
  unitBytes?: number;
}

export const DEFAULT_UNIT_BYTES = 8 * 1024 * 1024;
const SCAN_CHUNK = 1024 * 1024;

/** Units in read order (file order, then byte order); ranges are produced while the file is scanned. */
export async function* planUnits(files: readonly string[], opts: PlanOptions = {}): AsyncGenerator<WorkUnit> {
  const unitBytes = Math.max(1, Math.floor(opts.unitBytes ?? DEFAULT_UNIT_BYTES));
  let index = 0;
  for (const path of files) {
    if (path === STDIN || !(await isSplittable(path, unitBytes))) {
      yield { kind: 'file', index: index++, path };
      continue;
    }
    for await (const r of lineRanges(path, unitBytes)) yield { kind: 'range', index: index++, path, ...r };
  }
}

/** Plain (not gzip, not EVTX, not a JSON document) NDJSON of at least two units' size. */
async function isSplittable(path: string, unitBytes: number): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'r');
    const st = await fh.stat();
    if (!st.isFile() || st.size < 2 * unitBytes) return false;
    const head = Buffer.alloc(EVTX_MAGIC.length);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    if (bytesRead === head.length && head.equals(EVTX_MAGIC)) return false;
  } catch {
    return false; // unreadable: the whole-file path reports it
  } finally {
    await fh?.close();
  }
  const src = await ByteSource.openFile(path, SCAN_CHUNK);
  if (!(src instanceof ByteSource)) return false;
  try {
    const format = sniffFormat(await src.peek(SNIFF_BYTES), src.complete);
    return format === 'ndjson' && !src.gzip;
  } finally {
    src.close();
  }
}

/** Byte ranges ending just after a newline (the last one at end of file), with the newlines before each. */
async function* lineRanges(path: string, unitBytes: number): AsyncGenerator<{ start: number; end: number; lineOffset: number }> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = Buffer.allocUnsafe(SCAN_CHUNK);
    let start = 0;
    let lineOffset = 0;
    let linesInUnit = 0;
    let pos = 0;
    let midLine = false; // the buffer starts inside a line longer than a chunk
    while (pos < size) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(SCAN_CHUNK, size - pos), pos);
      if (bytesRead === 0) break;
      let lineStart = 0;
      for (;;) {
        const nl = buf.indexOf(10, lineStart);
        if (nl < 0 || nl >= bytesRead) break;
        linesInUnit++;
        const next = nl + 1;
        const end = pos + next;
        const wholeLine = !(midLine && lineStart === 0);
        if (end - start >= unitBytes && size - end >= unitBytes / 2 && wholeLine && canCutAfter(buf, lineStart, nl, next, bytesRead)) {
          yield { start, end, lineOffset };
          start = end;
          lineOffset += linesInUnit;
          linesInUnit = 0;
        }
        lineStart = next;
      }
      // A line cut by the chunk end is scanned again from its start, so a cut always sees a whole previous line.
      midLine = lineStart === 0 && pos + bytesRead < size;
      pos += lineStart > 0 ? lineStart : bytesRead;
    }
    if (start < size) yield { start, end: size, lineOffset };
  } finally {
    await fh.close();
  }
}

const MAX_PARSED_PREVIOUS_LINE = 64 * 1024;

/**
 * Whether a range may start at `next`: the line there opens an object (a range must not begin with bytes its reader
 * would take for a byte-order mark or a gzip header, which a whole-file read sees mid-stream as plain bad text), and
 * the line before is not an Elasticsearch `_bulk` action, whose document is the next line.
 */
function canCutAfter(buf: Buffer, lineStart: number, nl: number, next: number, bytesRead: number): boolean {
  if (next >= bytesRead || buf[next] !== 0x7b) return false;
  if (nl - lineStart > MAX_PARSED_PREVIOUS_LINE) return false;
  let prev: unknown;
  try {
    prev = JSON.parse(buf.toString('utf8', lineStart, nl));
  } catch {
    return true; // a bad line resets the reader's pairing state either way
  }
  if (prev === null || typeof prev !== 'object' || Array.isArray(prev)) return true;
  const o = prev as Record<string, unknown>;
  return o.index === undefined && o.create === undefined && o.update === undefined && o.delete === undefined;
}
