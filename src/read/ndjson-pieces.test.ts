// The NDJSON reader over inputs whose chunks hold many decode pieces (line-splitter.ts asciiPieces): every record,
// line number, text and issue is what a plain per-line reading of the same bytes gives, whatever the chunk size.

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readerForStream } from './inputs.js';
import { PIECE_BYTES } from './line-splitter.js';
import type { RawBatch } from './types.js';

function lines(): string[] {
  let seed = 99;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const out: string[] = [];
  for (let k = 0; out.reduce((n, l) => n + l.length + 1, 0) < 3 * 1024 * 1024; k++) {
    const kind = next(40);
    if (kind === 0) out.push('{"truncated":');
    else if (kind === 1) out.push('');
    // Non-ASCII near the start only: a chunk with any non-ASCII byte is decoded line by line, not in pieces.
    else if (kind === 2 && k < 400) out.push(`{"k":${k},"note":"é ${k}"}`);
    else if (kind === 3) out.push(`{"k":${k},"big":"${'b'.repeat(PIECE_BYTES + next(PIECE_BYTES))}"}`);
    else if (kind === 4) out.push('[1,2]');
    else out.push(JSON.stringify({ k, pad: 'p'.repeat(next(600)), nested: { a: [k, null, true] } }) + (next(5) === 0 ? '\r' : ''));
  }
  return out;
}

interface Seen {
  records: Array<[line: number | undefined, text: string | undefined, value: unknown]>;
  issues: Array<[line: number | undefined, code: string]>;
}

async function read(input: Buffer, chunk: number): Promise<Seen> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < input.length; i += chunk) pieces.push(input.subarray(i, i + chunk));
  const reader = await readerForStream('mem', Readable.from(pieces), { highWaterMark: chunk });
  const seen: Seen = { records: [], issues: [] };
  for await (const b of reader.batches() as AsyncIterable<RawBatch>) {
    for (const r of b.records) seen.records.push([r.origin.line, r.text, r.value]);
    for (const i of b.issues) seen.issues.push([i.origin?.line, i.code]);
  }
  seen.issues.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  return seen;
}

describe('NDJSON reader over many-piece chunks', () => {
  it('gives the records, texts and issues of a per-line reading, for every chunk size', async () => {
    const ls = lines();
    const input = Buffer.from(ls.join('\n') + '\n');
    const expected: Seen = { records: [], issues: [] };
    ls.forEach((l, i) => {
      const t = l.endsWith('\r') ? l.slice(0, -1) : l;
      if (t === '') return;
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch {
        expected.issues.push([i + 1, 'OS_READ_JSON']);
        return;
      }
      if (Array.isArray(v)) expected.issues.push([i + 1, 'OS_READ_NOT_OBJECT']);
      else expected.records.push([i + 1, t, v]);
    });
    expect(expected.records.length).toBeGreaterThan(5000);
    expect(expected.issues.length).toBeGreaterThan(100);
    for (const chunk of [1 << 20, 5 * PIECE_BYTES + 3, 65536]) {
      const got = await read(input, chunk);
      expect(got.issues).toEqual(expected.issues);
      expect(got.records).toEqual(expected.records);
    }
  });
});
