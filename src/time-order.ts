// Event-time order for batch runs. Inputs rarely arrive sorted across files (a folder of hosts' logs), and the
// rarity jobs and rule schedule need event time order, so hunt sorts: in memory while small, otherwise by an
// external merge sort of spilled runs, so memory stays bounded whatever the input size.
// Ties keep input order (a sequence number), which keeps the output deterministic.

import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NormalizedEvent } from './normalize/process-event.js';

interface Item<T> {
  ev: T;
  seq: number;
}

/** How items are timed and written to a spill file (one line each: no raw \n; \r and other characters are fine) and read back. */
export interface TimeOrderCodec<T> {
  timeOf(item: T): number;
  encode(item: T): string;
  decode(line: string): T;
}

const EVENT_CODEC: TimeOrderCodec<NormalizedEvent> = {
  timeOf: (ev) => ev.timeMs,
  encode: (ev) => JSON.stringify(ev),
  decode: (line) => JSON.parse(line) as NormalizedEvent,
};

export interface TimeOrderOptions<T = NormalizedEvent> {
  /** Events held in memory before a sorted run is spilled to disk. */
  maxInMemory?: number;
  tmpDir?: string;
  /** Default: normalized events as JSON. */
  codec?: TimeOrderCodec<T>;
}

export class TimeOrder<T = NormalizedEvent> {
  private buf: Array<Item<T>> = [];
  private seq = 0;
  private runs: string[] = [];
  private dir: string | undefined;
  private readonly max: number;
  private readonly codec: TimeOrderCodec<T>;
  private readonly byTime: (a: Item<T>, b: Item<T>) => number;

  constructor(private readonly opts: TimeOrderOptions<T> = {}) {
    this.max = opts.maxInMemory ?? 200_000;
    this.codec = opts.codec ?? (EVENT_CODEC as unknown as TimeOrderCodec<T>);
    const time = this.codec.timeOf;
    this.byTime = (a, b) => time(a.ev) - time(b.ev) || a.seq - b.seq;
  }

  get spilledRuns(): number {
    return this.runs.length;
  }

  async add(events: readonly T[]): Promise<void> {
    for (const ev of events) this.buf.push({ ev, seq: this.seq++ });
    if (this.buf.length >= this.max) await this.spill();
  }

  private async spill(): Promise<void> {
    this.buf.sort(this.byTime);
    this.dir ??= mkdtempSync(join(this.opts.tmpDir ?? tmpdir(), 'oddspawn-sort-'));
    const path = join(this.dir, `run-${this.runs.length}.ndjson`);
    const out = createWriteStream(path);
    for (const it of this.buf) {
      // The sequence number first, then the item's own line: no JSON nesting, so no re-escaping of the item.
      if (!out.write(`${it.seq}\t${this.codec.encode(it.ev)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    this.runs.push(path);
    this.buf = [];
  }

  /** Drops every added event and removes the spill files (the caller no longer needs them in order). */
  discard(): void {
    this.buf = [];
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.runs = [];
  }

  /** Yields every added event in time order, in batches; removes the spill files afterwards. */
  async *drain(batchSize = 1024): AsyncGenerator<T[]> {
    try {
      if (this.runs.length === 0) {
        this.buf.sort(this.byTime);
        for (let i = 0; i < this.buf.length; i += batchSize) yield this.buf.slice(i, i + batchSize).map((x) => x.ev);
        return;
      }
      if (this.buf.length) await this.spill();
      yield* this.merge(batchSize);
    } finally {
      this.discard();
    }
  }

  private async *merge(batchSize: number): AsyncGenerator<T[]> {
    const byTime = this.byTime;
    const codec = this.codec;
    const iters = this.runs.map((p) => new RunReader(p));
    const heap: Array<{ item: Item<T>; src: number }> = [];
    const push = (x: { item: Item<T>; src: number }) => {
      heap.push(x);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (byTime(heap[p].item, heap[i].item) <= 0) break;
        [heap[p], heap[i]] = [heap[i], heap[p]];
        i = p;
      }
    };
    const pop = () => {
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && byTime(heap[l].item, heap[m].item) < 0) m = l;
          if (r < heap.length && byTime(heap[r].item, heap[m].item) < 0) m = r;
          if (m === i) break;
          [heap[m], heap[i]] = [heap[i], heap[m]];
          i = m;
        }
      }
      return top;
    };
    const next = async (src: number) => {
      const line = await iters[src].next();
      if (line !== undefined) {
        const tab = line.indexOf('\t');
        push({ item: { seq: Number(line.slice(0, tab)), ev: codec.decode(line.slice(tab + 1)) }, src });
      }
    };
    for (let i = 0; i < iters.length; i++) await next(i);
    let out: T[] = [];
    while (heap.length) {
      const top = pop();
      out.push(top.item.ev);
      if (out.length >= batchSize) {
        yield out;
        out = [];
      }
      await next(top.src);
    }
    if (out.length) yield out;
  }
}

/**
 * The lines of a spill run, split on \n only (readline would also split on a \r, which JSON allows as whitespace in
 * a document kept as its input text), a chunk's worth at a time rather than one promise per line.
 */
class RunReader {
  private readonly chunks: AsyncIterator<string>;
  private lines: string[] = [];
  private at = 0;
  private rest = '';
  private done = false;

  constructor(path: string) {
    this.chunks = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })[Symbol.asyncIterator]() as AsyncIterator<string>;
  }

  async next(): Promise<string | undefined> {
    while (this.at >= this.lines.length) {
      if (this.done) return undefined;
      const r = await this.chunks.next();
      if (r.done) {
        this.done = true;
        this.lines = this.rest.length ? [this.rest] : [];
        this.rest = '';
      } else {
        const parts = (this.rest + r.value).split('\n');
        this.rest = parts.pop()!;
        this.lines = parts;
      }
      this.at = 0;
    }
    return this.lines[this.at++];
  }
}
