// The shapes the UI reads from /api/v1 (see notes/api-contract.md). Every field the server might omit is
// optional here, so a partial document renders as "—" instead of crashing the page.

export type WorkflowStatus = 'open' | 'acknowledged' | 'closed';
export const STATUSES: readonly WorkflowStatus[] = ['open', 'acknowledged', 'closed'];
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export interface AlertSummary {
  id: string;
  time: string;
  severity: string;
  risk_score: number;
  rule: { id: string; name: string };
  user?: string | null;
  host?: string | null;
  process?: { name?: string | null; command_line?: string | null } | null;
  score?: number | null;
  status: WorkflowStatus;
  assignee?: string | null;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface TopFeature {
  feature: string;
  description: string;
  contribution: number;
  value?: number | string | boolean;
}

export interface ProcessFields {
  name?: string;
  executable?: string;
  command_line?: string;
  pid?: number;
  entity_id?: string;
  working_directory?: string;
  hash?: { sha256?: string; md5?: string };
  code_signature?: { subject_name?: string; trusted?: boolean };
  integrity_level?: string;
}

export interface RarityExplanation {
  first_occurrence: boolean;
  category_buckets: number;
  entity_buckets: number;
  other_entities_with_category: number;
  entities_total: number;
  event_ids: string[];
  summary: string;
}

export interface AlertDocument {
  '@timestamp': string;
  host?: { name?: string; hostname?: string };
  user?: { name?: string; domain?: string; id?: string };
  process?: ProcessFields & { parent?: ProcessFields };
  anomaly?: { job_id: string; record_score: number; probability: number; function_description?: string; by_field_value?: string; partition_field_value?: string };
  kibana: {
    alert: {
      uuid: string;
      severity: string;
      risk_score: number;
      reason: string;
      original_time: string;
      workflow_status: WorkflowStatus;
      rule: { rule_id: string; name: string; type: string; description?: string; anomaly_threshold?: number; machine_learning_job_id?: string[] };
      suppression?: { docs_count: number; start: string; end: string };
    };
  };
  oddspawn?: {
    source?: { kind: string; id: string };
    explanation?: {
      classifier?: { malicious_probability: number; model: string; top_features: TopFeature[]; override?: { action: string; entry: string; reason?: string } };
      rarity?: RarityExplanation;
    };
  };
}

export interface Note {
  id: string | number;
  at: string;
  author?: string | null;
  text: string;
}

export interface AlertDetail {
  alert: AlertDocument;
  status: WorkflowStatus;
  assignee?: string | null;
  notes: Note[];
}

export interface TimelinePoint {
  time: string;
  process_name?: string | null;
  command_line?: string | null;
  malicious_probability?: number | null;
  event_key?: string | null;
  is_alert: boolean;
}

export interface AlertContext {
  history?: {
    process_name?: string | null;
    user?: string | null;
    first_seen?: string | null;
    last_seen?: string | null;
    count_for_user?: number | null;
    users_running_it?: number | null;
    other_users?: number | null;
    /** The oldest event the server keeps: history before it is unknown. */
    events_since?: string | null;
  } | null;
  timeline: TimelinePoint[];
  parent_chain: Array<{ name?: string | null; command_line?: string | null; pid?: number; time?: string; found?: boolean }>;
  children: Array<{ name?: string | null; command_line?: string | null; time?: string | null }>;
}

export interface RuleInfo {
  rule_id: string;
  name: string;
  type: string;
  severity: string;
  risk_score: number;
  enabled: boolean;
  anomaly_threshold?: number;
  machine_learning_job_id?: string[];
  interval: string;
  from: string;
  note?: string;
  description?: string;
  tags?: string[];
}

export interface RuleRun {
  rule_id: string;
  rule_name: string;
  mode: string;
  run_at: string;
  window: { from: string; to: string };
  matches: number;
  alerts_created: number;
  duplicates: number;
  excluded: number;
  suppressed: number;
  gap_ms: number;
  warnings: string[];
  duration_ms: number;
}

export type ExceptionValue = string | number | boolean;
export interface ExceptionEntry {
  field: string;
  operator?: 'included' | 'excluded';
  type: string;
  value?: ExceptionValue | ExceptionValue[];
  entries?: ExceptionEntry[];
}

export interface ExceptionItem {
  id?: string;
  item_id?: string;
  list_id?: string;
  name: string;
  description?: string;
  rule_id?: string;
  entries: ExceptionEntry[];
  created_at?: string;
  [extra: string]: unknown;
}

export interface CountKey {
  key: string;
  count: number;
}

export interface Dashboard {
  over_time: Array<{ t: string; rule_id: string; rule_name: string; severity: string; count: number }>;
  top_users: CountKey[];
  top_hosts: CountKey[];
  top_processes: CountKey[];
  by_severity: Partial<Record<Severity, number>>;
  by_status?: Partial<Record<WorkflowStatus, number>>;
  top_rules?: Array<{ key: string; name: string; count: number }>;
  total?: number;
}
