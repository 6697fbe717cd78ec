// Labelled events for training and evaluation, from any source: the shared jsonl files, the ART
// generator, the simulator. Labels come from the event's own `label.value`; the label policy decides
// what counts as positive, negative, or is left out.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { issue, type Issue } from '../../common/issues.js';
import { normalize } from '../../normalize/index.js';
import type { ProcessEvent } from '../../normalize/process-event.js';

export interface LabelledEvent {
  event: ProcessEvent;
  y: 0 | 1;
  weight: number;
  /** Data set the event came from (labels.dataset, or the file name). */
  source: string;
  /** Recording inside the source: the unit of train/validation splits. */
  recording: string;
  technique: string[];
}

/**
 * `attack_candidate` is left out by default: it mixes unlabelled attack steps with background inside
 * attack recordings, so it is neither clean positive nor clean negative (see docs/model-card.md).
 */
export interface LabelPolicy {
  positive: readonly string[];
  negative: readonly string[];
  /** Weight for `attack_candidate` as a negative; 0 leaves it out. */
  candidateAsNegativeWeight: number;
}

export const DEFAULT_POLICY: LabelPolicy = { positive: ['malicious'], negative: ['background', 'benign'], candidateAsNegativeWeight: 0 };

export function labelOf(ev: ProcessEvent, policy: LabelPolicy = DEFAULT_POLICY): { y: 0 | 1; weight: number } | undefined {
  const v = ev.label?.value;
  if (v === undefined) return undefined;
  if (policy.positive.includes(v)) return { y: 1, weight: 1 };
  if (policy.negative.includes(v)) return { y: 0, weight: 1 };
  if (v === 'attack_candidate' && policy.candidateAsNegativeWeight > 0) return { y: 0, weight: policy.candidateAsNegativeWeight };
  return undefined;
}

export function toLabelled(ev: ProcessEvent, fallbackSource: string, policy: LabelPolicy = DEFAULT_POLICY): LabelledEvent | undefined {
  const l = labelOf(ev, policy);
  if (!l) return undefined;
  const source = ev.labels?.dataset ?? fallbackSource;
  return {
    event: ev,
    y: l.y,
    weight: l.weight,
    source,
    recording: ev.labels?.recording ?? source,
    technique: ev.label?.technique ?? [],
  };
}

export interface LoadResult {
  events: LabelledEvent[];
  /** Every normalized event, labelled or not (for scoring and candidate review). */
  all: ProcessEvent[];
  issues: Issue[];
}

/** One JSON object a line → normalized events. Bad lines become issues; the rest are kept. */
export function loadJsonl(path: string, policy: LabelPolicy = DEFAULT_POLICY): LoadResult {
  const text = readFileSync(path, 'utf8');
  const fallback = basename(path).replace(/\.jsonl?$/, '');
  const events: LabelledEvent[] = [];
  const all: ProcessEvent[] = [];
  const issues: Issue[] = [];
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (!raw.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      issues.push(issue('OS_READ_JSON', `invalid JSON: ${(e as Error).message}`, { file: path, line }));
      continue;
    }
    const r = normalize({ value, origin: { file: path, line }, format: 'ndjson' });
    if (r.kind === 'issue') issues.push(r.issue);
    if (r.kind !== 'event') continue;
    all.push(r.event.event);
    const l = toLabelled(r.event.event, fallback, policy);
    if (l) events.push(l);
  }
  return { events, all, issues };
}
