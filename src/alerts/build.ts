// Builds alert documents from what a rule matched: an anomaly record (machine_learning rules) or a scored
// event (query rules). `@timestamp` is the rule execution's time as given — event time in batch mode — so a
// batch run's output is byte-identical from run to run.

import type { ScoredEvent } from '../classify/types.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import type { AnomalyRecord } from '../rarity/types.js';
import type { LoadedRule } from '../rules/schema.js';
import { alertId, anomalySourceId, eventSourceId, ruleUuid } from './id.js';
import { anomalyReason, eventReason } from './reason.js';
import type { AlertDocument, AlertRuleFields } from './types.js';

const RULE_FIELDS = new WeakMap<LoadedRule, AlertRuleFields>();

/** The rule's part of every alert it creates; built once per rule (alerts share it and never change it). */
export function ruleFields(lr: LoadedRule): AlertRuleFields {
  let f = RULE_FIELDS.get(lr);
  if (!f) {
    f = buildRuleFields(lr);
    RULE_FIELDS.set(lr, f);
  }
  return f;
}

function buildRuleFields(lr: LoadedRule): AlertRuleFields {
  const r = lr.rule;
  const base: AlertRuleFields = {
    rule_id: r.rule_id,
    uuid: ruleUuid(r.rule_id),
    name: r.name,
    type: r.type,
    version: r.version,
    description: r.description.trim(),
    severity: r.severity,
    risk_score: r.risk_score,
    threat: r.threat,
    tags: r.tags,
    references: r.references,
    author: r.author,
    license: r.license,
    interval: r.interval,
    from: r.from,
    to: 'now',
    max_signals: r.max_signals,
  };
  if (r.type === 'machine_learning') return { ...base, machine_learning_job_id: r.machine_learning_job_id, anomaly_threshold: r.anomaly_threshold };
  return { ...base, query: r.query.trim(), language: r.language };
}

/** ECS parts of a process event, copied so later edits of the alert never touch the event. */
function ecsFrom(e: ProcessEvent): Pick<AlertDocument, 'host' | 'user' | 'process' | 'event'> {
  const ev: AlertDocument['event'] = { kind: 'signal' };
  if (e.event.action !== undefined) ev.action = e.event.action;
  if (e.event.module !== undefined) ev.module = e.event.module;
  if (e.event.dataset !== undefined) ev.dataset = e.event.dataset;
  if (e.event.provider !== undefined) ev.provider = e.event.provider;
  return structuredClone({ host: e.host, user: e.user, process: e.process, event: ev });
}

/** Sets a dotted ECS path on a nested document unless something is already there. */
function setIfAbsent(doc: Record<string, unknown>, path: string, value: string): void {
  const parts = path.split('.');
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next === undefined) cur[p] = {};
    else if (next === null || typeof next !== 'object') return;
    cur = cur[p] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (cur[last] === undefined) cur[last] = value;
}

const ECS_FROM_INFLUENCERS = new Set([
  'process.name',
  'process.command_line',
  'process.executable',
  'process.parent.name',
  'process.parent.executable',
  'user.name',
  'user.id',
  'host.name',
  'host.id',
  'event.module',
]);

export interface BuildContext {
  rule: LoadedRule;
  /** The rule execution's time (epoch ms): event time in batch mode, the wall clock in service mode. */
  executionMs: number;
}

/**
 * An alert from an anomaly record. `event` is the first event behind the record when the caller could find it:
 * it gives the full process fields and the classifier's explanation; otherwise the influencers fill ECS.
 */
