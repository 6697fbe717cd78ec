// The canonical process-start event every later stage consumes. ECS field names, nested.
// Every field but the timestamp and event classification is optional: missing data is a value.

export interface HashInfo {
  md5?: string;
  sha1?: string;
  sha256?: string;
  imphash?: string;
}

export interface CodeSignature {
  exists?: boolean;
  trusted?: boolean;
  subject_name?: string;
  status?: string;
}

export interface TokenInfo {
  /** Elastic Defend: true when the token is elevated. */
  elevation?: boolean;
  /** "default" | "full" | "limited" (Windows TOKEN_ELEVATION_TYPE, rendered). */
  elevation_type?: string;
  /** "low" | "medium" | "high" | "system" | "protected" | "untrusted" */
  integrity_level_name?: string;
  elevation_level?: string;
}

export interface ProcessInfo {
  name?: string;
  executable?: string;
  command_line?: string;
  args?: string[];
  args_count?: number;
  pid?: number;
  entity_id?: string;
  working_directory?: string;
  pe?: { original_file_name?: string };
  hash?: HashInfo;
  code_signature?: CodeSignature;
  /** Sysmon's IntegrityLevel as written ("Medium", "High", "System"…); also mirrored in Ext.token. */
  integrity_level?: string;
  Ext?: { token?: TokenInfo };
}

export interface ParentProcessInfo extends ProcessInfo {
  /** True when the parent was rebuilt from PID links rather than read from the event. */
  reconstructed?: boolean;
}

export interface EventMeta {
  kind: 'event';
  category: ['process'];
  type: ['start'];
  action?: string;
  code?: string;
  provider?: string;
  module?: string;
  dataset?: string;
  id?: string;
}

export interface HostInfo {
  name?: string;
  hostname?: string;
  id?: string;
  os?: { type?: string; family?: string; name?: string; platform?: string; version?: string };
}

export interface UserInfo {
  name?: string;
  domain?: string;
  /** A SID. Always a string here, even when the source wrote a number. */
  id?: string;
}

/** Ground truth carried by labelled data sets and by the simulator; never used as a model input. */
export interface LabelInfo {
  value?: string;
  method?: string;
  technique?: string[];
  scenario?: string;
}

export interface ProcessEvent {
  '@timestamp': string;
  event: EventMeta;
  host: HostInfo;
  user: UserInfo;
  process: ProcessInfo & { parent?: ParentProcessInfo };
  label?: LabelInfo;
  labels?: Record<string, string>;
}

/** The event shapes the normalizer recognises; the summary counts events per shape. */
export type SourceShape =
  | 'elastic-defend'
  | 'winlogbeat-sysmon'
  | 'winlogbeat-security-4688'
  | 'evtx-sysmon'
  | 'evtx-security-4688'
  | 'ecs'
  | 'endgame';

/** A normalized event with what the pipeline needs beside the document itself. */
export interface NormalizedEvent {
  event: ProcessEvent;
  /** `@timestamp` in epoch milliseconds, parsed once. */
  timeMs: number;
  shape: SourceShape;
  origin: import('../common/issues.js').Origin;
  /** The record it came from; set only when asked for (ingest's `keepRaw`, the parallel hunt's workers). */
  raw?: import('../read/types.js').RawRecord;
}
