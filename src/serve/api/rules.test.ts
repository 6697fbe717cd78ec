import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteRunLog, type RunRecord } from '../../rules/run-log.js';
import { applyRuleSettings, RuleSettingsStore } from '../../rules/settings.js';
import { T0 } from '../../rules/test-fixtures.js';
import { apiHarness, ML_RULE_ID, QUERY_RULE_ID, testRules, type ApiHarness } from './testing.js';

interface RuleView {
  rule_id: string;
  name: string;
  type: string;
  severity: string;
  risk_score: number;
  enabled: boolean;
  anomaly_threshold?: number;
  machine_learning_job_id?: string[];
  query?: string;
  interval: string;
  from: string;
  note: string;
  tags: string[];
  settings: { enabled?: boolean; anomaly_threshold?: number; updated_at: string } | null;
}

let h: ApiHarness;

function run(ruleId: string, i: number): RunRecord {
  return {
    ruleId,
    ruleName: ruleId === ML_RULE_ID ? 'Unusual Process Spawned by a User' : 'Suspicious LOLBin with a URL',
    mode: 'wall-clock',
    runAtMs: T0 + i * 900_000,
    fromMs: T0 + i * 900_000 - 2_700_000,
    toMs: T0 + i * 900_000,
    matches: i,
    alertsCreated: i % 2,
    duplicates: 0,
    excluded: 0,
    suppressed: 0,
    gapMs: 0,
    warnings: i === 3 ? ['max_signals reached'] : [],
    durationMs: 1.5,
  };
}

beforeAll(async () => {
  h = await apiHarness();
  const log = new SqliteRunLog(h.db);
  for (let i = 0; i < 5; i++) log.record(run(ML_RULE_ID, i));
  for (let i = 0; i < 3; i++) log.record(run(QUERY_RULE_ID, i));
});
afterAll(async () => h.close());

const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
  const r = await h.app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() as T };
};
const patch = async <T>(url: string, payload: unknown): Promise<{ status: number; body: T }> => {
  const r = await h.app.inject({ method: 'PATCH', url, payload: payload as object });
  return { status: r.statusCode, body: r.json() as T };
};

