// Rules as the service runs them (rule file + persisted settings), their investigation guides, the
// enable/disable and anomaly-threshold settings, and the run log.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findRule } from '../../rules/loader.js';
import { SqliteRunLog, type RunRecord } from '../../rules/run-log.js';
import type { LoadedRule } from '../../rules/schema.js';
import { applyRuleSettings, RuleSettingsStore, type RuleSetting } from '../../rules/settings.js';
import { badRequest, notFound } from '../errors.js';
import type { ApiContext } from './context.js';
import { idParams, limitParam, parseWith, queryInput, textParam } from './validate.js';

const patchBody = z
  .strictObject({ enabled: z.boolean().optional(), anomaly_threshold: z.number().min(0).max(100).nullable().optional() })
  .refine((b) => b.enabled !== undefined || b.anomaly_threshold !== undefined, { message: 'give enabled and/or anomaly_threshold' });
const runsQuery = z.strictObject({ rule: textParam.optional(), limit: limitParam(1000, 100) });

export function ruleView(lr: LoadedRule, setting: RuleSetting | undefined): Record<string, unknown> {
  const r = lr.rule;
  return {
    rule_id: r.rule_id,
    name: r.name,
    description: r.description,
    type: r.type,
    severity: r.severity,
    risk_score: r.risk_score,
    enabled: r.enabled,
    ...(r.type === 'machine_learning' ? { anomaly_threshold: r.anomaly_threshold, machine_learning_job_id: r.machine_learning_job_id } : { query: r.query, language: r.language }),
    interval: r.interval,
    from: r.from,
    max_signals: r.max_signals,
    note: r.note ?? '',
    setup: r.setup ?? '',
    tags: r.tags,
    threat: r.threat,
    references: r.references,
    false_positives: r.false_positives,
    author: r.author,
    license: r.license,
    version: r.version,
    maturity: lr.metadata.maturity,
    /** What an analyst changed (absent: the rule file's own values apply). */
    settings: setting ?? null,
  };
}

function runView(r: RunRecord): Record<string, unknown> {
  return {
    rule_id: r.ruleId,
    rule_name: r.ruleName,
    mode: r.mode,
    run_at: new Date(r.runAtMs).toISOString(),
    window: { from: new Date(r.fromMs).toISOString(), to: new Date(r.toMs).toISOString() },
    matches: r.matches,
    alerts_created: r.alertsCreated,
    duplicates: r.duplicates,
    excluded: r.excluded,
    suppressed: r.suppressed,
    gap_ms: r.gapMs,
    warnings: r.warnings,
    duration_ms: r.durationMs,
  };
}

export function ruleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const settings = new RuleSettingsStore(ctx.db);
  const runLog = new SqliteRunLog(ctx.db);
  // Settings are applied here too (idempotently), so a listing is right even before the engine was rebuilt.
  const current = (): { rules: LoadedRule[]; s: Map<string, RuleSetting> } => {
    const s = settings.all();
    return { rules: applyRuleSettings(ctx.rules(), s), s };
  };
  const one = (id: string): { lr: LoadedRule; s?: RuleSetting } => {
    const { rules, s } = current();
    const lr = findRule(rules, id);
    if (!lr) throw notFound(`no rule with id or name ${id}`);
    return { lr, s: s.get(lr.rule.rule_id) };
  };
  const runs = (ruleId: string | undefined, limit: number) => ({ items: runLog.list({ ruleId, limit }).map(runView) });

  app.get('/api/v1/rules', async () => {
    const { rules, s } = current();
    return rules.map((lr) => ruleView(lr, s.get(lr.rule.rule_id)));
  });

  app.get('/api/v1/rules/runs', async (req) => {
    const q = parseWith(runsQuery, queryInput(req.query), 'query');
    const ruleId = q.rule === undefined ? undefined : (findRule(ctx.rules(), q.rule)?.rule.rule_id ?? q.rule);
    return runs(ruleId, q.limit);
  });

  app.get('/api/v1/rules/:id', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const { lr, s } = one(id);
    return ruleView(lr, s);
  });

  app.get('/api/v1/rules/:id/runs', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const q = parseWith(runsQuery.omit({ rule: true }), queryInput(req.query), 'query');
    return runs(one(id).lr.rule.rule_id, q.limit);
  });

  app.patch('/api/v1/rules/:id', async (req) => {
    const { id } = parseWith(idParams, req.params, 'path');
    const b = parseWith(patchBody, req.body, 'body');
    const { lr } = one(id);
    if (b.anomaly_threshold !== undefined && lr.rule.type !== 'machine_learning') {
      throw badRequest(`invalid body: anomaly_threshold: rule ${lr.rule.rule_id} is a ${lr.rule.type} rule and has no anomaly threshold`, [
        { field: 'anomaly_threshold', message: 'only machine_learning rules have one' },
      ]);
    }
    settings.set(lr.rule.rule_id, b, new Date(ctx.now()).toISOString());
    ctx.reloadRules();
    const after = one(lr.rule.rule_id);
    return ruleView(after.lr, after.s);
  });
}
