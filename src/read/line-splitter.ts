// Byte-level line splitting for NDJSON. Newlines are found with Buffer.indexOf (native) and each chunk
// is validated once (UTF-8 + no NUL) so that clean input pays one decode per line and nothing else.
// A line longer than the cap is reported once and skipped while streaming: it is never buffered whole.

import { isAscii, isUtf8 } from 'node:buffer';

export interface LineSink {
  /**
   * A decoded line without its terminator (CR LF or LF); line numbers are 1-based physical lines. `at`: where the
   * text's bytes begin in the stream (after a byte order mark); `bytes`: how many there are — decoding exactly those
   * bytes as UTF-8 gives `text` again.
   */
  line(text: string, lineNo: number, at: number, bytes: number): void;
  /** A line that cannot be text: too long, or binary (NUL bytes / invalid UTF-8). */
  bad(code: 'OS_READ_LINE_TOO_LONG' | 'OS_READ_BINARY', lineNo: number, message: string): void;
}

const LF = 0x0a;
const CR = 0x0d;
/** Bytes of ASCII input decoded into one string (asciiPieces): well under V8's large-object size (128 KiB). */
export const PIECE_BYTES = 32 * 1024;

export class LineSplitter {
  /** Pieces of the line that continues into the next chunk. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Inside an over-long line that was already reported: drop bytes until the next LF. */
  private skipping = false;
  /** Number of complete lines seen so far. */
  private lineNo = 0;
  /** Stream bytes before the chunk being split. */
  private base = 0;
  /** Where the carried line began in the stream. */
  private partAt = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly sink: LineSink,
  ) {}

  /** Physical lines completed so far (the number of the last line emitted or reported). */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    try {
      this.split(chunk);
    } finally {
      this.base += chunk.length;
    }
  }

  private split(chunk: Buffer): void {
    const n = chunk.length;
    let nl = chunk.indexOf(LF);
    if (nl === -1) {
      this.carry(chunk, 0);
      return;
    }
    let pos = 0;
    if (this.parts.length > 0 || this.skipping) {
      this.finishPending(chunk, nl);
      pos = nl + 1;
      nl = chunk.indexOf(LF, pos);
    }
    // Validate the whole run of complete lines at once: clean input (nearly all input) then needs no
    // per-line checks. Pure ASCII (the common case) is decoded a piece of lines at a time and sliced, which is cheaper
    // than a decode per line and gives one-byte strings, which JSON.parse reads fastest.
    const lastNl = chunk.lastIndexOf(LF);
    let clean = true;
    if (lastNl > pos) {
      const region = chunk.subarray(pos, lastNl);
      if (region.indexOf(0) !== -1) clean = false;
      else if (isAscii(region) && nl !== -1) {
        this.asciiPieces(chunk, pos, lastNl);
        pos = lastNl + 1;
        nl = -1;
      } else clean = isUtf8(region);
    }
    const max = this.maxLineBytes;
    const sink = this.sink;
    while (nl !== -1) {
      const lineNo = ++this.lineNo;
      let end = nl;
      if (end > pos && chunk[end - 1] === CR) end--;
      if (end - pos > max) {
        sink.bad('OS_READ_LINE_TOO_LONG', lineNo, tooLong(end - pos, max));
      } else if (clean) {
        const from = lineNo === 1 ? afterBom(chunk, pos, end) : pos;
        sink.line(chunk.toString('utf8', from, end), lineNo, this.base + from, end - from);
      } else {
        this.emitChecked(chunk.subarray(pos, end), lineNo, this.base + pos);
      }
      pos = nl + 1;
      nl = chunk.indexOf(LF, pos);
    }
    if (pos < n) this.carry(chunk, pos);
  }

  /**
   * Emits the ASCII lines of chunk[from..lastNl] (lastNl: an LF), decoded in pieces of about PIECE_BYTES. One string
   * per 1 MiB chunk was a large object: large objects are old-generation allocations, each kept alive by its records
   * (their `text` slices) across scavenges, and every few of them started a full mark of the heap, whose cost grows
   * with everything else the process holds. A piece is an ordinary young-generation string that dies young.
   */
  private asciiPieces(chunk: Buffer, from: number, lastNl: number): void {
    let p = from;
    while (p <= lastNl) {
      let cut = lastNl;
      if (lastNl - p >= PIECE_BYTES) {
        cut = chunk.lastIndexOf(LF, p + PIECE_BYTES - 1);
        // A line longer than a piece: the piece is that line.
        if (cut < p) cut = chunk.indexOf(LF, p + PIECE_BYTES);
      }
      this.asciiLines(chunk.toString('latin1', p, cut + 1), this.base + p);
      p = cut + 1;
    }
  }

  /** Emits the lines of `text`: ASCII, complete lines, ending with LF, starting at stream byte `at`. */
  private asciiLines(text: string, at: number): void {
    const max = this.maxLineBytes;
    const sink = this.sink;
    let p = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      const lineNo = ++this.lineNo;
      let end = nl;
      if (end > p && text.charCodeAt(end - 1) === CR) end--;
      if (end - p > max) sink.bad('OS_READ_LINE_TOO_LONG', lineNo, tooLong(end - p, max));
      else sink.line(text.slice(p, end), lineNo, at + p, end - p);
      p = nl + 1;
      nl = text.indexOf('\n', p);
    }
  }

  /** Flushes a final line that has no terminating newline. */
  end(): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    if (this.parts.length === 0) return;
    const lineNo = ++this.lineNo;
    const buf = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    const end = buf.length > 0 && buf[buf.length - 1] === CR ? buf.length - 1 : buf.length;
    this.emitChecked(buf.subarray(0, end), lineNo, this.partAt);
  }

  private carry(chunk: Buffer, from: number): void {
    if (this.skipping) return;
    const len = chunk.length - from;
    if (this.partBytes + len > this.maxLineBytes + 1) {
      // +1 leaves room for a CR that may precede the LF in the next chunk.
      const lineNo = this.lineNo + 1;
      this.sink.bad('OS_READ_LINE_TOO_LONG', lineNo, tooLong(this.partBytes + len, this.maxLineBytes, true));
      this.parts = [];
      this.partBytes = 0;
      this.skipping = true;
      return;
    }
    // Copy small tails so a few bytes do not pin a whole 1 MiB chunk in memory.
    const piece = len < chunk.length >> 2 ? Buffer.from(chunk.subarray(from)) : chunk.subarray(from);
    if (this.parts.length === 0) this.partAt = this.base + from;
    this.parts.push(piece);
    this.partBytes += len;
  }

  private finishPending(chunk: Buffer, nl: number): void {
    const lineNo = ++this.lineNo;
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    this.parts.push(chunk.subarray(0, nl));
    const buf = Buffer.concat(this.parts, this.partBytes + nl);
    this.parts = [];
    this.partBytes = 0;
    const end = buf.length > 0 && buf[buf.length - 1] === CR ? buf.length - 1 : buf.length;
    if (end > this.maxLineBytes) {
      this.sink.bad('OS_READ_LINE_TOO_LONG', lineNo, tooLong(end, this.maxLineBytes));
      return;
    }
    this.emitChecked(buf.subarray(0, end), lineNo, this.partAt);
  }

  /** `at`: where `bytes` begin in the stream. */
  private emitChecked(bytes: Buffer, lineNo: number, at: number): void {
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      this.sink.bad('OS_READ_BINARY', lineNo, `line holds a NUL byte at column ${nul + 1}: binary data, not JSON`);
    } else if (!isUtf8(bytes)) {
      this.sink.bad('OS_READ_BINARY', lineNo, 'line is not valid UTF-8: binary data, not JSON');
    } else {
      const from = lineNo === 1 ? afterBom(bytes, 0, bytes.length) : 0;
      this.sink.line(bytes.toString('utf8', from), lineNo, at + from, bytes.length - from);
    }
  }
}

/** Where the text of buf[start..end) begins: after a UTF-8 byte order mark, if there is one. */
function afterBom(buf: Buffer, start: number, end: number): number {
  return end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf ? start + 3 : start;
}

function tooLong(bytes: number, max: number, atLeast = false): string {
  return `line is longer than the maximum of ${max} bytes (${atLeast ? 'at least ' : ''}${bytes} bytes) and was skipped`;
}
