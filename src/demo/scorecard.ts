// Grades alerts against the simulator's ground truth: which attack scenarios were caught (by any rule, and by the
// mission's user rule), and how many alerts were false, per 100 user-days — the figures an analyst's time costs.

import type { AlertDocument } from '../alerts/types.js';
import type { ScenarioTruth } from '../simulate/index.js';

export const USER_RULE_ID = '40155ee4-1e6a-4e4d-a63b-e8ba16980cfb';
/** An alert counts for a scenario when it names the scenario's user and one of its processes within this time. */
export const MATCH_WINDOW_MS = 24 * 3_600_000;

export interface ScenarioResult {
  id: string;
  user: string;
  host: string;
  start: string;
  techniques: string[];
  /** The attacker ran at least one process that the account it ran as had never run before. */
  runs_new_process: boolean;
  caught_by_user_rule: boolean;
  caught_by_any_rule: boolean;
  rules: string[];
}

export interface RuleFalseAlerts {
  rule_id: string;
  name: string;
  alerts: number;
  false_alerts: number;
  false_per_100_user_days: number;
}

export interface Scorecard {
  users: number;
  days: number;
  user_days: number;
  scenarios: number;
  caught_by_any_rule: number;
  scenarios_with_new_process: number;
  caught_by_user_rule_with_new_process: number;
  user_rule_recall_on_new_process: number | null;
  alerts: number;
  false_alerts: number;
  false_alerts_per_100_user_days: number;
  by_rule: RuleFalseAlerts[];
  results: ScenarioResult[];
}

function alertUsers(a: AlertDocument): string[] {
  const inf = a.anomaly?.influencers.find((i) => i.influencer_field_name === 'user.name')?.influencer_field_values ?? [];
  const direct = a.user?.name ? [a.user.name] : [];
  const partition = a.anomaly?.partition_field_name === 'user.name' && a.anomaly.partition_field_value ? [a.anomaly.partition_field_value] : [];
  return [...new Set([...direct, ...partition, ...inf])].map((u) => u.toLowerCase());
}

function alertProcesses(a: AlertDocument): string[] {
  const inf = a.anomaly?.influencers.find((i) => i.influencer_field_name === 'process.name')?.influencer_field_values ?? [];
  const by = a.anomaly?.by_field_name === 'process.name' && a.anomaly.by_field_value ? [a.anomaly.by_field_value] : [];
  const direct = a.process?.name ? [a.process.name] : [];
  return [...new Set([...direct, ...by, ...inf])].map((p) => p.toLowerCase());
}

function matches(a: AlertDocument, s: ScenarioTruth): boolean {
  const t = Date.parse(a.kibana.alert.original_time);
  const start = Date.parse(s.start);
  if (!(t >= start - 15 * 60_000 && t <= start + MATCH_WINDOW_MS)) return false;
  const users = alertUsers(a);
  const names = new Set(s.processes.map((p) => p.name.toLowerCase()));
  const procs = alertProcesses(a);
  // The accounts the attack ran as: the victim, and SYSTEM / NETWORK SERVICE for service and WMI launches.
  const accounts = new Set([s.user, ...s.processes.map((p) => p.user)].map((u) => u.toLowerCase()));
  const userOk = users.some((u) => accounts.has(u));
  const hostOk = (a.host?.name ?? '').toLowerCase() === s.host.toLowerCase() || a.anomaly?.partition_field_value?.toLowerCase() === s.host.toLowerCase();
  return (userOk || hostOk) && procs.some((p) => names.has(p));
}

export function scorecard(alerts: readonly AlertDocument[], truth: readonly ScenarioTruth[], users: number, days: number): Scorecard {
  const userDays = users * days;
  const per100 = (n: number) => (userDays > 0 ? Math.round((n / userDays) * 100 * 1000) / 1000 : 0);
  const matched = new Set<AlertDocument>();
  const results: ScenarioResult[] = truth.map((s) => {
    const hits = alerts.filter((a) => matches(a, s));
    for (const h of hits) matched.add(h);
    const rules = [...new Set(hits.map((h) => h.kibana.alert.rule.name))].sort();
    return {
      id: s.id,
      user: s.user,
      host: s.host,
      start: s.start,
      techniques: s.techniques,
      runs_new_process: s.processes.some((p) => p.new_to_user),
      caught_by_user_rule: hits.some((h) => h.kibana.alert.rule.rule_id === USER_RULE_ID),
      caught_by_any_rule: hits.length > 0,
      rules,
    };
  });
  const byRuleMap = new Map<string, RuleFalseAlerts>();
  for (const a of alerts) {
    const r = a.kibana.alert.rule;
    const e = byRuleMap.get(r.rule_id) ?? { rule_id: r.rule_id, name: r.name, alerts: 0, false_alerts: 0, false_per_100_user_days: 0 };
    e.alerts++;
    if (!matched.has(a)) e.false_alerts++;
    byRuleMap.set(r.rule_id, e);
  }
  const byRule = [...byRuleMap.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const r of byRule) r.false_per_100_user_days = per100(r.false_alerts);
  const withNew = results.filter((r) => r.runs_new_process);
  const caughtNew = withNew.filter((r) => r.caught_by_user_rule).length;
  const falseAlerts = alerts.length - matched.size;
  return {
    users,
    days,
    user_days: userDays,
    scenarios: results.length,
    caught_by_any_rule: results.filter((r) => r.caught_by_any_rule).length,
    scenarios_with_new_process: withNew.length,
    caught_by_user_rule_with_new_process: caughtNew,
    user_rule_recall_on_new_process: withNew.length ? Math.round((caughtNew / withNew.length) * 1000) / 1000 : null,
    alerts: alerts.length,
    false_alerts: falseAlerts,
    false_alerts_per_100_user_days: per100(falseAlerts),
    by_rule: byRule,
    results,
  };
}