export function buildAnomalyAlert(record: AnomalyRecord, ctx: BuildContext, event?: ScoredEvent): AlertDocument {
  const sourceId = anomalySourceId(record);
  const id = alertId('anomaly', sourceId, ctx.rule.rule.rule_id);
  const ecs = event ? ecsFrom(event.event) : { event: { kind: 'signal' as const } };
  const loose = ecs as Record<string, unknown>;
  // The by/partition fields are the anomaly's own subject: they win over whatever an event says.
  for (const [name, value] of [
    [record.partition_field_name, record.partition_field_value],
    [record.by_field_name, record.by_field_value],
  ] as const) {
    if (name && value !== undefined && ECS_FROM_INFLUENCERS.has(name)) setIfAbsent(loose, name, value);
  }
  for (const inf of record.influencers) {
    const v = inf.influencer_field_values[0];
    if (v !== undefined && ECS_FROM_INFLUENCERS.has(inf.influencer_field_name)) setIfAbsent(loose, inf.influencer_field_name, v);
  }
  const rule = ruleFields(ctx.rule);
  const doc: AlertDocument = {
    '@timestamp': new Date(ctx.executionMs).toISOString(),
    ...ecs,
    ...(event ? { problemchild: { ...event.problemchild } } : {}),
    anomaly: {
      job_id: record.job_id,
      record_id: sourceId,
      timestamp: record.timestamp,
      bucket_span: record.bucket_span,
      record_score: record.record_score,
      initial_record_score: record.initial_record_score,
      probability: record.probability,
      function: record.function,
      function_description: record.function_description,
      ...(record.by_field_name !== undefined ? { by_field_name: record.by_field_name, by_field_value: record.by_field_value } : {}),
      ...(record.partition_field_name !== undefined
        ? { partition_field_name: record.partition_field_name, partition_field_value: record.partition_field_value }
        : {}),
      ...(record.typical ? { typical: record.typical } : {}),
      ...(record.actual ? { actual: record.actual } : {}),
      influencers: structuredClone(record.influencers),
      scorer: record.scorer,
    },
    kibana: {
      alert: {
        uuid: id,
        rule,
        severity: rule.severity,
        risk_score: rule.risk_score,
        reason: '',
        original_time: new Date(record.timestamp).toISOString(),
        workflow_status: 'open',
        status: 'active',
        depth: 1,
        ancestors: [{ id: sourceId, type: 'event', index: 'oddspawn-anomalies', depth: 0 }],
        intended_timestamp: new Date(ctx.executionMs).toISOString(),
      },
    },
    oddspawn: {
      source: { kind: 'anomaly', id: sourceId },
      explanation: { ...(event ? { classifier: structuredClone(event.classifier) } : {}), rarity: structuredClone(record.explanation) },
    },
  };
  doc.kibana.alert.reason = anomalyReason(doc, record);
  return doc;
}

/** An alert from one scored event (query rules). */
export function buildEventAlert(event: ScoredEvent, ctx: BuildContext): AlertDocument {
  const sourceId = eventSourceId(event);
  const id = alertId('event', sourceId, ctx.rule.rule.rule_id);
  const rule = ruleFields(ctx.rule);
  const doc: AlertDocument = {
    '@timestamp': new Date(ctx.executionMs).toISOString(),
    ...ecsFrom(event.event),
    problemchild: { ...event.problemchild },
    kibana: {
      alert: {
        uuid: id,
        rule,
        severity: rule.severity,
        risk_score: rule.risk_score,
        reason: '',
        original_time: new Date(event.timeMs).toISOString(),
        workflow_status: 'open',
        status: 'active',
        depth: 1,
        ancestors: [{ id: sourceId, type: 'event', index: 'oddspawn-events', depth: 0 }],
        intended_timestamp: new Date(ctx.executionMs).toISOString(),
      },
    },
    oddspawn: { source: { kind: 'event', id: sourceId }, explanation: { classifier: structuredClone(event.classifier) } },
  };
  doc.kibana.alert.reason = eventReason(doc, event);
  return doc;
}

/** The document a query rule's predicate reads: the scored event as `oddspawn score` writes it. */
export function scoredDocument(ev: ScoredEvent): Record<string, unknown> {
  // One literal shape (no spread): this runs for every event, and a stable shape keeps property reads fast.
  const e = ev.event;
  return {
    '@timestamp': e['@timestamp'],
    event: e.event,
    host: e.host,
    user: e.user,
    process: e.process,
    label: e.label,
    labels: e.labels,
    problemchild: ev.problemchild,
    oddspawn: { classifier: ev.classifier },
  };
}
