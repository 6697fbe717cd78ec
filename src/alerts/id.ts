// Deterministic identities. An alert id depends only on what caused it (the anomaly record's identity or the
// event's content) and the rule, so overlapping look-back windows, re-runs and restarts can never duplicate it.

import { createHash } from 'node:crypto';
import type { ScoredEvent } from '../classify/types.js';
import { recordId, type AnomalyRecord } from '../rarity/types.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export function anomalySourceId(r: AnomalyRecord): string {
  return recordId(r);
}

/**
 * An event's identity from its content, not from the file it was read from: the same event read from two
 * overlapping exports gets the same id. `event.id` alone is not enough (Sysmon record ids repeat across hosts).
 */
export function eventSourceId(ev: ScoredEvent): string {
  const e = ev.event;
  const p = e.process;
  const key = [
    e['@timestamp'],
    e.event.id ?? '',
    e.host.name ?? '',
    e.host.id ?? '',
    e.user.name ?? '',
    e.user.id ?? '',
    p.entity_id ?? '',
    p.pid ?? '',
    p.executable ?? '',
    p.name ?? '',
    p.command_line ?? '',
    p.parent?.pid ?? '',
    p.parent?.executable ?? '',
  ];
  return `evt_${sha256(JSON.stringify(key)).slice(0, 32)}`;
}

export function alertId(sourceKind: 'anomaly' | 'event', sourceId: string, ruleId: string): string {
  return sha256(`${sourceKind}:${sourceId}:${ruleId}`);
}

/** A stable UUID-shaped id for a rule (Kibana's rule saved-object id has no equivalent in files). */
export function ruleUuid(ruleId: string): string {
  const h = sha256(`oddspawn-rule:${ruleId}`);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
