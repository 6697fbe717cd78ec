// The real corpus: 277 EVTX files of EVTX-ATTACK-SAMPLES (../shared/data/evtx) and the 1,531 flat-ECS
// process rows other tools made from them (../shared/data/train/evtx-attack-samples.jsonl).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../../test/shared-data.js';
import type { Issue } from '../../common/issues.js';
import { normalize } from '../../normalize/index.js';
import type { RawRecord } from '../types.js';
import { differences, processView, type FlatRow, type ProcessView } from './corpus-match.js';
import { readEvtxFiles } from './index.js';
import type { EvtxValue } from './render.js';

const EVTX_DIR = sharedPath('evtx');
const ROWS = sharedPath('train', 'evtx-attack-samples.jsonl');
const HAS_CORPUS = HAS_SHARED_DATA && existsSync(EVTX_DIR) && existsSync(ROWS);

function evtxFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...evtxFiles(p));
    else if (e.name.toLowerCase().endsWith('.evtx')) out.push(p);
  }
  return out.sort();
}

describe.skipIf(!HAS_CORPUS)('EVTX corpus (../shared/data/evtx)', () => {
  const byFile = new Map<string, RawRecord[]>();
  const issues: Issue[] = [];
  let files: string[] = [];
  let rows: FlatRow[] = [];

  beforeAll(async () => {
    files = evtxFiles(EVTX_DIR);
    for (const f of files) byFile.set(f, []);
    for await (const b of readEvtxFiles(files, { workers: 0 })) {
      for (const r of b.records) byFile.get(r.origin.file)?.push(r);
      issues.push(...b.issues);
    }
    rows = readFileSync(ROWS, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FlatRow);
  });

  it('reads every file without an issue and reports the number of records', () => {
    expect(files.length).toBe(277);
    expect(issues).toEqual([]);
    const total = [...byFile.values()].reduce((n, rs) => n + rs.length, 0);
    console.log(`[evtx corpus] ${files.length} files, ${total} records`);
    // evtxexport (libevtx, independent C implementation) exports 8,255 events from the same files.
    expect(total).toBe(8255);
    for (const rs of byFile.values()) {
      for (const r of rs) {
        const v = r.value as EvtxValue;
        expect(r.origin.record).toBe(v.winlog.record_id);
        expect(v['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    }
  });

  it('finds every process row of evtx-attack-samples.jsonl among the records, field for field', () => {
    expect(rows.length).toBe(1531);
    const views = new Map<string, ProcessView[]>();
    for (const [f, rs] of byFile) {
      const vs: ProcessView[] = [];
      for (const r of rs) {
        const v = processView(r.value as EvtxValue);
        if (v) vs.push(v);
      }
      views.set(relative(EVTX_DIR, f), vs);
    }
    const unmatched: string[] = [];
    for (const row of rows) {
      const file = String(row['labels.recording']).replace(/^evtx-attack-samples\//, '');
      const candidates = (views.get(file) ?? []).filter((v) => v.pid === row['process.pid']);
      const diffs = candidates.map((v) => differences(row, v)).sort((a, b) => a.length - b.length);
      if (!diffs.length || diffs[0].length) unmatched.push(`${file} pid ${String(row['process.pid'])}: ${diffs[0]?.join('; ') ?? 'no record with this pid'}`);
    }
    expect(unmatched).toEqual([]);
  });

  // The normalizer agrees with the rows on every comparable field: Sysmon time from UtcTime, 4688 well-known
  // SIDs named (SYSTEM for the machine account), "-" parents unknown. The test above pins the reader's own values.
  it('normalizes the same rows through normalize(): agreement per field', () => {
    const events = new Map<string, Array<Record<string, unknown>>>();
    for (const [f, rs] of byFile) {
      const list: Array<Record<string, unknown>> = [];
      for (const r of rs) {
        const res = normalize(r);
        if (res.kind === 'event') list.push(res.event.event as unknown as Record<string, unknown>);
      }
      events.set(relative(EVTX_DIR, f), list);
    }
    const get = (o: Record<string, unknown>, path: string): unknown =>
      path.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
    const fields = ['host.name', 'user.name', 'user.domain', 'process.name', 'process.executable', 'process.command_line', 'process.pid'];
    const parentFields = ['process.parent.name', 'process.parent.executable'];
    const misses: Record<string, number> = {};
    let full = 0;
    for (const row of rows) {
      const file = String(row['labels.recording']).replace(/^evtx-attack-samples\//, '');
      // A 4688 ParentProcessName of "-" is Windows for "unknown": the rows copy it, normalize() leaves the parent
      // unnamed (two rows), so "-" is compared as absent.
      const want = [...fields, ...(row['process.parent.reconstructed'] === true ? [] : parentFields)].filter((k) => row[k] !== undefined && row[k] !== '-');
      const cands = (events.get(file) ?? []).filter((e) => get(e, 'process.pid') === row['process.pid']);
      const wrong = cands
        .map((e) => {
          const w = want.filter((k) => get(e, k) !== row[k]);
          if (Math.abs(Date.parse(String(e['@timestamp'])) - Date.parse(String(row['@timestamp']))) > 1000) w.push('@timestamp');
          return w;
        })
        .sort((a, b) => a.length - b.length)[0] ?? ['no event'];
      if (wrong.length === 0) full++;
      for (const k of wrong) misses[k] = (misses[k] ?? 0) + 1;
    }
    console.log(`[evtx corpus] through normalize(): ${full}/${rows.length} rows equal; mismatches by field ${JSON.stringify(misses)}`);
    expect(misses['no event'] ?? 0).toBe(0);
    expect(misses).toEqual({});
    expect(full).toBe(rows.length);
  });
});
