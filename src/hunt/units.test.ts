import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { planUnits, type WorkUnit } from './units.js';

const dir = mkdtempSync(join(tmpdir(), 'oddspawn-units-'));

async function plan(files: string[], unitBytes: number): Promise<WorkUnit[]> {
  const out: WorkUnit[] = [];
  for await (const u of planUnits(files, { unitBytes })) out.push(u);
  return out;
}

function lines(n: number, width = 40): string {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat((i * 7) % width) })).join('\n') + '\n';
}

describe('planUnits', () => {
  it('cuts a big NDJSON file into line-aligned ranges that cover it exactly, with the lines before each', async () => {
    const path = join(dir, 'big.ndjson');
    const text = lines(2000);
    writeFileSync(path, text);
    const units = await plan([path], 4096);
    expect(units.length).toBeGreaterThan(5);
    const bytes = readFileSync(path);
    let expectStart = 0;
    units.forEach((u, k) => {
      expect(u.kind).toBe('range');
      if (u.kind !== 'range') return;
      expect(u.index).toBe(k);
      expect(u.start).toBe(expectStart);
      expect(bytes[u.start]).toBe(0x7b);
      const before = bytes.subarray(0, u.start).toString('utf8');
      expect(u.lineOffset).toBe(before.split('\n').length - 1);
      if (k < units.length - 1) expect(bytes[u.end - 1]).toBe(10);
      expectStart = u.end;
    });
    expect(expectStart).toBe(bytes.length);
  });

  it('gives one unit per small, gzip, JSON-document or unreadable file, and stdin', async () => {
    const small = join(dir, 'small.ndjson');
    writeFileSync(small, lines(10));
    const gz = join(dir, 'big.ndjson.gz');
    writeFileSync(gz, gzipSync(lines(3000)));
    const doc = join(dir, 'doc.json');
    writeFileSync(doc, `[\n${lines(3000).trim().split('\n').join(',\n')}\n]\n`);
    const units = await plan(['-', small, gz, doc, join(dir, 'missing.ndjson')], 1024);
    expect(units.map((u) => u.kind)).toEqual(['file', 'file', 'file', 'file', 'file']);
    expect(units.map((u) => u.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('never starts a range with the document of an Elasticsearch _bulk action, nor with a line that is not an object', async () => {
    const path = join(dir, 'bulk.ndjson');
    const parts: string[] = [];
    for (let i = 0; i < 1500; i++) {
      parts.push(JSON.stringify({ index: { _index: 'logs', _id: String(i) } }));
      parts.push(JSON.stringify({ i, pad: 'y'.repeat(i % 50) }));
      if (i % 97 === 0) parts.push('  not json at all');
    }
    writeFileSync(path, parts.join('\n') + '\n');
    const units = await plan([path], 2048);
    expect(units.length).toBeGreaterThan(5);
    const bytes = readFileSync(path);
    for (const u of units) {
      if (u.kind !== 'range' || u.start === 0) continue;
      const prevStart = bytes.lastIndexOf(10, u.start - 2) + 1;
      const prev = bytes.subarray(prevStart, u.start - 1).toString('utf8');
      expect(prev.startsWith('{"index"')).toBe(false);
      expect(bytes[u.start]).toBe(0x7b);
    }
  });

  it('handles lines longer than its scan chunk', async () => {
    const path = join(dir, 'long.ndjson');
    const long = JSON.stringify({ big: 'z'.repeat(1_500_000) });
    writeFileSync(path, [lines(200), long, lines(200), long, lines(200)].join('\n') + '\n');
    const units = await plan([path], 200_000);
    expect(units.length).toBeGreaterThan(1);
    const bytes = readFileSync(path);
    let covered = 0;
    for (const u of units) {
      if (u.kind !== 'range') throw new Error('expected ranges');
      expect(u.start).toBe(covered);
      expect(u.lineOffset).toBe(bytes.subarray(0, u.start).toString('latin1').split('\n').length - 1);
      covered = u.end;
    }
    expect(covered).toBe(bytes.length);
  });
});
