import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { issue } from '../common/issues.js';
import { normalize } from './normalize.js';
import { createRejectsWriter, rejectLine } from './rejects.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('rejects file', () => {
  it('writes one NDJSON line per rejection with code, message, origin and the raw record verbatim', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oddspawn-rejects-'));
    dirs.push(dir);
    const path = join(dir, 'rejects.ndjson');
    const w = createRejectsWriter(path);
    const bad = { '@timestamp': 'never', 'process.name': 'x.exe', nested: { keep: ['order', 1] } };
    const raw = { value: bad, origin: { file: 'in.ndjson', line: 3 }, format: 'ndjson' as const };
    const r = normalize(raw);
    expect(r.kind).toBe('issue');
    if (r.kind === 'issue') w.write(r.issue, raw);
    w.write(issue('OS_READ_JSON', 'line 9 is not valid JSON', { file: 'in.ndjson', line: 9 }));
    expect(w.count).toBe(2);
    w.close();
    w.close();
    expect(() => w.write(issue('OS_INTERNAL', 'late'))).toThrow(/closed/);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0])).toEqual({
      code: 'OS_NORM_TIMESTAMP',
      message: 'ecs event has no usable @timestamp',
      origin: { file: 'in.ndjson', line: 3 },
      record: bad,
    });
    expect(lines[0]).toContain(JSON.stringify(bad));
    expect(JSON.parse(lines[1])).toEqual({ code: 'OS_READ_JSON', message: 'line 9 is not valid JSON', origin: { file: 'in.ndjson', line: 9 }, record: null });
  });

  it('flushes large volumes in blocks without losing lines, and survives unserializable records', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oddspawn-rejects-'));
    dirs.push(dir);
    const path = join(dir, 'many.ndjson');
    const w = createRejectsWriter(path);
    const big = 'x'.repeat(1000);
    for (let i = 0; i < 500; i++) w.write(issue('OS_NORM_NO_PROCESS', `n${i}`), { value: { big, i }, origin: { file: 'f', record: i }, format: 'json' });
    w.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(500);
    expect((JSON.parse(lines[499]) as { record: { i: number } }).record.i).toBe(499);

    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const line = rejectLine(issue('OS_NORM_UNKNOWN_SHAPE', 'cyc'), { value: cyclic, origin: { file: 'f' }, format: 'evtx' });
    expect(JSON.parse(line)).toEqual({ code: 'OS_NORM_UNKNOWN_SHAPE', message: 'cyc', origin: { file: 'f' }, record: null });
  });
});
