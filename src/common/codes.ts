// Stable issue codes. A code, once shipped, keeps its meaning forever: users grep for them and
// exception tooling keys on them. Add new codes at the end of their family; never renumber.

import type { Severity } from './issues.js';

export interface CodeInfo {
  severity: Severity;
  summary: string;
}

export const ISSUE_CODES = {
  // read: containers and files
  OS_READ_OPEN: { severity: 'error', summary: 'an input file or folder cannot be opened' },
  OS_READ_JSON: { severity: 'error', summary: 'a line or document is not valid JSON' },
  OS_READ_LINE_TOO_LONG: { severity: 'error', summary: 'a line exceeds the maximum line length and was skipped' },
  OS_READ_BINARY: { severity: 'error', summary: 'a line holds binary data (NUL or invalid UTF-8), not JSON' },
  OS_READ_NOT_OBJECT: { severity: 'error', summary: 'a JSON value is not an object (array items and lines must be objects)' },
  OS_READ_GZIP: { severity: 'error', summary: 'a gzip stream is corrupt or truncated' },
  OS_READ_TRUNCATED: { severity: 'error', summary: 'a document ends before it is complete' },
  OS_READ_BULK_PAIR: { severity: 'warning', summary: 'a _bulk action line has no source line after it' },
  OS_READ_EMPTY: { severity: 'info', summary: 'an input holds no records' },
  OS_READ_NO_MATCH: { severity: 'error', summary: 'a glob or folder matched no input files' },
  OS_READ_UNKNOWN_FORMAT: { severity: 'error', summary: 'the content of a file is in no supported format' },
  OS_READ_RECORD_TOO_LARGE: { severity: 'error', summary: 'an element of a JSON document (array item, search hit) exceeds the maximum record size and was skipped' },
  // read: EVTX
  OS_EVTX_HEADER: { severity: 'error', summary: 'the EVTX file header is invalid' },
  OS_EVTX_CHUNK: { severity: 'error', summary: 'an EVTX chunk is corrupt (signature or checksum) and was skipped' },
  OS_EVTX_RECORD: { severity: 'error', summary: 'an EVTX record is corrupt and was skipped' },
  OS_EVTX_BINXML: { severity: 'error', summary: 'an EVTX record holds Binary XML that cannot be decoded' },
  OS_EVTX_TRUNCATED: { severity: 'warning', summary: 'an EVTX file ends inside a chunk' },
  OS_EVTX_CHECKSUM: { severity: 'warning', summary: 'an EVTX chunk checksum does not match; its records were still read with structural checks' },
  // normalize
  OS_NORM_NO_PROCESS: { severity: 'error', summary: 'a process event has neither process name nor executable nor command line' },
  OS_NORM_TIMESTAMP: { severity: 'error', summary: 'a record has no usable timestamp' },
  OS_NORM_FIELD_TYPE: { severity: 'warning', summary: 'a field has the wrong type and was converted or dropped' },
  OS_NORM_UNKNOWN_SHAPE: { severity: 'error', summary: 'a record matches no known event shape' },
  // store
  OS_STORE_OPEN: { severity: 'error', summary: 'the database cannot be opened or migrated' },
  OS_STORE_WRITE: { severity: 'error', summary: 'events cannot be written to the database (e.g. the disk is full)' },
  // rules, exceptions, alerts
  OS_RULE_SYNTAX: { severity: 'error', summary: 'a rule file is not valid TOML' },
  OS_RULE_SCHEMA: { severity: 'error', summary: 'a rule file does not match the rule schema' },
  OS_RULE_QUERY: { severity: 'error', summary: 'a query rule\'s query cannot be parsed' },
  OS_RULE_DUPLICATE: { severity: 'error', summary: 'two rule files share a rule_id' },
  OS_RULE_UNKNOWN_JOB: { severity: 'error', summary: 'a rule names an anomaly job that does not exist' },
  OS_RULE_IMPORT_UNSUPPORTED: { severity: 'warning', summary: 'an imported rule has a type or field oddspawn does not support and was skipped' },
  OS_RULE_MAX_SIGNALS: { severity: 'warning', summary: 'a rule run matched more than max_signals; the rest wait for the next run' },
  OS_RULE_GAP: { severity: 'warning', summary: 'rule runs were missed; the next run widened its window to cover the gap' },
  OS_RULE_LATE_EVENT: { severity: 'warning', summary: 'a scored event arrived after every window that could hold it had run' },
  OS_EXCEPTION_INVALID: { severity: 'error', summary: 'an exception list or item is invalid' },
  OS_SINK_FAILED: { severity: 'warning', summary: 'an alert sink failed to deliver alerts' },
  OS_ALERT_NOT_FOUND: { severity: 'error', summary: 'no alert has the given id' },
  OS_RULE_NOT_FOUND: { severity: 'error', summary: 'no rule has the given id or name' },
  // rarity
  OS_RARITY_JOB_CONFIG: { severity: 'error', summary: 'an anomaly job definition is invalid and was not loaded' },
  OS_RARITY_LATE_EVENT: { severity: 'warning', summary: 'an event arrived after its bucket closed (bucket end + latency) and was not modelled' },
  OS_RARITY_STATE: { severity: 'error', summary: 'saved anomaly-job state cannot be restored (version or job mismatch)' },
  // usage
  OS_USAGE: { severity: 'error', summary: 'bad command-line usage' },
  OS_CONFIG: { severity: 'error', summary: 'a configuration or data file is invalid' },
  OS_INTERNAL: { severity: 'error', summary: 'an internal error' },
} as const satisfies Record<string, CodeInfo>;

export type IssueCode = keyof typeof ISSUE_CODES;
