import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../common/issues.js';
import { findRule, loadRules, parseRuleText, shippedRulesDir } from './loader.js';

const good = readFileSync(join(shippedRulesDir(), 'defense_evasion_ml_rare_process_by_user.toml'), 'utf8');
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('rule schema errors carry file:line', () => {
  it('a TOML syntax error gives the line of the error', () => {
    const text = good.replace('severity = "low"', 'severity = "low');
    const { rule, issues } = parseRuleText(text, 'bad.toml');
    expect(rule).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0].code).toBe('OS_RULE_SYNTAX');
    expect(issues[0].origin).toEqual({ file: 'bad.toml', line: lineOf(text, 'severity = "low') });
  });

  it('every schema error of a file is reported, each at the line of its key', () => {
    const text = good
      .replace('interval = "15m"', 'interval = "15 minutes"')
      .replace('anomaly_threshold = 75', 'anomaly_treshold = 75')
      .replace('risk_score = 21', 'risk_score = 210')
      .replace('id = "TA0005"', 'id = "T0005"');
    const { issues } = parseRuleText(text, 'r.toml');
    const got = issues.map(formatIssue).sort();
    expect(got).toEqual(
      [
        `error OS_RULE_SCHEMA r.toml:${lineOf(text, 'interval = ')}: rule.interval: expected a duration such as "15m", "1h", "30s"`,
        `error OS_RULE_SCHEMA r.toml:${lineOf(text, 'anomaly_treshold')}: rule: unknown key "anomaly_treshold"`,
        `error OS_RULE_SCHEMA r.toml:${lineOf(text, '[rule]')}: rule.anomaly_threshold: Invalid input: expected number, received undefined`,
        `error OS_RULE_SCHEMA r.toml:${lineOf(text, 'risk_score = ')}: rule.risk_score: Too big: expected number to be <=100`,
        `error OS_RULE_SCHEMA r.toml:${lineOf(text, 'id = "T0005"')}: rule.threat.0.tactic.id: expected a tactic id such as TA0005`,
      ].sort(),
    );
  });

  it('rejects a look-back shorter than the interval, and a query that does not parse', () => {
    const short = parseRuleText(good.replace('from = "now-45m"', 'from = "now-5m"'), 's.toml');
    expect(short.issues.map(formatIssue)).toEqual([
      `error OS_RULE_SCHEMA s.toml:${lineOf(good, 'from = ')}: rule.from: look-back 5m is shorter than interval 15m, so runs would leave gaps`,
    ]);
    const q = readFileSync(join(shippedRulesDir(), 'defense_evasion_ml_suspicious_event_high_probability.toml'), 'utf8');
    const broken = q.replace('problemchild.prediction == 1 and', 'problemchild.prediction == and');
    const r = parseRuleText(broken, 'q.toml');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].message).toMatch(/^rule\.query: query: expected a value but found 'and' at column 28/);
    expect(r.issues[0].origin?.line).toBe(lineOf(broken, "query = '''"));
  });
});

describe('loading a folder', () => {
  it('reports every failure of every file at once: syntax, schema, duplicate id, unknown job', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oddspawn-rules-'));
    writeFileSync(join(dir, 'a.toml'), good);
    writeFileSync(join(dir, 'b.toml'), good.replace('name = "Unusual Process Spawned by a User"', 'name = "Copy"'));
    writeFileSync(join(dir, 'c.toml'), good.replace('rule_id = "40155ee4-1e6a-4e4d-a63b-e8ba16980cfb"', 'rule_id = "11111111-1e6a-4e4d-a63b-e8ba16980cfb"').replace('problem_child_rare_process_by_user"', 'no_such_job"'));
    writeFileSync(join(dir, 'd.toml'), '[rule\n');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const { rules, issues } = loadRules([dir]);
    expect(issues.map((i) => `${i.code} ${i.origin?.file.slice(dir.length + 1)}:${i.origin?.line}`)).toEqual([
      'OS_RULE_SYNTAX d.toml:1',
      `OS_RULE_DUPLICATE b.toml:${lineOf(good, 'rule_id = ')}`,
      `OS_RULE_UNKNOWN_JOB c.toml:${lineOf(good, 'machine_learning_job_id')}`,
    ]);
    expect(rules.map((r) => r.file.slice(dir.length + 1))).toEqual(['a.toml']);
  });

  it('finds rules by id or name, case-insensitively', () => {
    const { rules } = loadRules([shippedRulesDir()]);
    expect(findRule(rules, '40155ee4-1e6a-4e4d-a63b-e8ba16980cfb')?.rule.name).toBe('Unusual Process Spawned by a User');
    expect(findRule(rules, 'unusual process spawned by a host')?.rule.rule_id).toBe('56004189-4e69-4a39-b4a9-195329d226e9');
    expect(findRule(rules, 'nope')).toBeUndefined();
  });
});
