// An incremental scanner that cuts records out of JSON documents without parsing the whole document:
// it tracks depth, strings and escapes byte by byte and hands over the text of each record, which the
// caller JSON.parses. Memory stays bounded by the largest record, whatever the document size.
//
// What is a record, per top-level value (several values may follow each other, e.g. `jq .` output):
// - `[ … ]`: each element ('item').
// - any other value: the value itself ('root').
// An object that would be a record ('root' or 'item') but has a key "hits" whose value is an object with
// an array "hits" is a search response (a scroll dump is an array of them): the elements of `hits.hits`
// are the records ('hit') and the rest (took, _shards, aggregations…) is skipped, so a response of any
// size streams. Until `hits.hits` shows up the object is captured as usual, so nothing is lost if it is
// an event that merely has a field called "hits".

import { isUtf8 } from 'node:buffer';

export type ElementKind = 'root' | 'item' | 'hit';

export interface ScanSink {
  /** A complete value; `line` is the 1-based line where it starts. */
  element(text: string, kind: ElementKind, line: number): void;
  /** A value that cannot be text: larger than the cap, or not UTF-8. It was skipped. */
  bad(code: 'OS_READ_RECORD_TOO_LARGE' | 'OS_READ_BINARY', kind: ElementKind, line: number, message: string): void;
  /** The input ended inside a value (`line` is where that value starts) or inside a container. */
  truncated(kind: ElementKind | 'container', line: number): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const HITS = Buffer.from('hits');

export class JsonScanner {
  private depth = 0;
  private inStr = false;
  private esc = false;
  private line = 1;
  private containerLine = 0;
  /** Depth whose direct children are records (-1: none), and the kind of those records. */
  private cutDepth = -1;
  private cutKind: ElementKind = 'item';
  /** 1 inside a top-level array (whose items are records), else -1: restored when a response ends. */
  private arrayCut = -1;
  /** Depth of the container holding the search response being walked (-1: none). */
  private respBase = -1;
  // The record being captured.
  private capturing = false;
  private capScalar = false;
  private capDepth = 0;
  private capKind: ElementKind = 'root';
  private capStart = 0;
  private capParts: Buffer[] = [];
  private capBytes = 0;
  private capOverflow = false;
  private capLine = 0;
  // Keys of the object at `watchDepth` (a record object, then a response's `hits` object): only whether
  // the last one was "hits" matters.
  private watchDepth = -1;
  private expectKey = false;
  private inKey = false;
  private keyStart = 0;
  private keyParts: Buffer[] = [];
  private keyBytes = 0;
  private lastKeyHits = false;

  constructor(
    private readonly maxRecordBytes: number,
    private readonly sink: ScanSink,
  ) {}

  push(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    if (this.capturing) this.capStart = 0;
    if (this.inKey) this.keyStart = 0;
    while (i < n) {
      if (this.inStr) {
        i = this.skipString(buf, i);
        if (i === n) break;
        this.inStr = false;
        if (this.inKey) this.endKey(buf, i);
        i++;
        continue;
      }
      const c = buf[i];
      switch (c) {
        case QUOTE:
          this.valueStart(i);
          this.inStr = true;
          if (this.depth === this.watchDepth && this.expectKey) {
            this.inKey = true;
            this.keyStart = i + 1;
            this.keyParts = [];
            this.keyBytes = 0;
          }
          break;
        case 0x7b: // {
        case 0x5b: // [
          this.open(buf, i, c);
          break;
        case 0x7d: // }
        case 0x5d: // ]
          this.close(buf, i);
          break;
        case 0x2c: // ,
          if (this.capturing && this.capScalar && this.depth === this.capDepth) this.endCapture(buf, i);
          if (this.depth === this.watchDepth) this.expectKey = true;
          break;
        case LF:
          this.scalarEnd(buf, i);
          this.line++;
          break;
        case 0x20:
        case 0x09:
        case 0x0d:
          this.scalarEnd(buf, i);
          break;
        case 0x3a: // :
          break;
        default:
          this.valueStart(i);
      }
      i++;
    }
    if (this.capturing) this.carryCapture(buf);
    if (this.inKey && this.keyBytes <= HITS.length) {
      this.keyParts.push(Buffer.from(buf.subarray(this.keyStart)));
      this.keyBytes += n - this.keyStart;
    }
  }

  /**
   * Finds the quote that closes the current string, from `i`; returns its index, or `buf.length` when the
   * string goes on into the next chunk (with `esc` telling whether the next byte is escaped). Jumps from
   * quote to quote with indexOf: a quote is escaped when an odd run of backslashes precedes it.
   */
  private skipString(buf: Buffer, i: number): number {
    const n = buf.length;
    if (this.esc) {
      this.esc = false;
      i++;
    }
    for (;;) {
      const q = buf.indexOf(QUOTE, i);
      if (q === -1) {
        let b = n;
        while (b > i && buf[b - 1] === BACKSLASH) b--;
        this.esc = ((n - b) & 1) === 1;
        return n;
      }
      let b = q;
      while (b > i && buf[b - 1] === BACKSLASH) b--;
      if (((q - b) & 1) === 0) return q;
      i = q + 1;
    }
  }

  /** End of input: a scalar root value may end here; anything else open is truncated. */
  end(): void {
    if (this.capturing && this.capScalar && !this.inStr && this.depth === this.capDepth) {
      this.capStart = 0;
      this.endCapture(Buffer.alloc(0), 0);
    }
    if (this.capturing) {
      this.sink.truncated(this.capKind, this.capLine);
      this.capturing = false;
      this.capParts = [];
    } else if (this.depth > 0) {
      this.sink.truncated('container', this.containerLine);
    }
  }

