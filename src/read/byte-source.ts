// The bytes of one input (a file or a stream), gunzipped on the fly when they start with the gzip magic,
// with a peek window for content sniffing. Problems of the container itself (unreadable file, corrupt
// gzip) end the byte stream early and are recorded in `issues`: the reader drains them, so every record
// decoded before the failure is kept.

import { open } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { issue, type Issue } from '../common/issues.js';

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

export class ByteSource {
  readonly issues: Issue[] = [];
  /** True when the raw bytes were gzip and are being decompressed. */
  gzip = false;
  private raw: AsyncIterator<Buffer>;
  private decoded: AsyncIterator<Buffer> | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private ended = false;
  private destroy: () => void;

  private constructor(
    readonly name: string,
    stream: Readable,
    private readonly chunkSize: number,
  ) {
    this.raw = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.destroy = () => stream.destroy();
  }

  /** Opens a file; an unopenable file becomes an OS_READ_OPEN issue instead of a source. */
  static async openFile(path: string, chunkSize: number): Promise<ByteSource | Issue> {
    try {
      const fh = await open(path, 'r');
      const stream = fh.createReadStream({ highWaterMark: chunkSize });
      return new ByteSource(path, stream, chunkSize);
    } catch (e) {
      return issue('OS_READ_OPEN', `cannot open ${path}: ${errorText(e)}`, { file: path });
    }
  }

  static fromStream(name: string, stream: Readable, chunkSize: number): ByteSource {
    return new ByteSource(name, stream, chunkSize);
  }

  /** The first `n` decoded bytes (fewer at end of input). They are replayed by `chunks()`. */
  async peek(n: number): Promise<Buffer> {
    await this.init();
    while (this.headBytes < n && !this.ended) {
      const c = await this.nextDecoded();
      if (c === undefined) break;
      this.head.push(c);
      this.headBytes += c.length;
    }
    if (this.head.length > 1) this.head = [Buffer.concat(this.head)];
    return this.head[0] ?? Buffer.alloc(0);
  }

  /** Whether peek() saw the whole input. */
  get complete(): boolean {
    return this.ended;
  }

  async *chunks(): AsyncGenerator<Buffer> {
    await this.init();
    try {
      const head = this.head;
      this.head = [];
      for (const c of head) yield c;
      for (;;) {
        const c = await this.nextDecoded();
        if (c === undefined) return;
        yield c;
      }
    } finally {
      this.close();
    }
  }

  /**
   * Re-decodes the input from UTF-16 (what Windows PowerShell 5 writes with `>` and Out-File) to UTF-8,
   * so that the readers see UTF-8 like everywhere else. Call before `chunks()`, after `peek()`.
   */
  transcodeUtf16(): void {
    const head = this.head;
    const rest = this.decoded;
    if (rest === undefined) return;
    const big = head[0] !== undefined && head[0][0] === 0xfe;
    const decoder = new TextDecoder(big ? 'utf-16be' : 'utf-16le');
    const next = (): Promise<Buffer | undefined> => this.nextFrom(rest);
    const transcoded = async function* (): AsyncGenerator<Buffer> {
      for (const c of head) yield Buffer.from(decoder.decode(c, { stream: true }), 'utf8');
      for (;;) {
        const c = await next();
        if (c === undefined) break;
        yield Buffer.from(decoder.decode(c, { stream: true }), 'utf8');
      }
      const tail = decoder.decode();
      if (tail.length > 0) yield Buffer.from(tail, 'utf8');
    };
    this.head = [];
    this.headBytes = 0;
    this.ended = false;
    this.decoded = transcoded();
  }

  close(): void {
    this.ended = true;
    this.destroy();
  }

  /** Reads raw bytes until the gzip magic can be decided, then sets up the decoded iterator. */
  private async init(): Promise<void> {
    if (this.decoded) return;
    const first: Buffer[] = [];
    let bytes = 0;
    while (bytes < 2) {
      const c = await this.nextRaw();
      if (c === undefined) break;
      first.push(c);
      bytes += c.length;
    }
    const firstBuf = first.length === 1 ? first[0] : Buffer.concat(first);
    const rest = this.raw;
    const replay = async function* (): AsyncGenerator<Buffer> {
      if (firstBuf.length > 0) yield firstBuf;
      for (;;) {
        const r = await rest.next();
        if (r.done) return;
        yield r.value;
      }
    };
    if (firstBuf.length >= 2 && firstBuf[0] === GZIP_MAGIC_0 && firstBuf[1] === GZIP_MAGIC_1) {
      this.gzip = true;
      this.decoded = this.gunzip(replay());
    } else {
      this.decoded = replay();
    }
  }

  private gunzip(raw: AsyncIterable<Buffer>): AsyncIterator<Buffer> {
    // Small output chunks: on a corrupt stream zlib drops the output of the chunk being filled.
    const gz = createGunzip({ chunkSize: Math.max(64, Math.min(this.chunkSize, 64 * 1024)) });
    const src = Readable.from(raw, { objectMode: false });
    pipeline(src, gz, () => {
      /* errors surface through the iteration of gz */
    });
    const prevDestroy = this.destroy;
    this.destroy = () => {
      src.destroy();
      gz.destroy();
      prevDestroy();
    };
    return gz[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  private async nextRaw(): Promise<Buffer | undefined> {
    if (this.ended) return undefined;
    try {
      const r = await this.raw.next();
      if (r.done) return undefined;
      return typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    } catch (e) {
      this.fail(e);
      return undefined;
    }
  }

  private async nextDecoded(): Promise<Buffer | undefined> {
    if (this.ended || !this.decoded) return undefined;
    return this.nextFrom(this.decoded);
  }

  private async nextFrom(it: AsyncIterator<Buffer>): Promise<Buffer | undefined> {
    if (this.ended) return undefined;
    try {
      const r = await it.next();
      if (r.done) {
        this.ended = true;
        return undefined;
      }
      return typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    } catch (e) {
      this.fail(e);
      return undefined;
    }
  }

  private fail(e: unknown): void {
    this.ended = true;
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      this.issues.push(issue('OS_READ_GZIP', `gzip stream is corrupt or truncated: ${errorText(e)}; records before it are kept`, { file: this.name }));
    } else {
      this.issues.push(issue('OS_READ_OPEN', `read failed: ${errorText(e)}`, { file: this.name }));
    }
    this.destroy();
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
