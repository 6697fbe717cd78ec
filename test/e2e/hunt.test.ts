import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../shared-data.js';
import { mask, runCli } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'oddspawn-e2e-'));
const golden = (name: string) => join(import.meta.dirname, '..', 'golden', name);

describe('oddspawn hunt (real CLI)', () => {
  it('summarises the bundled sample exactly as the golden file says', () => {
    const r = runCli(['hunt', '--format', 'json', '--db', join(tmp, 'a.sqlite')]);
    expect(r.code).toBe(0);
    const got = mask(r.stdout).replace(join(tmp, 'a.sqlite'), '<db>');
    const path = golden('hunt-sample.json');
    if (process.env.UPDATE_GOLDEN) writeFileSync(path, got);
    expect(got).toBe(readFileSync(path, 'utf8'));
  });

  it('stores each event once: a second run over the same input stores nothing new', () => {
    const db = join(tmp, 'twice.sqlite');
    const first = JSON.parse(runCli(['hunt', '--format', 'json', '--db', db]).stdout) as { storedEvents: number };
    const second = JSON.parse(runCli(['hunt', '--format', 'json', '--db', db]).stdout) as { storedEvents: number };
    expect(first.storedEvents).toBe(8);
    expect(second.storedEvents).toBe(0);
  });

  it('never duplicates an alert: a second run over the same data in the same database creates none', () => {
    const db = join(tmp, 'alerts-twice.sqlite');
    type S = { rules: { alertsCreated: number }; alerts: Array<{ kibana: { alert: { uuid: string } } }> };
    const first = JSON.parse(runCli(['hunt', '--format', 'json', '--db', db]).stdout) as S;
    const second = JSON.parse(runCli(['hunt', '--format', 'json', '--db', db]).stdout) as S;
    expect(first.rules.alertsCreated).toBeGreaterThan(0);
    expect(first.alerts.length).toBe(first.rules.alertsCreated);
    expect(second.rules.alertsCreated).toBe(0);
    const listed = JSON.parse(runCli(['alerts', 'list', '--db', db, '--format', 'json']).stdout) as unknown[];
    expect(listed.length).toBe(first.rules.alertsCreated);
  });

  it('writes rejects with their code and origin', () => {
    const rejects = join(tmp, 'rejects.ndjson');
    const r = runCli(['hunt', '--no-store', '--rejects', rejects, '--format', 'json']);
    expect(r.code).toBe(0);
    const lines = readFileSync(rejects, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { code: string; origin: { line: number } });
    expect(lines.map((l) => [l.code, l.origin.line])).toEqual([
      ['OS_READ_JSON', 7],
      ['OS_NORM_NO_PROCESS', 12],
    ]);
  });

  it('reads stdin', () => {
    const input = readFileSync(join(import.meta.dirname, '..', '..', 'samples', 'process-starts.ndjson'));
    const r = runCli(['hunt', '-', '--no-store', '--format', 'json'], { input });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { counts: { events: number } }).counts.events).toBe(8);
  });

  it('exits 2 on bad usage and 1 when nothing could be read', () => {
    expect(runCli(['hunt', '--format', 'xml']).code).toBe(2);
    expect(runCli(['no-such-command']).code).toBe(2);
    const missing = runCli(['hunt', '--no-store', join(tmp, 'does-not-exist.ndjson')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('OS_READ_OPEN');
  });

  it('prints the version and help with an example', () => {
    const v = runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = runCli(['hunt', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Examples:');
  });

  describe.skipIf(!HAS_SHARED_DATA)('on ../shared/data/train', () => {
    it('normalizes all 8,287 events with 0 rejects and counts them per source shape', () => {
      const r = runCli(['hunt', '--no-store', '--format', 'json', sharedPath('train', '*.jsonl')]);
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout) as { counts: { records: number; events: number; rejected: number; readIssues: number; byShape: Record<string, number> } };
      expect(s.counts.records).toBe(8287);
      expect(s.counts.events).toBe(8287);
      expect(s.counts.rejected).toBe(0);
      expect(s.counts.readIssues).toBe(0);
      expect(Object.values(s.counts.byShape).reduce((a, b) => a + b, 0)).toBe(8287);
    });
  });
});
