import { describe, expect, it } from 'vitest';
import { scorecard, USER_RULE_ID } from './scorecard.js';
import type { AlertDocument } from '../alerts/types.js';
import type { ScenarioTruth } from '../simulate/index.js';

function alert(ruleId: string, name: string, user: string, proc: string, time: string): AlertDocument {
  return {
    '@timestamp': time,
    event: { kind: 'signal' },
    user: { name: user },
    host: { name: 'ws-1' },
    process: { name: proc },
    kibana: { alert: { uuid: `${ruleId}-${user}-${proc}-${time}`, original_time: time, rule: { rule_id: ruleId, name } } },
    oddspawn: { source: { kind: 'event', id: 'x' }, explanation: {} },
  } as unknown as AlertDocument;
}

const truth: ScenarioTruth[] = [
  { id: 'atk-1', template: 't', launcher: 'l', user: 'alice', user_id: 'S-1', host: 'ws-1', start: '2026-01-05T10:00:00.000Z', techniques: ['T1218'], events: 3, processes: [{ name: 'mshta.exe', user: 'alice', new_to_user: true }] },
  { id: 'atk-2', template: 't', launcher: 'l', user: 'bob', user_id: 'S-2', host: 'ws-2', start: '2026-01-06T10:00:00.000Z', techniques: ['T1105'], events: 2, processes: [{ name: 'certutil.exe', user: 'bob', new_to_user: true }] },
  { id: 'atk-3', template: 't', launcher: 'l', user: 'carol', user_id: 'S-3', host: 'ws-3', start: '2026-01-07T10:00:00.000Z', techniques: ['T1059'], events: 1, processes: [{ name: 'cmd.exe', user: 'carol', new_to_user: false }] },
  // Launched as a service on erin's host: the processes ran as SYSTEM, and the user rule sees SYSTEM.
  { id: 'atk-4', template: 't', launcher: 'service', user: 'erin', user_id: 'S-4', host: 'ws-4', start: '2026-01-09T10:00:00.000Z', techniques: ['T1569.002'], events: 2, processes: [{ name: 'qzxwv.exe', user: 'SYSTEM', new_to_user: true }] },
];

describe('scorecard', () => {
  it('counts scenarios caught by the user rule, other rules, and false alerts per 100 user-days', () => {
    const alerts = [
      alert(USER_RULE_ID, 'Unusual Process Spawned by a User', 'alice', 'mshta.exe', '2026-01-05T10:15:00.000Z'),
      alert('other', 'Other', 'bob', 'CERTUTIL.EXE', '2026-01-06T11:00:00.000Z'),
      // Right user and process but two days late: not this scenario.
      alert(USER_RULE_ID, 'Unusual Process Spawned by a User', 'alice', 'mshta.exe', '2026-01-07T12:00:00.000Z'),
      alert('other', 'Other', 'dave', 'conhost.exe', '2026-01-08T09:00:00.000Z'),
      alert(USER_RULE_ID, 'Unusual Process Spawned by a User', 'SYSTEM', 'qzxwv.exe', '2026-01-09T10:15:00.000Z'),
    ];
    const c = scorecard(alerts, truth, 10, 10);
    expect(c.user_days).toBe(100);
    expect(c.scenarios).toBe(4);
    expect(c.caught_by_any_rule).toBe(3);
    expect(c.scenarios_with_new_process).toBe(3);
    expect(c.caught_by_user_rule_with_new_process).toBe(2);
    expect(c.user_rule_recall_on_new_process).toBe(0.667);
    expect(c.false_alerts).toBe(2);
    expect(c.false_alerts_per_100_user_days).toBe(2);
    expect(c.results.map((r) => [r.id, r.caught_by_user_rule, r.caught_by_any_rule])).toEqual([
      ['atk-1', true, true],
      ['atk-2', false, true],
      ['atk-3', false, false],
      ['atk-4', true, true],
    ]);
    expect(c.by_rule.map((r) => [r.name, r.alerts, r.false_alerts])).toEqual([
      ['Other', 2, 1],
      ['Unusual Process Spawned by a User', 3, 1],
    ]);
  });

  it('has no recall figure when no scenario runs a new process', () => {
    expect(scorecard([], truth.slice(2, 3), 1, 1).user_rule_recall_on_new_process).toBeNull();
  });
});
