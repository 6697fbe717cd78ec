// One suite, every container: the same logical events written as NDJSON, gzip, JSON arrays, search
// responses, hits, _bulk bodies, stdin, folders and globs must come out identical, in order, with the
// right origins, whatever the batch size and however the chunks cut lines and strings.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openInputs } from './inputs.js';
import type { ReadOptions } from './options.js';
import {
  asBulk,
  asJsonArray,
  asNdjson,
  asNdjsonHits,
  asPrettyConcatenated,
  asScrollArray,
  asSearchResponse,
  collect,
  sampleEvents,
  tempDir,
  type Written,
} from './testing/sample-events.js';
import type { ContainerFormat, RawBatch } from './types.js';

const events = sampleEvents();
const tmp = tempDir('conformance');
afterAll(() => tmp.cleanup());

interface Case {
  name: string;
  format: ContainerFormat;
  /** Expected format per record, when the records come from several containers. */
  formats?: ContainerFormat[];
  /** Expected origins (with file). */
  origins: Array<{ file: string; line?: number; record?: number }>;
  open(opts: ReadOptions): AsyncIterable<RawBatch>;
}

function fileCase(name: string, fileName: string, format: ContainerFormat, w: Written, gzip = false): Case {
  const path = join(tmp.dir, fileName);
  writeFileSync(path, gzip ? gzipSync(Buffer.from(w.content)) : w.content);
  return { name, format, origins: w.origins.map((o) => ({ file: path, ...o })), open: (opts) => openInputs([path], opts) };
}

const ndjson = asNdjson(events);

function stdinCase(): Case {
  return {
    name: 'stdin (-)',
    format: 'ndjson',
    origins: ndjson.origins.map((o) => ({ file: '-', ...o })),
    open: (opts) => {
      const bytes = Buffer.from(ndjson.content);
      // Feed the stream in 5-byte pieces so pieces split UTF-8 sequences.
      const pieces: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 5) pieces.push(bytes.subarray(i, i + 5));
      return openInputs(['-'], { ...opts, stdin: Readable.from(pieces) });
    },
  };
}

function folderCases(): Case[] {
  // Three files in a folder tree; read order is by path: a.ndjson, b/c.json.gz, b/d.ndjson.
  const root = join(tmp.dir, 'tree');
  mkdirSync(join(root, 'b'), { recursive: true });
  const parts = [events.slice(0, 8), events.slice(8, 15), events.slice(15)];
  const a = asNdjson(parts[0]);
  const c = asJsonArray(parts[1]);
  const d = asNdjson(parts[2]);
  writeFileSync(join(root, 'b', 'd.ndjson'), d.content);
  writeFileSync(join(root, 'b', 'c.json.gz'), gzipSync(Buffer.from(c.content)));
  writeFileSync(join(root, 'a.ndjson'), a.content);
  const origins = [
    ...a.origins.map((o) => ({ file: join(root, 'a.ndjson'), ...o })),
    ...c.origins.map((o) => ({ file: join(root, 'b', 'c.json.gz'), ...o })),
    ...d.origins.map((o) => ({ file: join(root, 'b', 'd.ndjson'), ...o })),
  ];
  const formats: ContainerFormat[] = [...a.origins.map(() => 'ndjson' as const), ...c.origins.map(() => 'json' as const), ...d.origins.map(() => 'ndjson' as const)];
  return [
    { name: 'folder', format: 'ndjson', formats, origins, open: (opts) => openInputs([root], opts) },
    { name: 'glob', format: 'ndjson', formats, origins, open: (opts) => openInputs([join(root, '**', '*.*')], opts) },
  ];
}

