import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRuleEngine } from '../../rules/engine.js';
import { shippedRulesDir } from '../../rules/loader.js';
import { loadedRule, MIN, T0 } from '../../rules/test-fixtures.js';
import { openDb } from '../../store/db.js';
import { runCommands } from './cli-harness.test-util.js';
import * as rules from './rules.js';

const run = (...args: string[]) => runCommands([rules], args);
const FIX = join(dirname(fileURLToPath(import.meta.url)), '../../rules/fixtures');

describe('oddspawn rules', () => {
  it('list: a table of the shipped rules, or JSON', async () => {
    const t = await run('rules', 'list');
    expect(t.code).toBe(0);
    const lines = t.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE_ID\s+TYPE\s+SEVERITY\s+RISK\s+EVERY\s+FROM\s+SOURCE\s+NAME$/);
    expect(lines).toHaveLength(9);
    expect(t.stdout).toContain('40155ee4-1e6a-4e4d-a63b-e8ba16980cfb  machine_learning  low       21    15m    now-45m  problem_child_rare_process_by_user ≥ 75');
    const j = await run('rules', 'list', '--format', 'json');
    const parsed = JSON.parse(j.stdout) as Array<{ rule_id: string; severity: string }>;
    expect(parsed.map((r) => r.severity).sort()).toEqual(['high', 'low', 'low', 'low', 'low', 'low', 'low', 'low']);
  });

  it('show: by name or id, with the investigation guide; unknown rule → exit 1', async () => {
    const s = await run('rules', 'show', 'unusual process spawned by a user');
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('rule_id:     40155ee4-1e6a-4e4d-a63b-e8ba16980cfb (version 1)');
    expect(s.stdout).toContain('## False positive analysis');
    const toml = await run('rules', 'show', '994e40aa-8c85-43de-825e-15f665375ee8', '--format', 'toml');
    expect(toml.stdout).toBe(readFileSync(join(shippedRulesDir(), 'defense_evasion_ml_suspicious_event_high_probability.toml'), 'utf8'));
    const missing = await run('rules', 'show', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no rule has the id or name "nope"');
  });

  it('validate: exit 0 for the shipped rules, 1 with file:line for a bad one, 2 for bad usage', async () => {
    const ok = await run('rules', 'validate');
    expect([ok.code, ok.stdout]).toEqual([0, '8 rules valid, 0 errors\n']);
    const dir = mkdtempSync(join(tmpdir(), 'oddspawn-cli-rules-'));
    const bad = join(dir, 'bad.toml');
    writeFileSync(bad, readFileSync(join(shippedRulesDir(), 'defense_evasion_ml_rare_process_by_user.toml'), 'utf8').replace('severity = "low"', 'severity = "urgent"'));
    const r = await run('rules', 'validate', dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^error OS_RULE_SCHEMA ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: rule.severity: `));
    expect(r.stdout).toContain('0 rules valid, 1 error');
    expect((await run('rules', 'validate', '--format', 'yaml')).code).toBe(2);
  });

  it('import: writes supported rules as files, reports the rest, exit 1 only for failed supported rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oddspawn-cli-import-'));
    const ex = join(dir, 'exceptions.json');
    const r = await run('rules', 'import', join(FIX, 'kibana-export.ndjson'), join(FIX, 'detection-rules-eql.toml'), join(FIX, 'detection-rules-esql.toml'), '--rules-dir', join(dir, 'rules'), '--exceptions-out', ex);
    expect(r.stdout).toContain('3 imported, 5 skipped, 2 failed');
    expect(r.code).toBe(1);
    expect(readdirSync(join(dir, 'rules')).sort()).toEqual(['fixture_eql_probability_rule.toml', 'test_kql_rule.toml', 'test_ml_rule_from_kibana.toml']);
    expect((JSON.parse(readFileSync(ex, 'utf8')) as { items: unknown[] }).items).toHaveLength(1);
    const v = await run('rules', 'validate', join(dir, 'rules'));
    expect([v.code, v.stdout]).toEqual([0, '3 rules valid, 0 errors\n']);
    // Re-importing without --overwrite refuses to clobber; the TOML alone is clean → exit 0 with --overwrite.
    const again = await run('rules', 'import', join(FIX, 'detection-rules-eql.toml'), '--rules-dir', join(dir, 'rules'));
    expect(again.code).toBe(1);
    const over = await run('rules', 'import', join(FIX, 'detection-rules-eql.toml'), join(FIX, 'detection-rules-esql.toml'), '--rules-dir', join(dir, 'rules'), '--overwrite');
    expect([over.code, over.stdout.trimEnd().split('\n').pop()]).toEqual([0, '1 imported, 1 skipped, 0 failed']);
  });

  it('runs: the run log, newest first, with windows and counts', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'oddspawn-cli-runs-')), 'db.sqlite');
    const db = openDb(path);
    const e = createRuleEngine({ db, rules: [loadedRule({})], mode: 'event-time' });
    e.advanceTo(T0);
    e.advanceTo(T0 + 30 * MIN);
    await e.finish();
    db.close();
    const t = await run('rules', 'runs', '--db', path);
    expect(t.code).toBe(0);
    const lines = t.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN AT\s+MODE\s+WINDOW FROM\s+MATCHES/);
    expect(lines.slice(1).map((l) => l.slice(0, 20))).toEqual(['2026-01-05T00:45:00Z', '2026-01-05T00:30:00Z', '2026-01-05T00:15:00Z']);
    const j = JSON.parse((await run('rules', 'runs', '--db', path, '--format', 'json', '--limit', '1')).stdout) as Array<{ fromMs: number }>;
    expect(j.map((r) => r.fromMs)).toEqual([T0]);
    expect((await run('rules', 'runs', '--db', path, '--limit', '0')).code).toBe(2);
  });
});
