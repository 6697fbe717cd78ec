// Alerts API benchmark: 100,000 alerts in a SQLite file, `GET /api/v1/alerts` with the filters, sorts and
// pages an analyst uses, measured through fastify inject (routing, validation, JSON) — and, as the baseline in
// the same run, the same count + page queries straight on SQLite (SqliteAlertStore.search, no HTTP).
// Writes bench/results/serve-api.json.
//
// Run: npx tsc -p tsconfig.build.json && node dist/bench/run.js serve-api

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildAnomalyAlert, buildEventAlert } from '../src/alerts/build.js';
import type { AlertQuery } from '../src/alerts/triage.js';
import { loadedRule, anomalyRecord, scoredEvent, T0, MIN } from '../src/rules/test-fixtures.js';
import { apiHarness } from '../src/serve/api/testing.js';
import { TMP_DIR } from './common.js';

const ALERTS = 100_000;

interface Scenario {
  name: string;
  url: string;
  query: AlertQuery;
  iterations: number;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export async function run(): Promise<object> {
  const dir = join(TMP_DIR, 'serve-api');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rules = [
    loadedRule({}),
    loadedRule({ type: 'query', rule_id: '9a1f0c55-7f53-4c1b-9d5c-3a2b1c0d4e5f', name: 'LOLBin with URL', query: 'problemchild.prediction:1', severity: 'high', risk_score: 73 }),
    loadedRule({ type: 'query', rule_id: '0b6e2a1c-3d4f-4a5b-8c7d-9e0f1a2b3c4d', name: 'Office child', query: 'process.parent.name:winword.exe', severity: 'medium', risk_score: 47 }),
    loadedRule({ type: 'query', rule_id: '7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f', name: 'Encoded PowerShell', query: 'process.name:powershell.exe', severity: 'critical', risk_score: 99 }),
  ];
  const h = await apiHarness({ rules, dbPath: join(dir, 'api.sqlite') });
  const names = ['certutil.exe', 'mshta.exe', 'regsvr32.exe', 'rundll32.exe', 'powershell.exe', 'wmic.exe', 'bitsadmin.exe'];
  const seedStart = performance.now();
  let x = 987654321;
  const rnd = (): number => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const span = 30 * 24 * 60 * MIN;
  h.db.transaction(() => {
    for (let i = 0; i < ALERTS; i++) {
      const t = T0 + Math.floor((i * span) / ALERTS);
      const user = `user${Math.floor(rnd() * 500)}`;
      const name = names[Math.floor(rnd() * names.length)];
      const r = i % 4;
      const doc =
        r === 0
          ? buildAnomalyAlert(anomalyRecord({ timestamp: t, score: 50 + rnd() * 50, user, process: name }), { rule: rules[0], executionMs: t })
          : buildEventAlert(
              scoredEvent({ timeMs: t, user, host: `WS-${Math.floor(rnd() * 300)}`, name, p: 0.5 + rnd() / 2, cmd: `${name} -arg ${i} http://h${i % 997}.test/x`, line: i + 1 }),
              { rule: rules[r], executionMs: t },
            );
      h.alerts.insert(doc);
    }
    // A triage history: about 20% acknowledged or closed.
    const ids = (h.db.prepare('SELECT id FROM alerts WHERE rowid % 5 = 0').all() as Array<{ id: string }>).map((r) => r.id);
    h.alerts.updateTriageMany(ids.filter((_, i) => i % 2 === 0), { status: 'closed' }, new Date(T0 + span).toISOString());
    h.alerts.updateTriageMany(ids.filter((_, i) => i % 2 === 1), { status: 'acknowledged', assignee: 'analyst1' }, new Date(T0 + span).toISOString());
  })();
  const seedMs = performance.now() - seedStart;
  h.db.exec('ANALYZE');

  const mid = new Date(T0 + span / 2).toISOString();
  const end = new Date(T0 + span / 2 + 24 * 60 * MIN).toISOString();
  const scenarios: Scenario[] = [
    { name: 'first page, newest first', url: '/api/v1/alerts', query: {}, iterations: 150 },
    { name: 'open, by score', url: '/api/v1/alerts?status=open&sort=-score', query: { status: 'open', sort: '-score' }, iterations: 150 },
    { name: 'one user', url: '/api/v1/alerts?user=user17', query: { user: 'user17' }, iterations: 150 },
    { name: 'rule + severity, page 100', url: '/api/v1/alerts?rule=LOLBin%20with%20URL&severity=high&offset=5000', query: { ruleId: rules[1].rule.rule_id, severity: 'high', offset: 5000 }, iterations: 150 },
    { name: 'one day, by severity', url: `/api/v1/alerts?from=${mid}&to=${end}&sort=-severity`, query: { fromIso: mid, toIso: end, sort: '-severity' }, iterations: 150 },
    { name: 'deep page (offset 90,000)', url: '/api/v1/alerts?offset=90000', query: { offset: 90000 }, iterations: 100 },
    { name: 'substring q=h42.test', url: '/api/v1/alerts?q=h42.test', query: { q: 'h42.test' }, iterations: 40 },
  ];

  const out = [];
  for (const s of scenarios) {
    // Warm-up: prepared statements, page cache.
    for (let i = 0; i < 5; i++) await h.app.inject({ method: 'GET', url: s.url });
    const api: number[] = [];
    let total = 0;
    for (let i = 0; i < s.iterations; i++) {
      const t0 = performance.now();
      const r = await h.app.inject({ method: 'GET', url: s.url });
      api.push(performance.now() - t0);
      if (r.statusCode !== 200) throw new Error(`${s.url}: ${r.statusCode} ${r.body}`);
      total = (r.json() as { total: number }).total;
    }
    const direct: number[] = [];
    for (let i = 0; i < s.iterations; i++) {
      const t0 = performance.now();
      h.alerts.search({ limit: 50, ...s.query });
      direct.push(performance.now() - t0);
    }
    out.push({
      scenario: s.name,
      url: s.url,
      total,
      iterations: s.iterations,
      api_ms: { p50: round(percentile(api, 50)), p99: round(percentile(api, 99)) },
      sqlite_ms: { p50: round(percentile(direct, 50)), p99: round(percentile(direct, 99)) },
      http_overhead_p50_ms: round(percentile(api, 50) - percentile(direct, 50)),
    });
  }
  await h.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    alerts: ALERTS,
    seed_seconds: round(seedMs / 1000),
    baseline: 'sqlite_ms: the same count + page queries straight on SQLite (SqliteAlertStore.search), same process, same run',
    scenarios: out,
  };
}
