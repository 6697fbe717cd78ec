import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importRulesText, ruleFileName, ruleToToml } from './import.js';
import { parseRuleText } from './loader.js';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (f: string): string => readFileSync(join(FIX, f), 'utf8');

describe('import of a Kibana NDJSON export', () => {
  const res = importRulesText(read('kibana-export.ndjson'), 'kibana-export.ndjson');

  it('imports the machine_learning and kuery rules, mapping Elastic fields and _ea job ids', () => {
    expect(res.rules.map((r) => r.file.rule.name)).toEqual(['Test ML rule from Kibana', 'Test KQL rule']);
    const ml = res.rules[0].file;
    expect(ml.rule).toMatchObject({
      type: 'machine_learning',
      machine_learning_job_id: ['problem_child_rare_process_by_user'],
      anomaly_threshold: 80,
      severity: 'medium',
      risk_score: 47,
      version: 3,
      exceptions_list: [{ list_id: 'fixture-list', namespace_type: 'single', type: 'detection' }],
      alert_suppression: { group_by: ['user.name'], duration: '30m', missing_fields_strategy: 'suppress' },
    });
    expect(ml.rule.threat[0].technique?.[0].subtechnique?.[0].id).toBe('T1218.005');
    expect(ml.metadata).toEqual({ creation_date: '2025/03/04', updated_date: '2025/06/01', maturity: 'production' });
    const q = res.rules[1].file.rule;
    expect(q).toMatchObject({ type: 'query', language: 'kuery', enabled: false, author: ['unknown'], license: 'unspecified', interval: '5m' });
    expect(res.rules[1].origin).toEqual({ file: 'kibana-export.ndjson', line: 2 });
  });

  it('reports unsupported types, languages, jobs and bad fields as issues with their line, and keeps going', () => {
    expect(res.issues.map((i) => `${i.severity} ${i.code} :${i.origin?.line ?? '-'} ${i.message}`)).toEqual([
      'info OS_RULE_IMPORT_UNSUPPORTED :1 rule "Test ML rule from Kibana": fields not used by oddspawn were dropped: frobnicate',
      'warning OS_RULE_IMPORT_UNSUPPORTED :3 rule "Test threshold rule": rule type "threshold" is not supported (machine_learning, query and eql are)',
      'warning OS_RULE_IMPORT_UNSUPPORTED :4 rule "Test new terms rule": rule type "new_terms" is not supported (machine_learning, query and eql are)',
      'warning OS_RULE_IMPORT_UNSUPPORTED :5 rule "Test unknown job rule": anomaly job v3_windows_anomalous_process_all_hosts not run by oddspawn',
      'warning OS_RULE_IMPORT_UNSUPPORTED :6 rule "Test lucene rule": query language "lucene" is not supported (kuery and eql are)',
      'error OS_RULE_SCHEMA :7 rule "Test bad interval": rule.interval: expected a duration such as "15m", "1h", "30s"',
      `error OS_READ_JSON :10 not valid JSON: ${jsonError('{"rule_id": broken')}`,
    ]);
  });

  it('brings the exception list and item that travel with the rules', () => {
    expect(res.exceptions.lists.map((l) => l.list_id)).toEqual(['fixture-list']);
    expect(res.exceptions.items.map((i) => [i.item_id, i.entries[0].field])).toEqual([['fixture-item', 'process.parent.name']]);
  });

  it('writes rule files that load back unchanged', () => {
    for (const r of res.rules) {
      const text = ruleToToml(r.file);
      const back = parseRuleText(text, ruleFileName(r.file));
      expect(back.issues).toEqual([]);
      expect(back.rule?.rule).toEqual(r.file.rule);
    }
    expect(ruleFileName(res.rules[0].file)).toBe('test_ml_rule_from_kibana.toml');
    expect(ruleToToml(res.rules[0].file)).toContain("note = '''\n## Triage\nLook at it.'''");
  });
});

function jsonError(s: string): string {
  try {
    JSON.parse(s);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('import of detection-rules TOML', () => {
  it('imports an eql rule whose query fits the query language, with its metadata', () => {
    const res = importRulesText(read('detection-rules-eql.toml'), 'detection-rules-eql.toml');
    expect(res.issues).toEqual([]);
    const r = res.rules[0].file;
    expect(r.metadata).toEqual({ creation_date: '2024/02/03', updated_date: '2025/05/06', maturity: 'production', integration: ['problemchild', 'endpoint'] });
    expect(r.rule).toMatchObject({ type: 'query', language: 'eql', risk_score: 73, interval: '5m', from: 'now-10m' });
    const back = parseRuleText(ruleToToml(r), 'x.toml');
    expect(back.rule?.rule).toEqual(r.rule);
  });

  it('reports an unknown type (esql) without failing', () => {
    const res = importRulesText(read('detection-rules-esql.toml'), 'detection-rules-esql.toml');
    expect(res.rules).toEqual([]);
    expect(res.issues.map((i) => [i.code, i.severity])).toEqual([['OS_RULE_IMPORT_UNSUPPORTED', 'warning']]);
    expect(res.issues[0].message).toContain('rule type "esql" is not supported');
  });
});
