// A hunt worker opens plain NDJSON files through openInputs: it must not pay for loading the glob library or the
// EVTX decoder, which load only when an input needs them (a folder, a glob, an EVTX file).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RawBatch } from './types.js';

const loaded = new Set<string>();

async function track(): Promise<typeof import('./inputs.js')> {
  vi.resetModules();
  loaded.clear();
  for (const [id, path] of [
    ['tinyglobby', 'tinyglobby'],
    ['evtx', './evtx/index.js'],
    ['evtx-parallel', './evtx/parallel.js'],
  ] as const) {
    vi.doMock(path, async (importOriginal) => {
      loaded.add(id);
      return importOriginal();
    });
  }
  return import('./inputs.js');
}

async function drain(it: AsyncIterable<RawBatch>): Promise<{ records: number; codes: string[] }> {
  let records = 0;
  const codes: string[] = [];
  for await (const b of it) {
    records += b.records.length;
    for (const i of b.issues) codes.push(i.code);
  }
  return { records, codes };
}

afterEach(() => {
  vi.doUnmock('tinyglobby');
  vi.doUnmock('./evtx/index.js');
  vi.doUnmock('./evtx/parallel.js');
  vi.resetModules();
});

describe('openInputs loads the glob library and the EVTX decoder only when an input needs them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'os-lazy-'));
  const file = join(dir, 'a.ndjson');
  writeFileSync(file, '{"x":1}\n{"x":2}\n');
  // EVTX magic, then a header too short to be a file: the EVTX reader reports it, after being loaded.
  const evtx = join(dir, 'b.bin');
  writeFileSync(evtx, Buffer.concat([Buffer.from('ElfFile\0', 'latin1'), Buffer.alloc(64)]));

  it('reads a plain NDJSON file without either', async () => {
    const { openInputs } = await track();
    expect(await drain(openInputs([file], { evtxWorkers: 0 }))).toEqual({ records: 2, codes: [] });
    expect([...loaded]).toEqual([]);
  });

  it('loads the glob library for a glob, a folder and a missing name (same files, same issues)', async () => {
    const { openInputs, resolveInputs } = await track();
    expect((await resolveInputs([join(dir, '*.ndjson')])).files).toEqual([file]);
    expect([...loaded]).toEqual(['tinyglobby']);
    expect((await resolveInputs([dir])).files).toEqual([file, evtx]);
    expect(await drain(openInputs([join(dir, 'missing.ndjson')]))).toEqual({ records: 0, codes: ['OS_READ_OPEN'] });
    expect(await drain(openInputs([join(dir, 'none-*.ndjson')]))).toEqual({ records: 0, codes: ['OS_READ_NO_MATCH'] });
  });

  it('loads the EVTX decoder for an EVTX file, through openInputs and through readerFor', async () => {
    const { openInputs, readerFor } = await track();
    const viaRun = await drain(openInputs([evtx], { evtxWorkers: 0 }));
    expect(loaded.has('evtx-parallel')).toBe(true);
    expect(viaRun.records).toBe(0);
    expect(viaRun.codes.length).toBeGreaterThan(0);
    const viaReader = await drain((await readerFor(evtx)).batches());
    expect(loaded.has('evtx')).toBe(true);
    expect(viaReader).toEqual(viaRun);
  });
});
