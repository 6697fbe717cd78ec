// Event documents of a parallel hunt live in files, not in the main thread's memory. Each worker appends the
// documents of the events it scores to its own file and sends only where each one is (offset, bytes); the main
// thread reads one back when something asks for an event's details (an alert, an explanation) — a few per
// thousand events. Holding, spilling and merging the ≈ 2 KB documents of every event was most of the main thread's
// garbage collection and of the time order's spill traffic. A plain NDJSON line read from a byte range of an input
// file is not copied at all: its document is read back from the input (readInput), the workers writing only the
// other documents — copying every line into the page cache again was ≈ 5 % of a hunt's CPU.

import { isUtf8 } from 'node:buffer';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OddspawnError } from '../common/issues.js';

export function docFilePath(dir: string, worker: number): string {
  return join(dir, `docs-${worker}.txt`);
}

/** The main thread's side: a temporary folder of the workers' document files, read by position. */
export class DocFiles {
  readonly dir: string;
  private readonly fds: number[] = [];
  private readonly inputs = new Map<string, number>();
  private closed = false;

  constructor(parent: string = tmpdir()) {
    this.dir = mkdtempSync(join(parent, 'oddspawn-docs-'));
  }

  /** The document `worker` wrote at `offset`, `bytes` long (UTF-8). */
  read(worker: number, offset: number, bytes: number): string {
    if (this.closed) throw new OddspawnError('OS_INTERNAL', 'an event document was read after the hunt ended');
    const fd = (this.fds[worker] ??= openSync(docFilePath(this.dir, worker), 'r'));
    const buf = Buffer.allocUnsafe(bytes);
    if (readAt(fd, buf, offset) < bytes) throw new OddspawnError('OS_INTERNAL', `event document file of worker ${worker} ends before byte ${offset + bytes}`);
    return buf.toString('utf8');
  }

  /**
   * The line of input file `path` whose text is `bytes` bytes at `offset` (LineSink.line's `at` and `bytes`). The
   * bytes around it must still be line ends, and the text valid UTF-8: an input changed during the hunt stops it
   * rather than give another line's document.
   */
  readInput(path: string, offset: number, bytes: number): string {
    if (this.closed) throw new OddspawnError('OS_INTERNAL', 'an event document was read after the hunt ended');
    const held = this.inputs.get(path);
    let fd = held;
    if (fd === undefined) {
      // Not held (past HELD_INPUTS): opened for this read only.
      try {
        fd = openSync(path, 'r');
      } catch (e) {
        throw new OddspawnError('OS_INTERNAL', `input ${path} can no longer be opened to read the event at byte ${offset}: ${(e as Error).message}`);
      }
    }
    try {
      return readLine(fd, path, offset, bytes);
    } finally {
      if (held === undefined) closeSync(fd);
    }
  }

  /**
   * Opens input `path` for readInput and keeps it open until close(), for the first HELD_INPUTS inputs; undefined
   * when it is not held (the worker reading it reports an input that cannot be opened). Called as its first unit is
   * handed out, so a later rename or deletion of the path does not matter.
   */
  holdInput(path: string): number | undefined {
    let fd = this.inputs.get(path);
    if (fd === undefined && !this.closed && this.inputs.size < HELD_INPUTS) {
      try {
        fd = openSync(path, 'r');
      } catch {
        return undefined;
      }
      this.inputs.set(path, fd);
    }
    return fd;
  }

  /** Closes the files and removes the folder; later reads throw. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fd of this.fds) if (fd !== undefined) closeSync(fd);
    for (const fd of this.inputs.values()) closeSync(fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Inputs held open for reading lines back: enough for any hunt over a few big exports, few enough that a hunt over
 * thousands of files does not run the process (whose workers open files too) out of descriptors.
 */
export const HELD_INPUTS = 128;

/** The line whose text is `bytes` bytes at `offset` of the open input `fd`, checked to still be that line. */
function readLine(fd: number, path: string, offset: number, bytes: number): string {
  // One byte before the line (when there is one) and up to two after it (CR LF).
  const before = offset > 0 ? 1 : 0;
  const buf = Buffer.allocUnsafe(before + bytes + 2);
  const got = readAt(fd, buf, offset - before);
  const text = buf.subarray(before, before + bytes);
  const next = got > before + bytes ? buf[before + bytes] : LF;
  const ok =
    got >= before + bytes &&
    (before === 0 || buf[0] === LF || (offset === 3 && isBom(fd))) &&
    (next === LF || (next === CR && (got < before + bytes + 2 || buf[before + bytes + 1] === LF))) &&
    isUtf8(text);
  if (!ok) throw new OddspawnError('OS_INTERNAL', `input ${path} changed during the hunt: bytes ${offset}…${offset + bytes} are no longer the line read there`);
  return text.toString('utf8');
}

const BUFFER_BYTES = 1 << 20;

/**
 * A worker's side: appends documents and says where each went. Documents are well-formed strings (input lines that
 * were valid UTF-8, or JSON.stringify output, which escapes lone surrogates), so UTF-8 round-trips them exactly.
 * The file is opened per batch: a worker is terminated, not shut down, and a descriptor it kept open would outlive
 * it in the process.
 */
export class DocWriter {
  private buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  /** Bytes already in the file. */
  private written = 0;

  constructor(private readonly path: string) {
    closeSync(openSync(path, 'w'));
  }

  /** Appends `docs` and returns their positions as (offset, bytes) pairs; they are in the file when this returns. */
  append(docs: readonly string[]): Float64Array {
    const at = new Float64Array(docs.length * 2);
    if (docs.length === 0) return at;
    const fd = openSync(this.path, 'a');
    try {
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
        const worst = d.length * 3;
        if (this.used + worst > this.buf.length) this.flush(fd);
        const offset = this.written + this.used;
        let bytes: number;
        if (worst > this.buf.length) {
          bytes = writeAll(fd, Buffer.from(d, 'utf8'));
          this.written += bytes;
        } else {
          bytes = this.buf.write(d, this.used, 'utf8');
          this.used += bytes;
        }
        at[2 * i] = offset;
        at[2 * i + 1] = bytes;
      }
      this.flush(fd);
    } finally {
      closeSync(fd);
    }
    return at;
  }

  private flush(fd: number): void {
    if (this.used === 0) return;
    this.written += writeAll(fd, this.buf.subarray(0, this.used));
    this.used = 0;
  }
}

const LF = 0x0a;
const CR = 0x0d;

/** Reads into `buf` from `position` until it is full or the file ends; the bytes read. */
function readAt(fd: number, buf: Buffer, position: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Whether the file starts with a UTF-8 byte order mark (the first line's text then starts at byte 3). */
function isBom(fd: number): boolean {
  const b = Buffer.alloc(3);
  return readAt(fd, b, 0) === 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

function writeAll(fd: number, b: Buffer): number {
  let done = 0;
  while (done < b.length) done += writeSync(fd, b, done, b.length - done);
  return b.length;
}
