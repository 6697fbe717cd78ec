import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { openInputs, readerFor, readerForStream, resolveInputs } from './inputs.js';
import { collect, tempDir } from './testing/sample-events.js';

const tmp = tempDir('inputs');
afterAll(() => tmp.cleanup());

describe('resolveInputs', () => {
  it('expands folders recursively and globs, skips dot-files, removes duplicates, sorts by path, puts stdin first', async () => {
    const root = join(tmp.dir, 'r');
    mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
    for (const f of ['b.ndjson', 'A.json', 'sub/z.ndjson', 'sub/deeper/a.gz', '.hidden']) writeFileSync(join(root, f), '{}\n');
    const r = await resolveInputs([join(root, 'sub'), root, '-', `${root}/./sub/../*.ndjson`, `${root}/sub/../b.ndjson`]);
    expect(r.issues).toEqual([]);
    expect(r.files).toEqual(['-', join(root, 'A.json'), join(root, 'b.ndjson'), join(root, 'sub/deeper/a.gz'), join(root, 'sub/z.ndjson')]);
  });

  it('reports missing files, globs without matches and empty folders, and keeps the rest', async () => {
    const empty = join(tmp.dir, 'empty-folder');
    mkdirSync(empty);
    const r = await resolveInputs([join(tmp.dir, 'nope.ndjson'), join(tmp.dir, 'nope', '*.json'), empty]);
    expect(r.files).toEqual([]);
    expect(r.issues.map((i) => [i.code, i.origin?.file])).toEqual([
      ['OS_READ_OPEN', join(tmp.dir, 'nope.ndjson')],
      ['OS_READ_NO_MATCH', join(tmp.dir, 'nope', '*.json')],
      ['OS_READ_NO_MATCH', empty],
    ]);
  });
});

describe('readerFor / readerForStream', () => {
  it('chooses the reader from the content, not the extension', async () => {
    const p1 = join(tmp.dir, 'looks-like.ndjson');
    writeFileSync(p1, '[{"a":1}]');
    const p2 = join(tmp.dir, 'looks-like.json');
    writeFileSync(p2, gzipSync('{"a":1}\n{"a":2}\n'));
    expect((await readerFor(p1)) as object).toHaveProperty('format', 'json');
    expect((await readerFor(p2)) as object).toHaveProperty('format', 'ndjson');
    const r = await collect((await readerFor(p2)).batches());
    expect(r.records.map((x) => [x.value, x.origin])).toEqual([
      [{ a: 1 }, { file: p2, line: 1 }],
      [{ a: 2 }, { file: p2, line: 2 }],
    ]);
  });

  it('sniffs a stream too: a gzipped search response on stdin', async () => {
    const body = gzipSync(JSON.stringify({ hits: { hits: [{ _index: 'i', _source: { a: 1 } }, { _index: 'i', _source: { a: 2 } }] } }));
    const reader = await readerForStream('-', Readable.from([body.subarray(0, 5), body.subarray(5)]));
    const r = await collect(reader.batches());
    expect(r.issues).toEqual([]);
    expect(r.records).toEqual([
      { value: { a: 1 }, origin: { file: '-', record: 1, line: 1 }, format: 'es-hits' },
      { value: { a: 2 }, origin: { file: '-', record: 2, line: 1 }, format: 'es-hits' },
    ]);
  });

  it('turns an unopenable file into an issue, not an exception', async () => {
    const dir = join(tmp.dir, 'a-dir');
    mkdirSync(dir);
    const r = await collect((await readerFor(join(tmp.dir, 'missing'))).batches());
    expect(r.issues.map((i) => i.code)).toEqual(['OS_READ_OPEN']);
    const r2 = await collect((await readerFor(dir)).batches());
    expect(r2.records).toEqual([]);
    expect(r2.issues.map((i) => i.code)).toEqual(['OS_READ_OPEN']);
  });

  it.each([
    ['UTF-16LE NDJSON (Windows PowerShell `>`)', Buffer.from('\ufeff{"a":"é"}\r\n{"a":2}\r\n', 'utf16le'), 'ndjson'],
    ['UTF-16BE JSON array', Buffer.from('\ufeff[{"a":"é"},\n{"a":2}]', 'utf16le').swap16(), 'json'],
  ])('reads %s as UTF-8', async (_label, bytes, format) => {
    const p = join(tmp.dir, `utf16-${format}`);
    writeFileSync(p, bytes);
    const reader = await readerFor(p, { highWaterMark: 3 });
    expect(reader as object).toHaveProperty('format', format);
    const r = await collect(reader.batches());
    expect(r.issues).toEqual([]);
    expect(r.records.map((x) => [x.value, x.origin.line])).toEqual([
      [{ a: 'é' }, 1],
      [{ a: 2 }, 2],
    ]);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('real data (../shared/data/train)', () => {
  it('reads all 8,287 training events with no issue', async () => {
    const r = await collect(openInputs([sharedPath('train', '*.jsonl')]));
    expect(r.issues).toEqual([]);
    expect(r.records.length).toBe(8287);
    const perFile = new Map<string, number>();
    for (const x of r.records) perFile.set(x.origin.file.split('/').pop() ?? '', (perFile.get(x.origin.file.split('/').pop() ?? '') ?? 0) + 1);
    expect(Object.fromEntries(perFile)).toEqual({ 'evtx-attack-samples.jsonl': 1531, 'msticpy.jsonl': 3143, 'otrf-security-datasets.jsonl': 3613 });
    expect(r.records[0].origin).toEqual({ file: sharedPath('train', 'evtx-attack-samples.jsonl'), line: 1 });
    expect(r.records.every((x) => x.format === 'ndjson')).toBe(true);
  });

  it('also through a relative glob, as the CLI receives it, keeping the relative paths in origins', async () => {
    const rel = relative(process.cwd(), sharedPath('train'));
    const r = await collect(openInputs([`${rel}/*.jsonl`]));
    expect(r.issues).toEqual([]);
    expect(r.records.length).toBe(8287);
    expect(r.records[8286].origin).toEqual({ file: `${rel}/otrf-security-datasets.jsonl`, line: 3613 });
  });
});

describe.skipIf(!HAS_SHARED_DATA)('EVTX dispatch', () => {
  it('hands a file starting with ElfFile to the EVTX reader, whatever its name', async () => {
    const evtx = sharedPath('evtx', 'AutomatedTestingTools', 'Malware', 'rundll32_cmd_schtask.evtx');
    const copy = join(tmp.dir, 'renamed.log');
    writeFileSync(copy, readFileSync(evtx));
    const r = await collect(openInputs([copy]));
    expect(r.records.length).toBeGreaterThan(0);
    expect(r.records.every((x) => x.format === 'evtx' && x.origin.file === copy)).toBe(true);
  });
});

