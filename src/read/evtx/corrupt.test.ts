// Corrupted copies of a real EVTX file: every problem is an issue with a file offset, the records around
// it are kept unchanged, nothing throws and nothing hangs.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../../test/shared-data.js';
import type { Issue } from '../../common/issues.js';
import type { RawRecord } from '../types.js';
import { ChunkBuilder, fileHeader, v } from './build-evtx.testkit.js';
import { CHUNK_SIZE } from './chunk.js';
import { FILE_HEADER_SIZE, readEvtxFile } from './file.js';

const SOURCE = sharedPath('evtx', 'AutomatedTestingTools', 'PanacheSysmon_vs_AtomicRedTeam01.evtx');
const dir = mkdtempSync(join(tmpdir(), 'oddspawn-evtx-corrupt-'));

async function readAll(path: string): Promise<{ records: RawRecord[]; issues: Issue[] }> {
  const records: RawRecord[] = [];
  const issues: Issue[] = [];
  for await (const b of readEvtxFile(path)) {
    records.push(...b.records);
    issues.push(...b.issues);
  }
  return { records, issues };
}

function write(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const chunkStart = (i: number): number => FILE_HEADER_SIZE + i * CHUNK_SIZE;
const key = (r: RawRecord): string => `${r.origin.offset}:${JSON.stringify(r.value)}`;

describe.skipIf(!HAS_SHARED_DATA || !existsSync(SOURCE))('corrupt EVTX input (copies of a real file)', () => {
  let original: Buffer;
  let base: RawRecord[];
  let baseKeys: Set<string>;

  beforeAll(async () => {
    original = readFileSync(SOURCE);
    const r = await readAll(SOURCE);
    expect(r.issues).toEqual([]);
    base = r.records;
    baseKeys = new Set(base.map(key));
  });

  /** Records that are not byte-for-byte the original's, and original records that went missing. */
  function compare(records: RawRecord[]): { changed: RawRecord[]; missing: RawRecord[] } {
    const got = new Set(records.map(key));
    return { changed: records.filter((r) => !baseKeys.has(key(r))), missing: base.filter((r) => !got.has(key(r))) };
  }

  it('has several chunks to corrupt', () => {
    expect(original.length).toBeGreaterThan(chunkStart(8));
    expect(base.length).toBeGreaterThan(500);
  });

  it('truncated file: warns at the cut chunk, keeps every complete record before the cut', async () => {
    const cut = chunkStart(5) + 30000;
    const { records, issues } = await readAll(write('truncated.evtx', original.subarray(0, cut)));
    expect(issues.filter((i) => i.code === 'OS_EVTX_TRUNCATED').map((i) => i.origin?.offset)).toContain(chunkStart(5));
    expect(issues.every((i) => i.origin?.file?.endsWith('truncated.evtx') && typeof i.origin.offset === 'number')).toBe(true);
    const { changed } = compare(records);
    expect(changed).toEqual([]);
    // Every record of the first five chunks, plus the complete ones of the cut chunk, in order.
    expect(records.length).toBeGreaterThan(base.filter((r) => (r.origin.offset ?? 0) < chunkStart(5)).length);
    expect(records.map(key)).toEqual(base.slice(0, records.length).map(key));
    const next = base[records.length];
    expect((next.origin.offset ?? 0) + (original.readUInt32LE((next.origin.offset ?? 0) + 4))).toBeGreaterThan(cut);
  });

  it('flipped bytes inside a record: checksum issue for that chunk, every other record unchanged', async () => {
    const victim = base.find((r) => (r.origin.offset ?? 0) > chunkStart(2) + 2000)!;
    const bytes = Buffer.from(original);
    for (let i = 0; i < 12; i++) bytes[(victim.origin.offset ?? 0) + 60 + i] ^= 0x5a;
    const { records, issues } = await readAll(write('flipped.evtx', bytes));
    expect(issues.some((i) => i.code === 'OS_EVTX_CHECKSUM' && i.origin?.offset === chunkStart(2))).toBe(true);
    const { changed, missing } = compare(records);
    expect(missing.filter((r) => r !== victim)).toEqual([]);
    expect(changed.every((r) => r.origin.offset === victim.origin.offset)).toBe(true);
  });

  it('zeroed file header: header issue at offset 0, all records still read from the chunks', async () => {
    const bytes = Buffer.from(original);
    bytes.fill(0, 0, FILE_HEADER_SIZE);
    const { records, issues } = await readAll(write('zero-header.evtx', bytes));
    expect(issues.map((i) => [i.code, i.origin?.offset])).toEqual([['OS_EVTX_HEADER', 0]]);
    expect(records).toEqual(base.map((r) => ({ ...r, origin: { ...r.origin, file: r.origin.file.replace(SOURCE, join(dir, 'zero-header.evtx')) } })));
  });

  it('a record length pointing past the chunk: record issue at its offset, the next records are found again', async () => {
    const inChunk = base.filter((r) => (r.origin.offset ?? 0) > chunkStart(1) && (r.origin.offset ?? 0) < chunkStart(2));
    const victim = inChunk[1];
    const bytes = Buffer.from(original);
    bytes.writeUInt32LE(0x20000, (victim.origin.offset ?? 0) + 4);
    const { records, issues } = await readAll(write('bad-length.evtx', bytes));
    expect(issues.some((i) => i.code === 'OS_EVTX_RECORD' && i.origin?.offset === victim.origin.offset)).toBe(true);
    const { changed, missing } = compare(records);
    expect(changed).toEqual([]);
    expect(missing.map((r) => r.origin.offset)).toEqual([victim.origin.offset]);
  });

  it('a chunk with a broken signature is skipped with an issue; the other chunks are read', async () => {
    const bytes = Buffer.from(original);
    bytes.write('XXXXXXXX', chunkStart(3), 'latin1');
    const { records, issues } = await readAll(write('bad-chunk.evtx', bytes));
    expect(issues.map((i) => [i.code, i.origin?.offset])).toEqual([['OS_EVTX_CHUNK', chunkStart(3)]]);
    const { changed, missing } = compare(records);
    expect(changed).toEqual([]);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((r) => (r.origin.offset ?? 0) >= chunkStart(3) && (r.origin.offset ?? 0) < chunkStart(4))).toBe(true);
  });

  it('random byte flips anywhere: never throws, never hangs, keeps most records', async () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 6; round++) {
      const bytes = Buffer.from(original);
      for (let i = 0; i < 40; i++) bytes[rand(bytes.length)] = rand(256);
      const { records, issues } = await readAll(write(`fuzz-${round}.evtx`, bytes));
      expect(records.length).toBeGreaterThan(base.length / 2);
      expect(issues.every((i) => i.code.startsWith('OS_EVTX_') && typeof i.origin?.offset === 'number')).toBe(true);
    }
  });
});