function multiMemberGzipCase(): Case {
  // `cat day1.ndjson.gz day2.ndjson.gz > all.gz`: one file, two gzip members.
  const path = join(tmp.dir, 'two-members.ndjson.gz');
  const lines = ndjson.content.split('\n');
  const half = lines.length >> 1;
  writeFileSync(path, Buffer.concat([gzipSync(lines.slice(0, half).join('\n') + '\n'), gzipSync(lines.slice(half).join('\n'))]));
  return { name: 'NDJSON.gz, two gzip members', format: 'ndjson', origins: ndjson.origins.map((o) => ({ file: path, ...o })), open: (opts) => openInputs([path], opts) };
}

const cases: Case[] = [
  multiMemberGzipCase(),
  fileCase('NDJSON', 'events.ndjson', 'ndjson', ndjson),
  fileCase('NDJSON, CRLF + BOM', 'events-crlf.ndjson', 'ndjson', asNdjson(events, '\r\n', true)),
  fileCase('NDJSON.gz', 'events.ndjson.gz', 'ndjson', ndjson, true),
  fileCase('NDJSON.gz with a misleading extension', 'events-gz.json', 'ndjson', ndjson, true),
  fileCase('JSON array', 'events.json', 'json', asJsonArray(events)),
  fileCase('JSON array .gz', 'events-array.json.gz', 'json', asJsonArray(events), true),
  fileCase('pretty-printed objects one after another (jq .)', 'events-pretty.json', 'json', asPrettyConcatenated(events)),
  fileCase('ES search response, pretty', 'response.json', 'es-hits', asSearchResponse(events, true)),
  fileCase('ES search response, one line', 'response-min.json', 'es-hits', asSearchResponse(events, false)),
  fileCase('ES scroll dump: array of responses', 'scroll.json', 'es-hits', asScrollArray(events, 6)),
  fileCase('NDJSON of hits', 'hits.ndjson', 'es-hits', asNdjsonHits(events)),
  fileCase('_bulk pairs', 'bulk.ndjson', 'bulk', asBulk(events)),
  stdinCase(),
  ...folderCases(),
];

const settings: Array<{ label: string; opts: ReadOptions }> = [
  { label: 'defaults', opts: {} },
  { label: 'batchSize 1, 7-byte chunks', opts: { batchSize: 1, highWaterMark: 7 } },
  { label: 'batchSize 4, 3-byte chunks', opts: { batchSize: 4, highWaterMark: 3 } },
];

describe.each(cases)('reader conformance: $name', (c) => {
  it.each(settings)('yields every event in order with its origin ($label)', async ({ opts }) => {
    const { records, issues, batchSizes } = await collect(c.open(opts));
    expect(issues).toEqual([]);
    expect(records.map((r) => r.value)).toEqual(events);
    expect(records.map((r) => r.origin)).toEqual(c.origins);
    expect(records.map((r) => r.format)).toEqual(c.formats ?? records.map(() => c.format));
    const bs = opts.batchSize ?? 1024;
    expect(batchSizes.every((n) => n <= bs)).toBe(true);
  });
});

describe('reader conformance: empty inputs', () => {
  const empties: Array<[string, string | Buffer]> = [
    ['empty file', ''],
    ['whitespace only', '\n\n  \r\n'],
    ['empty JSON array', '[ ]\n'],
    ['empty search response', '{"took":1,"hits":{"total":{"value":0},"hits":[]}}'],
    ['empty gzip member', gzipSync(Buffer.alloc(0))],
    ['BOM only', '\ufeff'],
  ];
  it.each(empties)('%s → no records and one OS_READ_EMPTY', async (label, content) => {
    const path = join(tmp.dir, `empty-${label.replace(/\W+/g, '-')}`);
    writeFileSync(path, content);
    const { records, issues } = await collect(openInputs([path]));
    expect(records).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.origin?.file])).toEqual([['OS_READ_EMPTY', 'info', path]]);
  });

  it('empty stdin → OS_READ_EMPTY', async () => {
    const { records, issues } = await collect(openInputs(['-'], { stdin: Readable.from([]) }));
    expect(records).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['OS_READ_EMPTY']);
  });
});
