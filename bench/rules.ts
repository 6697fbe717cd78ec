// Rules-stage benchmark: events/s through the rule engine with all shipped rules on (query rules evaluating
// every scored event, ML rules reading anomaly records), in event time over a simulated week, with alerts
// kept in SQLite. Beside it, the same machine's JSON.parse rate over the same events as a baseline.
// Writes bench/results/rules.json.
//
// Run: npx tsc -p tsconfig.build.json --outDir /tmp/oddspawn-bench-rules && node /tmp/oddspawn-bench-rules/bench/rules.js

import type { ScoredEvent } from '../src/classify/types.js';
import { createRuleEngine } from '../src/rules/engine.js';
import { loadRules, shippedRulesDir } from '../src/rules/loader.js';
import { anomalyRecord, MIN, scoredEvent, T0 } from '../src/rules/test-fixtures.js';
import { openDb } from '../src/store/db.js';
import { record } from './common.js';

const EVENTS = 400_000;
const WEEK_MS = 7 * 24 * 60 * MIN;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** A week of events from 200 users on 150 hosts; `flagged` of them predicted malicious (half above 0.98). */
function makeEvents(flagged: number): ScoredEvent[] {
  const out: ScoredEvent[] = [];
  let x = 12345;
  const rnd = (): number => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < EVENTS; i++) {
    const r = rnd();
    const p = r < flagged / 2 ? 0.99 : r < flagged ? 0.7 : 0.05;
    out.push(scoredEvent({ timeMs: T0 + Math.floor((i * WEEK_MS) / EVENTS), p, user: `user${i % 200}`, host: `WS-${i % 150}`, name: r < flagged ? 'certutil.exe' : 'chrome.exe', line: i + 1 }));
  }
  return out;
}

interface EngineRate {
  cpu: number;
  wall: number;
  runs: number;
  alerts: number;
  records: number;
}

/** Engine throughput over `events`, by CPU seconds of this process (robust to other load) and wall time. */
async function engineRate(events: ScoredEvent[]): Promise<EngineRate> {
  const { rules } = loadRules([shippedRulesDir()]);
  const db = openDb(':memory:');
  const engine = createRuleEngine({ db, rules, mode: 'event-time', keepAlerts: false });
  const c0 = cpuSeconds();
  const w0 = performance.now();
  let records = 0;
  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    engine.onScoredEvent(ev);
    // A few anomaly records, as closing buckets would add them.
    if (ev.problemchild.prediction === 1 && i % 500 < 10) {
      const bucket = Math.floor(ev.timeMs / (15 * MIN)) * 15 * MIN;
      engine.onAnomalyRecord(anomalyRecord({ timestamp: bucket, score: 80, user: ev.event.user.name, eventIds: [`events.ndjson:${i + 1}`] }));
      records++;
    }
    engine.advanceTo(ev.timeMs);
  }
  const s = await engine.finish();
  return { cpu: cpuSeconds() - c0, wall: (performance.now() - w0) / 1000, runs: s.runs, alerts: s.alertsCreated, records };
}

export async function run(): Promise<object> {
  const events = makeEvents(0.02);
  const lines = events.map((e) => JSON.stringify(e.event));
  const p0 = cpuSeconds();
  let parsed = 0;
  for (const l of lines) if ((JSON.parse(l) as { user?: object }).user) parsed++;
  const parseCpu = cpuSeconds() - p0;

  const flagged = await engineRate(events);
  const quiet = await engineRate(makeEvents(0));
  return {
    events: EVENTS,
    rules: 8,
    flagged_share: 0.02,
    anomaly_records: flagged.records,
    runs: flagged.runs,
    alerts: flagged.alerts,
    engine_events_per_cpu_s: Math.round(EVENTS / flagged.cpu),
    engine_events_per_wall_s: Math.round(EVENTS / flagged.wall),
    engine_events_per_cpu_s_no_flagged_events: Math.round(EVENTS / quiet.cpu),
    json_parse_events_per_cpu_s: Math.round(parsed / parseCpu),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  const path = record('rules', result);
  process.stdout.write(`${JSON.stringify(result)}\n  → ${path}\n`);
}
