// Bad input is normal input: every valid event around the bad ones is kept with its line number, every
// bad one is reported with its line (or record) number and a stable code, and nothing throws.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openInputs, resolveInputs } from './inputs.js';
import { garbage, validEvent, writeBadInputs } from './testing/bad-input.js';
import { collect, tempDir } from './testing/sample-events.js';

const tmp = tempDir('bad-input');
afterAll(() => tmp.cleanup());

function ev(n: number): string {
  return JSON.stringify(validEvent(n));
}

describe('bad input', () => {
  it('keeps every valid NDJSON line and reports each bad one with its line and code; an empty file is info', async () => {
    const bad = writeBadInputs(tmp.dir);
    const { records, issues } = await collect(openInputs([bad.mixed, bad.empty], { highWaterMark: 64 * 1024 }));
    expect(records.map((r) => [r.origin.line, r.value])).toEqual(bad.expectedRecords);
    expect(records.every((r) => r.origin.file === bad.mixed && r.format === 'ndjson')).toBe(true);
    // Files are read in path order: empty.ndjson first.
    expect(issues.map((i) => [i.origin?.line, i.code])).toEqual([[undefined, 'OS_READ_EMPTY'], ...bad.expectedIssues]);
    expect(issues[0]).toMatchObject({ severity: 'info', origin: { file: bad.empty } });
    expect(issues.slice(1).every((i) => i.origin?.file === bad.mixed && i.severity === 'error' && i.message.length > 0)).toBe(true);
  });

  it('keeps the good elements of a broken JSON array and reports the rest by record number', async () => {
    const path = join(tmp.dir, 'broken-array.json');
    writeFileSync(path, `[\n${ev(1)},\n42,\n{"bad": },\n${ev(4)},\n{"big":"${'x'.repeat(3000)}"},\n${ev(6)},\n{"trunc": "ated`);
    const { records, issues } = await collect(openInputs([path], { maxLineBytes: 1000 }));
    expect(records.map((r) => [r.origin, r.value])).toEqual([
      [{ file: path, record: 1, line: 2 }, JSON.parse(ev(1))],
      [{ file: path, record: 4, line: 5 }, JSON.parse(ev(4))],
      [{ file: path, record: 6, line: 7 }, JSON.parse(ev(6))],
    ]);
    expect(issues.map((i) => [i.code, i.origin?.record, i.origin?.line])).toEqual([
      ['OS_READ_NOT_OBJECT', 2, 3],
      ['OS_READ_JSON', 3, 4],
      ['OS_READ_RECORD_TOO_LARGE', 5, 6],
      ['OS_READ_TRUNCATED', undefined, 8],
    ]);
  });

  it('keeps the records decoded before a truncated gzip stream and reports OS_READ_GZIP', async () => {
    const path = join(tmp.dir, 'cut.ndjson.gz');
    const lines = Array.from({ length: 5000 }, (_, k) => ev(k)).join('\n') + '\n';
    const gz = gzipSync(Buffer.from(lines));
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)));
    const { records, issues } = await collect(openInputs([path], { highWaterMark: 4096 }));
    expect(records.length).toBeGreaterThan(100);
    expect(records.length).toBeLessThan(5000);
    records.forEach((r, k) => {
      expect(r.origin.line).toBe(k + 1);
      expect(r.value).toEqual(validEvent(k));
    });
    const codes = issues.map((i) => i.code);
    expect(codes[codes.length - 1]).toBe('OS_READ_GZIP');
    // At most the one partial line before the cut is reported besides the gzip error.
    expect(codes.filter((c) => c !== 'OS_READ_GZIP').every((c) => c === 'OS_READ_JSON')).toBe(true);
    expect(codes.length).toBeLessThanOrEqual(2);
  });

  it('reports a corrupt gzip header without throwing', async () => {
    const path = join(tmp.dir, 'corrupt.gz');
    writeFileSync(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x01, 0x02, 0x03]));
    const { records, issues } = await collect(openInputs([path]));
    expect(records).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['OS_READ_GZIP']);
  });

  it('reports _bulk pairing problems: an action at end of input', async () => {
    const path = join(tmp.dir, 'bulk-end.ndjson');
    writeFileSync(path, `{"index":{}}\n${ev(1)}\n{"delete":{"_id":"x"}}\n{"create":{}}\n`);
    const { records, issues } = await collect(openInputs([path]));
    expect(records.map((r) => [r.origin.line, r.format])).toEqual([[2, 'bulk']]);
    expect(issues.map((i) => [i.code, i.origin?.line, i.severity])).toEqual([['OS_READ_BULK_PAIR', 4, 'warning']]);
  });

  it('goes on past missing files, empty globs, empty files and a binary file in one run', async () => {
    const good = join(tmp.dir, 'z-good.ndjson');
    const empty = join(tmp.dir, 'y-empty.ndjson');
    const binary = join(tmp.dir, 'x-binary.bin');
    writeFileSync(good, `${ev(1)}\n${ev(2)}\n`);
    writeFileSync(empty, '');
    writeFileSync(binary, garbage(2000));
    const missing = join(tmp.dir, 'missing.ndjson');
    const noMatch = join(tmp.dir, 'nothing-*.ndjson');
    const { records, issues } = await collect(openInputs([good, missing, noMatch, empty, binary]));
    expect(records.map((r) => [r.origin.file, r.origin.line])).toEqual([
      [good, 1],
      [good, 2],
    ]);
    expect(issues.map((i) => [i.code, i.origin?.file])).toEqual([
      ['OS_READ_OPEN', missing],
      ['OS_READ_NO_MATCH', noMatch],
      ['OS_READ_BINARY', binary],
      ['OS_READ_EMPTY', empty],
    ]);
    const resolved = await resolveInputs([good, missing, empty, binary, good]);
    expect(resolved.files).toEqual([binary, empty, good]);
  });
});

describe('bad input, at volume', () => {
  it('flushes issues in batches when a file has no good line at all', async () => {
    const path = join(tmp.dir, 'all-bad.ndjson');
    writeFileSync(path, 'nope\n'.repeat(2500));
    const batches: Array<[number, number]> = [];
    for await (const b of openInputs([path], { batchSize: 1000 })) batches.push([b.records.length, b.issues.length]);
    expect(batches).toEqual([
      [0, 1000],
      [0, 1000],
      [0, 500],
    ]);
  });
});
