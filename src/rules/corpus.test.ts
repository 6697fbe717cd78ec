// The shipped corpus as a whole: every rule loads, every job exists, lookback ≥ interval — all failures at once.
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../common/issues.js';
import { parseExceptionsText } from './exception-file.js';
import { KNOWN_JOB_IDS } from './known-jobs.js';
import { loadRules, shippedRulesDir } from './loader.js';

describe('shipped rule corpus', () => {
  const { rules, issues } = loadRules([shippedRulesDir()]);

  it('loads every rule file without a single issue (all listed at once)', () => {
    expect(issues.map(formatIssue)).toEqual([]);
    expect(rules).toHaveLength(8);
  });

  it('every machine_learning rule names a known job, and lookback ≥ interval everywhere', () => {
    const failures: string[] = [];
    for (const r of rules) {
      if (r.lookbackMs < r.intervalMs) failures.push(`${r.file}: lookback < interval`);
      if (r.rule.type === 'machine_learning') {
        for (const j of r.rule.machine_learning_job_id) if (!KNOWN_JOB_IDS.includes(j)) failures.push(`${r.file}: unknown job ${j}`);
      }
      if (!r.rule.note?.includes('## Triage and analysis') || !r.rule.note.includes('## False positive analysis')) failures.push(`${r.file}: guide sections`);
      if (!r.rule.note?.includes('## Response and remediation') || !r.rule.note.includes('## Setup')) failures.push(`${r.file}: guide sections`);
      if (r.rule.license !== 'Apache-2.0' || r.rule.author.join() !== 'oddspawn') failures.push(`${r.file}: author/license`);
    }
    expect(failures).toEqual([]);
    // Each of the six jobs is covered by exactly one rule.
    const jobs = rules.flatMap((r) => (r.rule.type === 'machine_learning' ? r.rule.machine_learning_job_id : [])).sort();
    expect(jobs).toEqual([...KNOWN_JOB_IDS].sort());
  });

  it('every example exception in the investigation guides is a valid exception item', () => {
    const failures: string[] = [];
    let examples = 0;
    for (const r of rules) {
      for (const m of r.rule.note?.matchAll(/```json\n([\s\S]*?)```/g) ?? []) {
        examples++;
        const res = parseExceptionsText(m[1].replace(/^ {2}/gm, ''), `${r.file}#example.json`);
        if (res.issues.length || res.items.length !== 1) failures.push(`${r.file}: ${res.issues.map((i) => i.message).join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(examples).toBe(8 * 5);
  });

  it('the mission rule is exactly as specified', () => {
    const r = rules.find((x) => x.rule.rule_id === '40155ee4-1e6a-4e4d-a63b-e8ba16980cfb')!;
    expect(r.rule).toMatchObject({
      name: 'Unusual Process Spawned by a User',
      type: 'machine_learning',
      machine_learning_job_id: ['problem_child_rare_process_by_user'],
      anomaly_threshold: 75,
      interval: '15m',
      from: 'now-45m',
      max_signals: 100,
      severity: 'low',
      risk_score: 21,
      license: 'Apache-2.0',
      author: ['oddspawn'],
    });
    expect(r.intervalMs).toBe(900_000);
    expect(r.lookbackMs).toBe(2_700_000);
    expect(r.rule.threat[0].tactic.id).toBe('TA0005');
    expect(r.rule.threat[0].technique?.map((t) => t.id)).toEqual(['T1036', 'T1218']);
    for (const tag of ['Domain: Endpoint', 'OS: Windows', 'Use Case: Living off the Land Attack Detection', 'Rule Type: ML', 'Tactic: Defense Evasion', 'Resources: Investigation Guide']) {
      expect(r.rule.tags).toContain(tag);
    }
  });

  it('the two query rules split the classifier output at 0.98 with high/73 and low/21', () => {
    const high = rules.find((x) => x.rule.rule_id === '994e40aa-8c85-43de-825e-15f665375ee8')!.rule;
    const low = rules.find((x) => x.rule.rule_id === '13e908b9-7bf0-4235-abc9-b5deb500d0ad')!.rule;
    expect([high.severity, high.risk_score, low.severity, low.risk_score]).toEqual(['high', 73, 'low', 21]);
    expect(high.type === 'query' && high.query).toContain('prediction_probability > 0.98');
    expect(low.type === 'query' && low.query).toContain('prediction_probability <= 0.98');
  });
});