describe('rules', () => {
  it('lists the rules with their investigation guide and schedule', async () => {
    const { status, body } = await get<RuleView[]>('/api/v1/rules');
    expect(status).toBe(200);
    expect(body.map((r) => [r.rule_id, r.type, r.enabled, r.anomaly_threshold])).toEqual([
      [ML_RULE_ID, 'machine_learning', true, 75],
      [QUERY_RULE_ID, 'query', true, undefined],
    ]);
    expect(body[0]).toMatchObject({
      name: 'Unusual Process Spawned by a User',
      severity: 'low',
      risk_score: 21,
      interval: '15m',
      from: 'now-45m',
      machine_learning_job_id: ['problem_child_rare_process_by_user'],
      note: '## Triage\n\nCheck the **parent** process.',
      settings: null,
    });
    expect(body[1]).toMatchObject({ query: 'problemchild.prediction:1', note: '', tags: ['LOLBin'] });
  });

  it('shows one rule by id or by name, and 404 for an unknown one', async () => {
    expect((await get<RuleView>(`/api/v1/rules/${QUERY_RULE_ID}`)).body.name).toBe('Suspicious LOLBin with a URL');
    expect((await get<RuleView>(`/api/v1/rules/${encodeURIComponent('suspicious lolbin with a url')}`)).body.rule_id).toBe(QUERY_RULE_ID);
    const nf = await get<{ error: { code: string } }>('/api/v1/rules/no-such-rule');
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('NOT_FOUND');
  });

  it('persists enable/disable and the threshold override, and asks the service to rebuild its engine', async () => {
    const before = h.reloads;
    const off = await patch<RuleView>(`/api/v1/rules/${ML_RULE_ID}`, { enabled: false, anomaly_threshold: 90 });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ enabled: false, anomaly_threshold: 90, settings: { enabled: false, anomaly_threshold: 90, updated_at: '2026-01-10T00:00:00.000Z' } });
    expect(h.reloads).toBe(before + 1);
    expect(new RuleSettingsStore(h.db).get(ML_RULE_ID)).toEqual({ rule_id: ML_RULE_ID, enabled: false, anomaly_threshold: 90, updated_at: '2026-01-10T00:00:00.000Z' });
    expect((await get<RuleView[]>('/api/v1/rules')).body[0]).toMatchObject({ enabled: false, anomaly_threshold: 90 });
    const on = await patch<RuleView>(`/api/v1/rules/${ML_RULE_ID}`, { enabled: true, anomaly_threshold: null });
    expect(on.body).toMatchObject({ enabled: true, anomaly_threshold: 75, settings: { enabled: true } });
    expect(on.body.settings?.anomaly_threshold).toBeUndefined();
    expect(h.reloads).toBe(before + 2);
  });

  it.each([
    [ML_RULE_ID, {}],
    [ML_RULE_ID, { enabled: 'yes' }],
    [ML_RULE_ID, { anomaly_threshold: 101 }],
    [ML_RULE_ID, { anomaly_threshold: '50' }],
    [ML_RULE_ID, { enabled: true, severity: 'high' }],
    [QUERY_RULE_ID, { anomaly_threshold: 50 }],
  ])('rejects PATCH %s %j with 400', async (id, body) => {
    const before = h.reloads;
    const r = await patch<{ error: { code: string } }>(`/api/v1/rules/${id}`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
    expect(h.reloads).toBe(before);
  });

  it('answers 404 when patching an unknown rule', async () => {
    expect((await patch('/api/v1/rules/nope', { enabled: false })).status).toBe(404);
  });

  it('lists the run log, newest first, by rule and bounded', async () => {
    const all = await get<{ items: Array<{ rule_id: string; run_at: string; matches: number; window: { from: string; to: string }; warnings: string[] }> }>('/api/v1/rules/runs');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(8);
    const ml = await get<typeof all.body>(`/api/v1/rules/runs?rule=${ML_RULE_ID}&limit=2`);
    expect(ml.body.items.map((r) => [r.rule_id, r.matches])).toEqual([
      [ML_RULE_ID, 4],
      [ML_RULE_ID, 3],
    ]);
    expect(ml.body.items[1]).toMatchObject({
      run_at: new Date(T0 + 3 * 900_000).toISOString(),
      window: { from: new Date(T0 + 3 * 900_000 - 2_700_000).toISOString(), to: new Date(T0 + 3 * 900_000).toISOString() },
      warnings: ['max_signals reached'],
    });
    const byName = await get<typeof all.body>(`/api/v1/rules/runs?rule=${encodeURIComponent('Suspicious LOLBin with a URL')}`);
    expect(byName.body.items).toHaveLength(3);
    expect((await get<typeof all.body>(`/api/v1/rules/${QUERY_RULE_ID}/runs?limit=1`)).body.items).toHaveLength(1);
    expect((await get('/api/v1/rules/runs?limit=0')).status).toBe(400);
    expect((await get('/api/v1/rules/nope/runs')).status).toBe(404);
  });
});

describe('applyRuleSettings', () => {
  it('returns new rules with the settings applied and leaves its input alone', () => {
    const rules = testRules();
    const settings = new Map([
      [ML_RULE_ID, { rule_id: ML_RULE_ID, enabled: false, anomaly_threshold: 50, updated_at: 'x' }],
      [QUERY_RULE_ID, { rule_id: QUERY_RULE_ID, anomaly_threshold: 10, updated_at: 'x' }],
    ]);
    const out = applyRuleSettings(rules, settings);
    expect(out.map((r) => [r.rule.enabled, r.rule.type === 'machine_learning' ? r.rule.anomaly_threshold : null])).toEqual([
      [false, 50],
      [true, null],
    ]);
    expect(rules[0].rule.enabled).toBe(true);
    expect(rules[0].rule.type === 'machine_learning' && rules[0].rule.anomaly_threshold).toBe(75);
    expect(out[0]).not.toBe(rules[0]);
    expect(applyRuleSettings(rules, new Map())).toEqual(rules);
  });
});
