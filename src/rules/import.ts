// Imports rules exported from Elastic — a Kibana saved-objects NDJSON export (`_export` of detection rules)
// or detection-rules TOML files — for the types oddspawn runs: machine_learning, and query/eql whose query
// fits oddspawn's query language. Anything else becomes an issue; the rest of the file still imports.

import { parse as parseToml, stringify as stringifyToml, TomlError } from 'smol-toml';
import { issue, type Issue, type Origin } from '../common/issues.js';
import { parseExceptionsText } from './exception-file.js';
import type { ExceptionSet } from './exceptions.js';
import { canonicalJobId, KNOWN_JOB_IDS } from './known-jobs.js';
import { parseQuery, QuerySyntaxError } from './query/parse.js';
import { ruleFileSchema, type RuleFile, type RuleFileInput } from './schema.js';

export interface ImportedRule {
  file: RuleFile;
  origin: Origin;
}

export interface ImportResult {
  rules: ImportedRule[];
  /** Exception lists and items found in a Kibana export (they travel with the rules). */
  exceptions: ExceptionSet;
  issues: Issue[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const RULE_KEYS = [
  'rule_id', 'name', 'description', 'interval', 'from', 'max_signals', 'severity', 'risk_score', 'threat', 'tags',
  'references', 'version', 'author', 'license', 'note', 'setup', 'false_positives', 'enabled',
] as const;
// Fields of Elastic rules that change nothing in how oddspawn runs them: dropped without a word.
const IGNORED = new Set([
  'id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'immutable', 'rule_source', 'revision', 'output_index',
  'meta', 'actions', 'throttle', 'related_integrations', 'required_fields', 'index', 'timestamp_override',
  'timestamp_override_fallback_disabled', 'to', 'risk_score_mapping', 'severity_mapping', 'execution_summary',
  'investigation_fields', 'building_block_type', 'rule_name_override', 'filters', 'data_view_id', 'type', 'language',
  'query', 'machine_learning_job_id', 'anomaly_threshold', 'exceptions_list', 'alert_suppression', 'max_signals',
  'namespace', 'response_actions', 'setup', 'license', 'author', 'version', 'references', 'tags', 'threat', 'note',
]);

function dateOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})/.exec(v);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : undefined;
}

function suppression(v: unknown): Obj | undefined {
  if (!isObj(v) || !Array.isArray(v.group_by)) return undefined;
  const out: Obj = { group_by: v.group_by };
  const d = v.duration;
  if (isObj(d) && typeof d.value === 'number' && typeof d.unit === 'string') out.duration = `${d.value}${d.unit}`;
  else if (typeof d === 'string') out.duration = d;
  if (typeof v.missing_fields_strategy === 'string') out.missing_fields_strategy = v.missing_fields_strategy;
  return out;
}

/** One Elastic rule object (Kibana JSON or the [rule] table of a TOML) → an oddspawn rule file, or issues. */
export function convertRule(src: Obj, meta: Obj | undefined, origin: Origin): { rule?: ImportedRule; issues: Issue[] } {
  const label = `rule "${String(src.name ?? src.rule_id ?? '?')}"`;
  const type = String(src.type ?? '');
  const issues: Issue[] = [];
  const rule: Obj = {};
  for (const k of RULE_KEYS) if (src[k] !== undefined && src[k] !== null) rule[k] = src[k];
  if (!Array.isArray(rule.author) || rule.author.length === 0) rule.author = ['unknown'];
  rule.license ??= 'unspecified';
  rule.version ??= 1;
  // Kibana's defaults when a rule leaves its schedule out.
  rule.interval ??= '5m';
  rule.from ??= 'now-6m';
  if (Array.isArray(src.exceptions_list) && src.exceptions_list.length) {
    rule.exceptions_list = src.exceptions_list.filter(isObj).map((l) => ({
      list_id: String(l.list_id),
      ...(l.namespace_type ? { namespace_type: l.namespace_type } : {}),
      ...(l.type ? { type: l.type } : {}),
    }));
  }
  const sup = suppression(src.alert_suppression);
  if (sup) rule.alert_suppression = sup;

  if (type === 'machine_learning') {
    const jobs = (Array.isArray(src.machine_learning_job_id) ? src.machine_learning_job_id : [src.machine_learning_job_id]).map((j) => canonicalJobId(String(j)));
    const unknown = jobs.filter((j) => !KNOWN_JOB_IDS.includes(j));
    if (unknown.length) {
      return { issues: [issue('OS_RULE_IMPORT_UNSUPPORTED', `${label}: anomaly job${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not run by oddspawn`, origin)] };
    }
    Object.assign(rule, { type, machine_learning_job_id: jobs.length === 1 ? jobs[0] : jobs, anomaly_threshold: src.anomaly_threshold });
  } else if (type === 'query' || type === 'eql') {
    const language = type === 'eql' ? 'eql' : String(src.language ?? 'kuery');
    if (language !== 'kuery' && language !== 'eql') {
      return { issues: [issue('OS_RULE_IMPORT_UNSUPPORTED', `${label}: query language "${language}" is not supported (kuery and eql are)`, origin)] };
    }
    try {
      parseQuery(String(src.query ?? ''));
    } catch (e) {
      if (!(e instanceof QuerySyntaxError)) throw e;
      return { issues: [issue('OS_RULE_IMPORT_UNSUPPORTED', `${label}: its ${language} query is outside oddspawn's query language (${e.message})`, origin)] };
    }
    Object.assign(rule, { type: 'query', language, query: src.query });
  } else {
    return { issues: [issue('OS_RULE_IMPORT_UNSUPPORTED', `${label}: rule type "${type || '(none)'}" is not supported (machine_learning, query and eql are)`, origin)] };
  }

  const dropped = Object.keys(src).filter((k) => !IGNORED.has(k) && !(RULE_KEYS as readonly string[]).includes(k));
  if (dropped.length) issues.push(issue('OS_RULE_IMPORT_UNSUPPORTED', `${label}: fields not used by oddspawn were dropped: ${dropped.sort().join(', ')}`, origin, 'info'));

  const metadata: Obj = {
    creation_date: dateOf(meta?.creation_date) ?? dateOf(src.created_at) ?? '1970/01/01',
    updated_date: dateOf(meta?.updated_date) ?? dateOf(src.updated_at) ?? dateOf(src.created_at) ?? '1970/01/01',
    maturity: typeof meta?.maturity === 'string' ? meta.maturity : 'production',
    ...(Array.isArray(meta?.integration) ? { integration: meta.integration } : {}),
  };
  const parsed = ruleFileSchema.safeParse({ metadata, rule });
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { issues: [...issues, issue('OS_RULE_SCHEMA', `${label}: ${why}`, origin)] };
  }
  return { rule: { file: parsed.data, origin }, issues };
}

