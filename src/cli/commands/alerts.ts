// `oddspawn alerts list|show|ack|close|reopen`: the alerts in the store, and their workflow status.

import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { escapeTerminal } from '../../alerts/sinks/escape.js';
import { formatAlertTable } from '../../alerts/sinks/table.js';
import { SqliteAlertStore } from '../../alerts/store.js';
import { WORKFLOW_STATUSES, type AlertDocument, type WorkflowStatus } from '../../alerts/types.js';
import { OddspawnError } from '../../common/issues.js';
import { openDb } from '../../store/db.js';
import { resolveDbPath } from '../../store/location.js';

function openStore(dbFlag: string | undefined): SqliteAlertStore {
  const path = resolveDbPath(dbFlag);
  if (path !== ':memory:' && !existsSync(path)) {
    throw new OddspawnError('OS_STORE_OPEN', `no database at ${path} (run oddspawn hunt first, or pass --db PATH)`, { file: path }, 1);
  }
  return new SqliteAlertStore(openDb(path));
}

function resolveId(store: SqliteAlertStore, idOrPrefix: string): string {
  const id = idOrPrefix.toLowerCase();
  if (store.has(id)) return id;
  const ids = id.length >= 6 ? store.idsWithPrefix(id) : [];
  if (ids.length === 1) return ids[0];
  const why = ids.length > 1 ? 'matches several alerts; give more characters' : 'matches no alert';
  throw new OddspawnError('OS_ALERT_NOT_FOUND', `alert id "${escapeTerminal(idOrPrefix)}" ${why}`, undefined, 1);
}

function useColour(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

function showText(d: AlertDocument): string {
  const a = d.kibana.alert;
  const e = escapeTerminal;
  const lines = [
    `Alert ${a.uuid}`,
    `  rule:          ${e(a.rule.name)} (${a.rule.rule_id}, v${a.rule.version})`,
    `  severity:      ${a.severity}, risk score ${a.risk_score}`,
    `  status:        ${a.workflow_status}${a.workflow_status_updated_at ? ` (since ${a.workflow_status_updated_at})` : ''}`,
    `  original time: ${a.original_time}   detected: ${d['@timestamp']}`,
    `  reason:        ${e(a.reason)}`,
  ];
  if (d.user?.name || d.user?.id) lines.push(`  user:          ${e(d.user?.name ?? '')}${d.user?.id ? ` (${e(d.user.id)})` : ''}`);
  if (d.host?.name) lines.push(`  host:          ${e(d.host.name)}`);
  if (d.process?.executable || d.process?.name) lines.push(`  process:       ${e(d.process?.executable ?? d.process?.name ?? '')}`);
  if (d.process?.parent?.executable || d.process?.parent?.name) lines.push(`  parent:        ${e(d.process?.parent?.executable ?? d.process?.parent?.name ?? '')}`);
  if (d.process?.command_line) lines.push(`  command line:  ${e(d.process.command_line)}`);
  if (d.anomaly) {
    const an = d.anomaly;
    lines.push(`  anomaly:       ${an.job_id} ${an.function} score ${an.record_score.toFixed(1)} (initial ${an.initial_record_score.toFixed(1)}), probability ${an.probability.toExponential(2)}`);
    if (an.actual) lines.push(`                 actual ${an.actual.join(', ')}; typical ${(an.typical ?? []).join(', ')}`);
  }
  const c = d.oddspawn.explanation.classifier;
  if (c) {
    lines.push(`  classifier:    malicious probability ${c.malicious_probability.toFixed(3)} (${e(c.model)})`);
    for (const f of c.top_features) lines.push(`    ${f.contribution >= 0 ? '+' : ''}${f.contribution.toFixed(2)}  ${e(f.description)}`);
  }
  const r = d.oddspawn.explanation.rarity;
  if (r) lines.push(`  rarity:        ${e(r.summary)}`, `                 first occurrence ${r.first_occurrence}; seen in ${r.category_buckets} of ${r.entity_buckets} buckets; ${r.other_entities_with_category} other of ${r.entities_total} entities`);
  if (d.kibana.alert.suppression) lines.push(`  suppressed:    ${d.kibana.alert.suppression.docs_count} similar alerts until ${d.kibana.alert.suppression.end}`);
  return `${lines.join('\n')}\n`;
}

function setStatus(status: WorkflowStatus) {
  return (ids: string[], opts: { db?: string }) => {
    const store = openStore(opts.db);
    const at = new Date().toISOString();
    for (const raw of ids) {
      const id = resolveId(store, raw);
      store.setStatus(id, status, at);
      process.stdout.write(`${id} ${status}\n`);
    }
  };
}

export function register(program: Command): void {
  const alerts = program.command('alerts').description('list and triage the alerts in the store');

  alerts
    .command('list')
    .description('alerts by original time')
    .addOption(new Option('--status <status>', 'only alerts in this workflow status').choices([...WORKFLOW_STATUSES]))
    .option('--rule <rule>', 'only alerts of this rule (rule_id or name)')
    .option('--db <path>', 'database (default: $ODDSPAWN_DB or the user data folder)')
    .option('--limit <n>', 'at most this many alerts', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new OddspawnError('OS_USAGE', `--limit must be a positive integer, not "${v}"`, undefined, 2);
      return n;
    })
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'ndjson']).default('table'))
    .addHelpText('after', '\nExample:\n  oddspawn alerts list --status open --rule "Unusual Process Spawned by a User"')
    .action((opts: { status?: WorkflowStatus; rule?: string; db?: string; limit?: number; format: string }) => {
      const docs = openStore(opts.db).list({ status: opts.status, ruleId: opts.rule, limit: opts.limit });
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify(docs, null, 2)}\n`);
      else if (opts.format === 'ndjson') process.stdout.write(docs.map((d) => `${JSON.stringify(d)}\n`).join(''));
      else if (docs.length) process.stdout.write(formatAlertTable(docs, { color: useColour() }));
      else process.stderr.write('no alerts\n');
    });

  alerts
    .command('show')
    .description('one alert in full: fields, reason and both explanations')
    .argument('<id>', 'alert id (or a unique prefix of at least 6 characters)')
    .option('--db <path>', 'database')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((raw: string, opts: { db?: string; format: string }) => {
      const store = openStore(opts.db);
      const doc = store.get(resolveId(store, raw))!;
      process.stdout.write(opts.format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : showText(doc));
    });

  for (const [name, status, what] of [
    ['ack', 'acknowledged', 'mark alerts acknowledged (being investigated)'],
    ['close', 'closed', 'close alerts'],
    ['reopen', 'open', 'set alerts back to open'],
  ] as const) {
    alerts
      .command(name)
      .description(what)
      .argument('<ids...>', 'alert ids (or unique prefixes)')
      .option('--db <path>', 'database')
      .action(setStatus(status));
  }
}
