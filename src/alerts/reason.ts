// `kibana.alert.reason`: one sentence an analyst can read in a list. Numbers are formatted with fixed
// precision so the sentence is byte-identical across runs.

import type { ScoredEvent } from '../classify/types.js';
import type { AnomalyRecord } from '../rarity/types.js';
import type { AlertDocument } from './types.js';

const ENTITY_LABEL: Record<string, string> = {
  'user.name': 'user',
  'host.name': 'host',
  'process.parent.name': 'parent process',
  'process.name': 'process',
};

const label = (field: string | undefined): string => (field ? (ENTITY_LABEL[field] ?? field) : 'entity');

/** " by user U on host H", leaving out the field the sentence already names. */
function where(doc: AlertDocument, skip?: string): string {
  const parts: string[] = [];
  if (doc.user?.name && skip !== 'user.name') parts.push(`by user ${doc.user.name}`);
  if (doc.host?.name && skip !== 'host.name') parts.push(`on host ${doc.host.name}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

export function anomalyReason(doc: AlertDocument, r: AnomalyRecord): string {
  const score = Math.round(r.record_score);
  if (r.function.startsWith('high_')) {
    const subjectField = r.by_field_name ?? r.partition_field_name;
    const subject = r.by_field_value ?? r.partition_field_value ?? '?';
    const actual = r.actual?.[0];
    const typical = r.typical?.[0];
    const amounts =
      actual !== undefined ? `summed malicious probability ${actual.toFixed(2)}${typical !== undefined ? ` (typical ${typical.toFixed(2)})` : ''}` : 'an unusually high malicious-probability sum';
    return `Processes of ${label(subjectField)} ${subject} reached ${amounts} in one ${Math.round(r.bucket_span / 60)}-minute bucket: anomaly score ${score} from job ${r.job_id}.`;
  }
  const proc = doc.process?.name ?? r.by_field_value ?? 'a process';
  const entityField = r.partition_field_name ?? r.over_field_name;
  const entity = r.partition_field_value ?? r.over_field_value;
  const rarity = r.explanation.first_occurrence ? 'first seen' : 'rarely seen';
  const forWhom = entity !== undefined ? ` for ${label(entityField)} ${entity}` : '';
  const started = doc.process?.parent?.name && entityField !== 'process.parent.name' ? ` (parent ${doc.process.parent.name})` : '';
  const context = where(doc, entityField);
  return `Process ${proc}${started} was ${rarity}${forWhom}${context}: anomaly score ${score} from job ${r.job_id}.`;
}

export function eventReason(doc: AlertDocument, ev: ScoredEvent): string {
  const proc = doc.process?.name ?? doc.process?.executable ?? 'a process';
  const parent = doc.process?.parent?.name ? ` started by ${doc.process.parent.name}` : '';
  const p = ev.classifier.malicious_probability;
  return `Process ${proc}${parent}${where(doc)} was predicted malicious with probability ${p.toFixed(3)}.`;
}