/** A Kibana saved-objects export: one rule per line, exception lists and items, a trailing summary line. */
export function importKibanaNdjson(text: string, file: string): ImportResult {
  const out: ImportResult = { rules: [], exceptions: { lists: [], items: [] }, issues: [] };
  const exceptionLines: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const origin = { file, line: i + 1 };
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      out.issues.push(issue('OS_READ_JSON', `not valid JSON: ${(e as Error).message}`, origin));
      return;
    }
    if (!isObj(v)) {
      out.issues.push(issue('OS_READ_NOT_OBJECT', 'a line of the export is not an object', origin));
      return;
    }
    if ('exported_count' in v || 'exported_rules_count' in v) return;
    if (v.rule_id === undefined && (v.list_id !== undefined || v.item_id !== undefined)) {
      exceptionLines.push(line);
      return;
    }
    const r = convertRule(v, undefined, origin);
    out.issues.push(...r.issues);
    if (r.rule) out.rules.push(r.rule);
  });
  if (exceptionLines.length) {
    const ex = parseExceptionsText(exceptionLines.join('\n'), file);
    out.exceptions = { lists: ex.lists, items: ex.items };
    out.issues.push(...ex.issues.map((i) => ({ ...i, origin: { file } })));
  }
  return out;
}

/** A detection-rules TOML file ([metadata] + [rule]). */
export function importDetectionRulesToml(text: string, file: string): ImportResult {
  const out: ImportResult = { rules: [], exceptions: { lists: [], items: [] }, issues: [] };
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    out.issues.push(issue('OS_RULE_SYNTAX', e.message.split('\n')[0], { file, line: e.line }));
    return out;
  }
  if (!isObj(data) || !isObj(data.rule)) {
    out.issues.push(issue('OS_RULE_SCHEMA', 'no [rule] table', { file, line: 1 }));
    return out;
  }
  const r = convertRule(data.rule, isObj(data.metadata) ? data.metadata : undefined, { file, line: 1 });
  out.issues.push(...r.issues);
  if (r.rule) out.rules.push(r.rule);
  return out;
}

export function importRulesText(text: string, file: string): ImportResult {
  return file.endsWith('.toml') ? importDetectionRulesToml(text, file) : importKibanaNdjson(text, file);
}

const MULTILINE = ['description', 'note', 'setup', 'query'] as const;

/** An oddspawn rule file as TOML; long texts as multi-line literal strings so they stay readable. */
export function ruleToToml(file: RuleFile | RuleFileInput): string {
  const rule: Obj = { ...(file.rule as Obj) };
  const blocks: string[] = [];
  for (const k of MULTILINE) {
    const v = rule[k];
    // The newline right after the opening delimiter is not part of the value, so this round-trips exactly.
    if (typeof v === 'string' && v.includes('\n') && !v.includes("'''") && !v.endsWith("'")) {
      blocks.push(`${k} = '''\n${v}'''`);
      delete rule[k];
    }
  }
  const text = stringifyToml({ metadata: file.metadata, rule });
  return blocks.length ? text.replace(/^\[rule\]\n/m, `[rule]\n${blocks.join('\n')}\n`) : text;
}

/** A file name for an imported rule: its name in snake case. */
export function ruleFileName(file: RuleFile): string {
  const slug = file.rule.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 80);
  return `${slug || file.rule.rule_id}.toml`;
}
