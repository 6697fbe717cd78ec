// Event rows for the store as bytes. A worker packs the rows of a batch into one buffer and the buffer is
// transferred — not copied — to the main thread and on to the store-writer thread, which alone unpacks them: the
// ≈ 2.6 KB documents never become strings in the main thread's heap, where, held until their transaction, they
// were most of its garbage collection in a hunt with the store. The writer need not make strings of them either:
// their UTF-8 bytes are what SQLite stores (unpackForStore).
//
// Each string is a 4-byte header — its byte length times four plus how it is encoded — and its bytes. Strings go
// as UTF-8 (read back as Latin-1 when they are ASCII) unless they hold a lone surrogate, which UTF-8 cannot carry:
// those go as UTF-16, so every string comes back exactly as it was (an event id or a user name can be anything).

import type { EncodedRow, StoredRow, Utf8Text } from '../store/stored-row.js';

export interface PackedRows {
  count: number;
  times: Float64Array;
  bytes: Uint8Array;
}

const NULL = 0;
const ASCII = 1;
const UTF8 = 2;
const UTF16 = 3;
const HEADER = 4;
/** A string's byte length times four must fit the header's 32 bits. */
const MAX_BYTES = 2 ** 30 - 1;

let scratch = Buffer.allocUnsafeSlow(1 << 20);

const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

const ROW_STRINGS = ['key', 'hostName', 'userName', 'processName', 'parentName', 'shape', 'source', 'doc'] as const;

/**
 * Room for `bytes` more at `used`. The scratch space grows by doubling, so it stays near what the largest batch
 * took rather than three times its text (UTF-8's worst case), which hostile input with giant lines would make huge.
 */
function room(used: number, bytes: number): Buffer {
  if (used + bytes > scratch.length) {
    const grown = Buffer.allocUnsafeSlow(Math.max(used + bytes, scratch.length * 2));
    scratch.copy(grown, 0, 0, used);
    scratch = grown;
  }
  return scratch;
}

/** The rows as bytes in buffers of their own (transferable: not slices of a shared pool). */
export function packRows(rows: readonly StoredRow[]): PackedRows {
  const times = new Float64Array(rows.length);
  let pos = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    times[i] = r.timeMs;
    for (const f of ROW_STRINGS) {
      const s = r[f];
      const at = pos;
      pos += HEADER;
      let kind = NULL;
      // A UTF-16 code unit takes at most 3 bytes of UTF-8 (2 as UTF-16).
      const b = room(at, HEADER + (s === null ? 0 : s.length * 3));
      if (s !== null) {
        if (isWellFormed(s)) {
          const w = b.write(s, pos, 'utf8');
          kind = w === s.length ? ASCII : UTF8;
          pos += w;
        } else {
          pos += b.write(s, pos, 'utf16le');
          kind = UTF16;
        }
      }
      const n = pos - at - HEADER;
      if (n > MAX_BYTES) throw new RangeError(`packed rows: a ${f} of ${n} bytes is too long`);
      b.writeUInt32LE(n * 4 + kind, at);
    }
  }
  const bytes = new Uint8Array(pos);
  bytes.set(scratch.subarray(0, pos));
  return { count: rows.length, times, bytes };
}

/** Reads the strings of packed rows in order; `end` checks that the bytes ended with the last row. */
function reader(p: PackedRows): { next(): string | null; nextUtf8(): string | Uint8Array | null; end(): void } {
  const b = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  let pos = 0;
  const next = (): string | null => {
    const h = b.readUInt32LE(pos);
    pos += HEADER;
    const kind = h & 3;
    if (kind === NULL) return null;
    const end = pos + (h >>> 2);
    const s = b.toString(kind === ASCII ? 'latin1' : kind === UTF8 ? 'utf8' : 'utf16le', pos, end);
    pos = end;
    return s;
  };
  // A view of the string's UTF-8 bytes; one that went as UTF-16 (a lone surrogate) comes back as the string.
  const nextUtf8 = (): string | Uint8Array | null => {
    const h = b.readUInt32LE(pos);
    const kind = h & 3;
    if (kind === NULL || kind === UTF16) return next();
    const start = pos + HEADER;
    pos = start + (h >>> 2);
    if (pos > b.length) throw new Error(`packed rows: a string runs ${pos - b.length} bytes past the end`);
    return new Uint8Array(b.buffer, b.byteOffset + start, pos - start);
  };
  const end = (): void => {
    if (pos !== b.length) throw new Error(`packed rows: ${b.length - pos} bytes left after ${p.count} rows`);
  };
  return { next, nextUtf8, end };
}

/** The rows packRows packed, equal to them field for field. */
export function unpackRows(p: PackedRows): StoredRow[] {
  const { next, end } = reader(p);
  const out = rowsFrom<string>(p, next);
  end();
  return out;
}

/**
 * The rows packRows packed, their text as UTF-8 bytes — views into `p.bytes`, valid while it is — except a string
 * that went as UTF-16 (a lone surrogate), which comes back as the string. The store keeps either as the same text.
 */
export function unpackForStore(p: PackedRows): EncodedRow[] {
  const { nextUtf8, end } = reader(p);
  const out = rowsFrom<Utf8Text>(p, nextUtf8);
  end();
  return out;
}

/** A row's fields in packRows' order, each text read by `next`. */
interface RowOf<T> {
  key: T;
  timeMs: number;
  hostName: T | null;
  userName: T | null;
  processName: T | null;
  parentName: T | null;
  shape: T;
  source: T;
  doc: T;
}

function rowsFrom<T>(p: PackedRows, next: () => T | null): Array<RowOf<T>> {
  const out: Array<RowOf<T>> = new Array(p.count);
  for (let i = 0; i < p.count; i++) {
    const key = next()!;
    const hostName = next();
    const userName = next();
    const processName = next();
    const parentName = next();
    const shape = next()!;
    const source = next()!;
    const doc = next()!;
    out[i] = { key, timeMs: p.times[i], hostName, userName, processName, parentName, shape, source, doc };
  }
  return out;
}

/** Rows as the store takes them: packed by a worker, or as built on this thread. */
export type RowChunk = PackedRows | StoredRow[];

export function rowCount(c: RowChunk): number {
  return Array.isArray(c) ? c.length : c.count;
}

export function rowsOf(c: RowChunk): StoredRow[] {
  return Array.isArray(c) ? c : unpackRows(c);
}

/** Buffers to transfer with a message carrying these rows. */
export function transferList(p: PackedRows): ArrayBuffer[] {
  return [p.times.buffer as ArrayBuffer, p.bytes.buffer as ArrayBuffer];
}
