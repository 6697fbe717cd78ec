// The rule file format: Elastic detection-rules TOML field names (`[metadata]` + `[rule]`), validated by zod.
// Unknown keys are errors, so a typo ("anomaly_treshold") is caught instead of silently ignored.

import { z } from 'zod';
import { parseDuration, parseLookback } from './duration.js';
import { parseQuery, QuerySyntaxError } from './query/parse.js';

const durationString = z.string().refine((s) => parseDuration(s) !== undefined, {
  message: 'expected a duration such as "15m", "1h", "30s"',
});
const lookbackString = z.string().refine((s) => parseLookback(s) !== undefined, {
  message: 'expected a look-back such as "now-45m"',
});
const dateString = z.string().regex(/^\d{4}\/\d{2}\/\d{2}$/, 'expected a date as YYYY/MM/DD');

const mitreRef = z.strictObject({ id: z.string().min(1), name: z.string().min(1), reference: z.url() });
const technique = z.strictObject({
  id: z.string().regex(/^T\d{4}$/, 'expected a technique id such as T1036'),
  name: z.string().min(1),
  reference: z.url(),
  subtechnique: z.array(mitreRef).optional(),
});
export const threatSchema = z.strictObject({
  framework: z.literal('MITRE ATT&CK'),
  tactic: mitreRef.extend({ id: z.string().regex(/^TA\d{4}$/, 'expected a tactic id such as TA0005') }),
  technique: z.array(technique).optional(),
});

const exceptionListRef = z.strictObject({
  list_id: z.string().min(1),
  id: z.string().optional(),
  namespace_type: z.enum(['single', 'agnostic']).optional(),
  type: z.enum(['detection', 'rule_default', 'endpoint']).optional(),
});

const suppression = z.strictObject({
  group_by: z.array(z.string().min(1)).min(1).max(3),
  duration: durationString.optional(),
  missing_fields_strategy: z.enum(['suppress', 'doNotSuppress']).optional(),
});

const common = {
  rule_id: z.uuid(),
  name: z.string().min(1),
  description: z.string().min(1),
  interval: durationString,
  from: lookbackString,
  to: z.literal('now').optional(),
  max_signals: z.number().int().min(1).max(10000).default(100),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  risk_score: z.number().int().min(0).max(100),
  threat: z.array(threatSchema).default([]),
  tags: z.array(z.string()).default([]),
  references: z.array(z.url()).default([]),
  version: z.number().int().min(1),
  author: z.array(z.string().min(1)).min(1),
  license: z.string().min(1),
  note: z.string().optional(),
  setup: z.string().optional(),
  false_positives: z.array(z.string()).default([]),
  enabled: z.boolean().default(true),
  exceptions_list: z.array(exceptionListRef).default([]),
  alert_suppression: suppression.optional(),
};

export const mlRuleSchema = z.strictObject({
  ...common,
  type: z.literal('machine_learning'),
  // Elastic accepts one job id or a list; keep the list form internally.
  machine_learning_job_id: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .transform((v) => (Array.isArray(v) ? v : [v])),
  anomaly_threshold: z.number().min(0).max(100),
});

export const queryRuleSchema = z.strictObject({
  ...common,
  type: z.literal('query'),
  language: z.enum(['kuery', 'eql', 'oddspawn']).default('oddspawn'),
  query: z.string().superRefine((q, ctx) => {
    try {
      parseQuery(q);
    } catch (e) {
      if (e instanceof QuerySyntaxError) ctx.addIssue({ code: 'custom', message: `query: ${e.message}` });
      else throw e;
    }
  }),
});

export const ruleSchema = z.discriminatedUnion('type', [mlRuleSchema, queryRuleSchema]);

export const metadataSchema = z.strictObject({
  creation_date: dateString,
  updated_date: dateString,
  maturity: z.enum(['development', 'experimental', 'beta', 'production', 'deprecated']),
  integration: z.array(z.string()).optional(),
  min_stack_version: z.string().optional(),
  min_stack_comments: z.string().optional(),
});

export const ruleFileSchema = z.strictObject({ metadata: metadataSchema, rule: ruleSchema });

export type RuleThreat = z.infer<typeof threatSchema>;
export type MlRule = z.infer<typeof mlRuleSchema>;
export type QueryRule = z.infer<typeof queryRuleSchema>;
export type Rule = MlRule | QueryRule;
export type RuleMetadata = z.infer<typeof metadataSchema>;
export type RuleFile = z.infer<typeof ruleFileSchema>;
/** The input form of a rule file (before defaults), as written to TOML by `rules import`. */
export type RuleFileInput = z.input<typeof ruleFileSchema>;

/** A rule as loaded: its definition plus where it came from and its schedule in milliseconds. */
export interface LoadedRule {
  rule: Rule;
  metadata: RuleMetadata;
  file: string;
  intervalMs: number;
  lookbackMs: number;
}
