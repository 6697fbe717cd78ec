// A plain NDJSON line of a byte range is not copied into a document file: its scored line says where it is in the
// input (scored-line.ts KIND < 0) and the main thread reads it back from there (doc-files.ts readInput).
import { createReadStream, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import { normalize } from '../normalize/normalize.js';
import type { NormalizedEvent } from '../normalize/process-event.js';
import { ByteSource } from '../read/byte-source.js';
import { NdjsonReader } from '../read/ndjson-reader.js';
import { resolveReadOptions } from '../read/options.js';
import type { RawRecord } from '../read/types.js';
import { builtinJobs, jobFieldPaths } from '../rarity/index.js';
import { DocFiles, HELD_INPUTS } from './doc-files.js';
import { ScoredLineReader, ScoredLineWriter } from './scored-line.js';

const PATHS = jobFieldPaths(builtinJobs());

function event(i: number, name: string): Record<string, unknown> {
  return {
    '@timestamp': new Date(Date.UTC(2025, 2, 3, 0, 0, i)).toISOString(),
    event: { category: ['process'], type: ['start'], kind: 'event' },
    host: { name: `h${i % 3}`, os: { type: 'windows' } },
    user: { name: `u${i % 5}`, domain: 'D' },
    process: { name, executable: `C:\\Windows\\System32\\${name}`, command_line: `${name} /x ${'é日本𝒳'.repeat(i % 4)} ${i}`, pid: i, parent: { name: 'explorer.exe' } },
  };
}

/** A file of events with a BOM, CRLF and LF line ends, blank and bad lines, multi-byte text, no final newline. */
function writeInput(path: string): void {
  const parts: string[] = ['\ufeff'];
  for (let i = 0; i < 200; i++) {
    parts.push(JSON.stringify(event(i, i % 7 === 0 ? 'pöwershell.exe' : 'cmd.exe')));
    parts.push(i % 3 === 0 ? '\r\n' : '\n');
    if (i % 50 === 0) parts.push('\n{not json\n');
  }
  parts.push(JSON.stringify(event(999, 'last.exe')));
  writeFileSync(path, parts.join(''));
}

async function readAll(path: string): Promise<RawRecord[]> {
  const o = resolveReadOptions({ highWaterMark: 97 });
  const reader = new NdjsonReader(ByteSource.fromStream(path, createReadStream(path, { highWaterMark: 97 }), 97), o);
  const out: RawRecord[] = [];
  for await (const b of reader.batches()) out.push(...b.records);
  return out;
}

/** The event with fixed scores (the scores play no part in where its document is). */
function scored(ev: NormalizedEvent): ScoredEvent {
  return {
    event: ev.event, timeMs: ev.timeMs, shape: ev.shape, origin: ev.origin,
    problemchild: { prediction: 0, prediction_probability: 0.9 }, classifier: { malicious_probability: 0.1, model: 'm', top_features: [], threshold: 0.5 },
  };
}

/** Runs `test` over a fresh input file (writeInput) read by the real reader, with a DocFiles closed after it. */
async function withInput(test: (files: DocFiles, path: string, records: RawRecord[]) => Promise<void>): Promise<void> {
  const files = new DocFiles();
  try {
    const path = join(files.dir, 'input.ndjson');
    writeInput(path);
    await test(files, path, await readAll(path));
  } finally {
    files.close();
  }
}

describe('documents read back from the input', () => {
  it('give back each line and its event exactly, through the scored line', async () => {
    await withInput(async (files, path, records) => {
      expect(records.length).toBe(201);
      const writer = new ScoredLineWriter(PATHS);
      const reader = new ScoredLineReader(PATHS, files);
      for (const raw of records) {
        const r = normalize(raw);
        if (r.kind !== 'event') throw new Error(r.kind);
        expect(raw.textAt).toBeTypeOf('number');
        const sc = scored(r.event);
        const line = writer.line(sc, { raw: 'ndjson' }, [1, raw.textAt!, raw.textBytes!, path]);
        reader.define(1, writer.takeNewStrings());
        const back = reader.read(line);
        expect(back.docKind).toEqual({ raw: 'ndjson' });
        expect(back.doc).toBe(raw.text);
        expect(JSON.stringify(back.event)).toBe(JSON.stringify(sc.event));
      }
    });
  });

  it('stop the hunt when a line was rewritten in place to another event', async () => {
    await withInput(async (files, path, records) => {
      const raw = records[5];
      const r = normalize(raw);
      if (r.kind !== 'event') throw new Error(r.kind);
      const writer = new ScoredLineWriter(PATHS);
      const reader = new ScoredLineReader(PATHS, files);
      const sc = scored(r.event);
      const line = writer.line(sc, { raw: 'ndjson' }, [0, raw.textAt!, raw.textBytes!, path]);
      reader.define(0, writer.takeNewStrings());
      // The same bytes, one second later: still a whole line of valid JSON, another event.
      const text = readFileSync(path, 'latin1');
      const at = raw.textAt! + raw.text!.indexOf(':05.000Z');
      writeFileSync(path, Buffer.from(`${text.slice(0, at)}:06${text.slice(at + 3)}`, 'latin1'));
      expect(() => reader.read(line).event).toThrow(/changed during the hunt/);
    });
  });

  it('stay readable when the input held open is renamed or deleted during the hunt (log rotation)', async () => {
    await withInput(async (files, path, records) => {
      expect(files.holdInput(path)).toBeTypeOf('number');
      renameSync(path, `${path}.1`);
      const r = records[17];
      expect(files.readInput(path, r.textAt!, r.textBytes!)).toBe(r.text);
      unlinkSync(`${path}.1`);
      expect(files.readInput(path, records[42].textAt!, records[42].textBytes!)).toBe(records[42].text);
      // An input never held and gone: a coded error, not a crash.
      expect(files.holdInput(join(files.dir, 'gone.ndjson'))).toBeUndefined();
      expect(() => files.readInput(join(files.dir, 'gone.ndjson'), 0, 10)).toThrow(/can no longer be opened/);
    });
  });

  it(`hold at most ${HELD_INPUTS} inputs open; the rest are opened for each read`, async () => {
    await withInput(async (files, path, records) => {
      for (let i = 0; i < HELD_INPUTS; i++) expect(files.holdInput(path + '.held' + String(i).padStart(3, '0'))).toBeUndefined();
      for (let i = 0; i < HELD_INPUTS; i++) {
        writeFileSync(`${path}.${i}`, readFileSync(path));
        expect(files.holdInput(`${path}.${i}`)).toBeTypeOf('number');
      }
      expect(files.holdInput(path)).toBeUndefined();
      const r = records[99];
      expect(files.readInput(path, r.textAt!, r.textBytes!)).toBe(r.text);
      expect(files.readInput(`${path}.${HELD_INPUTS - 1}`, r.textAt!, r.textBytes!)).toBe(r.text);
      // Not held, so a rotation before the read loses it: a coded error naming the input.
      renameSync(path, `${path}.rotated`);
      expect(() => files.readInput(path, r.textAt!, r.textBytes!)).toThrow(/can no longer be opened/);
    });
  });

  it('are only plain NDJSON lines', () => {
    const writer = new ScoredLineWriter(PATHS);
    const sc = { event: {}, timeMs: 0, shape: 'ecs', origin: { file: 'f', line: 1 }, problemchild: { prediction: 0, prediction_probability: 0 }, classifier: { malicious_probability: 0, model: 'm', top_features: [], threshold: 0.5 } } as never;
    expect(() => writer.line(sc, { raw: 'bulk' }, [0, 0, 1, 'f'])).toThrow(/only a plain NDJSON line/);
    expect(() => writer.line(sc, 'event', [0, 0, 1, 'f'])).toThrow(/only a plain NDJSON line/);
  });

  it('stop the hunt when the input changed under them', async () => {
    await withInput(async (files, path, records) => {
      const second = records[1];
      expect(files.readInput(path, second.textAt!, second.textBytes!)).toBe(second.text);
      const first = records[0];
      expect(first.textAt).toBe(3);
      expect(files.readInput(path, 3, first.textBytes!)).toBe(first.text);
      const last = records[records.length - 1];
      expect(files.readInput(path, last.textAt!, last.textBytes!)).toBe(last.text);
      // Not a whole line: the place is off by one either way.
      expect(() => files.readInput(path, second.textAt! + 1, second.textBytes!)).toThrow(/changed during the hunt/);
      expect(() => files.readInput(path, second.textAt!, second.textBytes! - 1)).toThrow(/changed during the hunt/);
      expect(() => files.readInput(path, last.textAt!, last.textBytes! + 5)).toThrow(/changed during the hunt/);
      // A line inserted at the start moves every line.
      writeFileSync(path, `{"new":1}\n${readFileSync(path, 'utf8')}`);
      const other = new DocFiles();
      try {
        expect(() => other.readInput(path, second.textAt!, second.textBytes!)).toThrow(/changed during the hunt/);
      } finally {
        other.close();
      }
    });
  });
});
