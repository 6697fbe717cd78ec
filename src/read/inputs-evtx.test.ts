import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { openInputs } from './inputs.js';
import type { RawBatch } from './types.js';

async function collect(it: AsyncIterable<RawBatch>) {
  const recs: Array<{ file: string; record?: number; line?: number; format: string }> = [];
  const codes: string[] = [];
  for await (const b of it) {
    for (const r of b.records) recs.push({ file: r.origin.file, record: r.origin.record, line: r.origin.line, format: r.format });
    for (const i of b.issues) codes.push(i.code);
  }
  return { recs, codes };
}

describe.skipIf(!HAS_SHARED_DATA)('openInputs over a folder mixing EVTX and NDJSON', () => {
  it('reads EVTX by content (any extension), keeps file order, and gives the same records with or without worker threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'os-evtx-mix-'));
    copyFileSync(sharedPath('evtx', 'Defense Evasion', 'DE_UAC_Disabled_Sysmon_12_13.evtx'), join(dir, 'a.evtx'));
    copyFileSync(sharedPath('evtx', 'Defense Evasion', 'de_hiding_files_via_attrib_cmdlet.evtx'), join(dir, 'b.log'));
    writeFileSync(join(dir, 'c.ndjson'), '{"x":1}\n{"x":2}\n');
    const seq = await collect(openInputs([dir], { evtxWorkers: 0 }));
    const par = await collect(openInputs([dir], { evtxWorkers: 2 }));
    expect(par).toEqual(seq);
    expect(seq.codes).toEqual([]);
    const files = [...new Set(seq.recs.map((r) => r.file.slice(dir.length + 1)))];
    expect(files).toEqual(['a.evtx', 'b.log', 'c.ndjson']);
    expect(seq.recs.filter((r) => r.file.endsWith('b.log')).every((r) => r.format === 'evtx')).toBe(true);
    expect(seq.recs.slice(-2).map((r) => [r.format, r.line])).toEqual([
      ['ndjson', 1],
      ['ndjson', 2],
    ]);
  });
});
