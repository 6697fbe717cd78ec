// The alert document: Elastic-like (ECS process fields + `kibana.alert.*`), plus the anomaly that caused it
// and oddspawn's explanations. Stored as JSON, written to NDJSON and webhooks unchanged.

import type { ClassifierFields, ProblemChildFields } from '../classify/types.js';
import type { HostInfo, ParentProcessInfo, ProcessInfo, UserInfo } from '../normalize/process-event.js';
import type { Influencer, RarityExplanation } from '../rarity/types.js';
import type { RuleThreat } from '../rules/schema.js';

export type WorkflowStatus = 'open' | 'acknowledged' | 'closed';
export const WORKFLOW_STATUSES: readonly WorkflowStatus[] = ['open', 'acknowledged', 'closed'];

export interface AlertAncestor {
  id: string;
  type: 'event';
  /** Where the source lives: "oddspawn-anomalies" for anomaly records, "oddspawn-events" for scored events. */
  index: string;
  depth: number;
}

export interface AlertRuleFields {
  rule_id: string;
  uuid: string;
  name: string;
  type: 'machine_learning' | 'query';
  version: number;
  description: string;
  severity: string;
  risk_score: number;
  threat: RuleThreat[];
  tags: string[];
  references: string[];
  author: string[];
  license: string;
  interval: string;
  from: string;
  to: 'now';
  max_signals: number;
  machine_learning_job_id?: string[];
  anomaly_threshold?: number;
  query?: string;
  language?: string;
}

export interface AlertSuppressionFields {
  terms: Array<{ field: string; value: string[] | null }>;
  start: string;
  end: string;
  docs_count: number;
}

export interface KibanaAlertFields {
  uuid: string;
  rule: AlertRuleFields;
  severity: string;
  risk_score: number;
  reason: string;
  original_time: string;
  workflow_status: WorkflowStatus;
  workflow_status_updated_at?: string;
  status: 'active';
  depth: 1;
  ancestors: AlertAncestor[];
  /** The scheduled time of the rule execution that created the alert. */
  intended_timestamp: string;
  suppression?: AlertSuppressionFields;
}

/** The anomaly record behind a machine_learning alert (Elastic keeps these record fields on the alert). */
export interface AlertAnomalyFields {
  job_id: string;
  record_id: string;
  timestamp: number;
  bucket_span: number;
  record_score: number;
  initial_record_score: number;
  probability: number;
  function: string;
  function_description: string;
  by_field_name?: string;
  by_field_value?: string;
  partition_field_name?: string;
  partition_field_value?: string;
  typical?: number[];
  actual?: number[];
  influencers: Influencer[];
  scorer: string;
}

export interface AlertExplanation {
  /** The classifier's view of the (first) event behind the alert: probability and top features. */
  classifier?: ClassifierFields;
  /** The rarity job's evidence (first occurrence, history counts, the events behind the record). */
  rarity?: RarityExplanation;
}

export interface AlertDocument {
  '@timestamp': string;
  event: { kind: 'signal'; action?: string; module?: string; dataset?: string; provider?: string };
  host?: HostInfo;
  user?: UserInfo;
  process?: ProcessInfo & { parent?: ParentProcessInfo };
  problemchild?: ProblemChildFields;
  anomaly?: AlertAnomalyFields;
  kibana: { alert: KibanaAlertFields };
  oddspawn: {
    source: { kind: 'anomaly' | 'event'; id: string };
    explanation: AlertExplanation;
  };
}