describe('not EVTX / degenerate input', () => {
  it('a file of random bytes is one header issue, no records', async () => {
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) & 0xff;
    const { records, issues } = await readAll(write('random.bin', bytes));
    expect(records).toEqual([]);
    expect(issues.map((i) => [i.code, i.origin?.offset])).toEqual([['OS_EVTX_HEADER', 0]]);
  });

  it('a file shorter than the header, and a missing file, are issues', async () => {
    const short = await readAll(write('short.evtx', Buffer.from('ElfFile\0')));
    expect(short.issues.map((i) => i.code)).toEqual(['OS_EVTX_HEADER']);
    const missing = await readAll(join(dir, 'does-not-exist.evtx'));
    expect(missing.issues.map((i) => i.code)).toEqual(['OS_READ_OPEN']);
  });

  it('a dirty file (header counts fewer chunks, flag set) is read to its last chunk', async () => {
    const chunk = (id: number): Buffer => {
      const c = new ChunkBuilder();
      c.record(id, new Date(0), (c) => {
        c.fragment().open('Event').closeStart().open('System').closeStart();
        c.open('EventRecordID').closeStart().text(String(id)).end();
        c.end().end().eof();
      });
      return c.finish();
    };
    const path = write('dirty.evtx', Buffer.concat([fileHeader(1, 1), chunk(1), chunk(2), Buffer.alloc(CHUNK_SIZE)]));
    const { records, issues } = await readAll(path);
    expect(issues).toEqual([]);
    expect(records.map((r) => r.origin.record)).toEqual([1, 2]);
  });

  it('templates that double at every level are an issue, not a hang', async () => {
    const c = new ChunkBuilder();
    c.record(1, new Date(0), (c) => {
      c.fragment().open('Event').closeStart().open('EventData').closeStart();
      let prev = -1;
      for (let k = 0; k < 40; k++) {
        const below = prev;
        prev = c.instance(() => {
          c.fragment().open('X').closeStart();
          if (below < 0) c.text('leaf');
          // Two references to the template one level down, each with no values.
          else for (let i = 0; i < 2; i++) c.u8(0x0c).u8(1).u32(0).u32(below).u32(0);
          c.end().eof();
        }, []);
      }
      c.end().end().eof();
    });
    const { records, issues } = await readAll(write('doubling.evtx', Buffer.concat([fileHeader(1), c.finish()])));
    expect(records).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['OS_EVTX_BINXML']);
    expect(issues[0].message).toMatch(/budget/);
  });

  it('a template that refers to itself is an issue, not a stack overflow', async () => {
    const c = new ChunkBuilder();
    c.record(1, new Date(0), (c) => {
      c.fragment();
      // The definition's body is a template instance pointing back at the definition.
      const at = c.pos + 10;
      c.instance(() => {
        c.fragment();
        c.u8(0x0c).u8(1).u32(0).u32(at).u32(0);
        c.eof();
      }, [v.str('x')]);
      c.eof();
    });
    const { records, issues } = await readAll(write('self-template.evtx', Buffer.concat([fileHeader(1), c.finish()])));
    expect(records).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['OS_EVTX_BINXML']);
  });
});
