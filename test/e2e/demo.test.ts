import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

interface DemoJson {
  simulation: { users: number; days: number; attacks: number; events: number; malicious: number };
  hunt: { counts: { events: number; rejected: number }; rules: { alertsCreated: number }; alerts: unknown[] };
  scorecard: { scenarios: number; alerts: number; false_alerts: number; user_days: number; results: Array<{ id: string }> };
}

describe('oddspawn demo (real CLI, a tiny organisation)', () => {
  it('simulates, hunts every simulated event, and grades the alerts against the ground truth, reproducibly', () => {
    const args = ['demo', '--users', '4', '--days', '3', '--attacks', '2', '--seed', '11', '--format', 'json'];
    const a = runCli(args);
    expect(a.code).toBe(0);
    const d = JSON.parse(a.stdout) as DemoJson;
    expect(d.simulation).toMatchObject({ users: 4, days: 3, attacks: 2 });
    expect(d.hunt.counts.events).toBe(d.simulation.events);
    expect(d.hunt.counts.rejected).toBe(0);
    expect(d.simulation.malicious).toBeGreaterThan(0);
    expect(d.scorecard.scenarios).toBe(2);
    expect(d.scorecard.results.map((r) => r.id)).toHaveLength(2);
    expect(d.scorecard.user_days).toBe(12);
    expect(d.scorecard.alerts).toBe(d.hunt.alerts.length);
    expect(d.scorecard.false_alerts).toBeLessThanOrEqual(d.scorecard.alerts);
    // A fresh temporary database each run: the same seed gives the same alerts and scorecard.
    const b = JSON.parse(runCli(args).stdout) as DemoJson;
    expect(JSON.stringify(b.scorecard)).toBe(JSON.stringify(d.scorecard));
    expect(JSON.stringify(b.hunt.alerts)).toBe(JSON.stringify(d.hunt.alerts));
  });
});