  /** A scalar (string, number, literal, or garbage) starts at `i`: capture it if it is a record. */
  private valueStart(i: number): void {
    if (this.capturing) return;
    if (this.depth === 0) this.beginCapture(i, 'root', true, 0);
    else if (this.depth === this.cutDepth) this.beginCapture(i, this.cutKind, true, this.depth);
  }

  private open(buf: Buffer, i: number, c: number): void {
    if (this.capturing && this.capScalar && this.depth === this.capDepth) {
      // Garbage like `abc{`: the scalar ends where a container starts.
      this.endCapture(buf, i);
    }
    if (this.depth === this.watchDepth && this.lastKeyHits) {
      this.lastKeyHits = false;
      if (this.respBase < 0 && c === 0x7b && this.capturing) {
        // The record being captured may be a search response: look for `hits.hits`, still capturing in
        // case it is not one after all.
        this.respBase = this.capDepth;
        this.watchDepth = this.respBase + 2;
        this.expectKey = true;
        this.depth++;
        return;
      }
      if (this.respBase >= 0 && this.depth === this.respBase + 2 && c === 0x5b) {
        // It is one: drop the capture and stream the hits.
        this.capturing = false;
        this.capParts = [];
        this.cutDepth = this.respBase + 3;
        this.cutKind = 'hit';
        this.depth++;
        return;
      }
    }
    if (this.depth === 0) {
      this.containerLine = this.line;
      if (c === 0x5b) {
        this.depth = 1;
        this.cutDepth = this.arrayCut = 1;
        this.cutKind = 'item';
        return;
      }
    }
    if (!this.capturing && (this.depth === 0 || this.depth === this.cutDepth)) {
      const kind = this.depth === 0 ? 'root' : this.cutKind;
      this.beginCapture(i, kind, false, this.depth);
      if (c === 0x7b && kind !== 'hit') {
        this.watchDepth = this.depth + 1;
        this.expectKey = true;
        this.lastKeyHits = false;
      }
    }
    this.depth++;
  }

  private close(buf: Buffer, i: number): void {
    if (this.depth === 0) {
      // Unbalanced closer at top level: part of a garbage value.
      this.valueStart(i);
      return;
    }
    if (this.capturing && this.capScalar && this.depth === this.capDepth) this.endCapture(buf, i);
    if (this.depth === this.cutDepth) {
      this.cutDepth = -1;
      if (this.depth === 1) this.arrayCut = -1;
    }
    if (this.depth === this.watchDepth) {
      this.watchDepth = -1;
      this.expectKey = false;
    }
    this.depth--;
    if (this.depth === this.respBase) {
      // The search response ends: back to the items of the enclosing array, if any.
      this.respBase = -1;
      this.cutDepth = this.arrayCut;
      this.cutKind = 'item';
    }
    if (this.capturing && !this.capScalar && this.depth === this.capDepth) this.endCapture(buf, i + 1);
  }

  private scalarEnd(buf: Buffer, i: number): void {
    if (this.capturing && this.capScalar && this.depth === this.capDepth) this.endCapture(buf, i);
  }

  private beginCapture(i: number, kind: ElementKind, scalar: boolean, depth: number): void {
    this.capturing = true;
    this.capScalar = scalar;
    this.capDepth = depth;
    this.capKind = kind;
    this.capStart = i;
    this.capParts = [];
    this.capBytes = 0;
    this.capOverflow = false;
    this.capLine = this.line;
  }

  private carryCapture(buf: Buffer): void {
    const len = buf.length - this.capStart;
    if (this.capOverflow) {
      this.capBytes += len;
      return;
    }
    this.capBytes += len;
    if (this.capBytes > this.maxRecordBytes) {
      this.capOverflow = true;
      this.capParts = [];
      return;
    }
    const piece = buf.subarray(this.capStart);
    this.capParts.push(len < buf.length >> 2 ? Buffer.from(piece) : piece);
  }

  private endCapture(buf: Buffer, end: number): void {
    this.capturing = false;
    const total = this.capBytes + (end - this.capStart);
    const kind = this.capKind;
    if (this.capOverflow || total > this.maxRecordBytes) {
      this.capParts = [];
      this.sink.bad('OS_READ_RECORD_TOO_LARGE', kind, this.capLine, `value is larger than the maximum of ${this.maxRecordBytes} bytes (${total} bytes) and was skipped`);
      return;
    }
    let bytes: Buffer;
    if (this.capParts.length === 0) bytes = buf.subarray(this.capStart, end);
    else {
      this.capParts.push(buf.subarray(this.capStart, end));
      bytes = Buffer.concat(this.capParts, total);
      this.capParts = [];
    }
    if (!isUtf8(bytes)) {
      this.sink.bad('OS_READ_BINARY', kind, this.capLine, 'value is not valid UTF-8: binary data, not JSON');
      return;
    }
    this.sink.element(bytes.toString('utf8'), kind, this.capLine);
  }

  private endKey(buf: Buffer, i: number): void {
    this.inKey = false;
    this.expectKey = false;
    const len = this.keyBytes + (i - this.keyStart);
    if (len !== HITS.length) {
      this.lastKeyHits = false;
    } else if (this.keyParts.length === 0) {
      this.lastKeyHits = buf.subarray(this.keyStart, i).equals(HITS);
    } else {
      this.keyParts.push(buf.subarray(this.keyStart, i));
      this.lastKeyHits = Buffer.concat(this.keyParts).equals(HITS);
    }
    this.keyParts = [];
  }
}
