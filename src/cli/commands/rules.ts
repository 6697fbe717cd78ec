// `oddspawn rules list|show|validate|import`: the shipped rules and the user's, as data.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { escapeTerminal } from '../../alerts/sinks/escape.js';
import { formatIssue, OddspawnError, type Issue } from '../../common/issues.js';
import { resolveDbPath } from '../../store/location.js';
import type { LoadedRule } from '../../rules/schema.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function printIssues(issues: readonly Issue[]): void {
  for (const i of issues) process.stderr.write(`${escapeTerminal(formatIssue(i))}\n`);
}

// The rule modules (schemas, TOML, SQLite) load when a rules command runs, not when the CLI starts (see index.ts).
async function loadOrFail(dirs: string[] | undefined): Promise<{ rules: LoadedRule[]; issues: Issue[] }> {
  const { loadRules, shippedRulesDir } = await import('../../rules/loader.js');
  return loadRules(dirs?.length ? dirs : [shippedRulesDir()]);
}

function table(rows: string[][]): string {
  rows = rows.map((r) => r.map(escapeTerminal));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

function summaryOf(lr: LoadedRule): Record<string, unknown> {
  const r = lr.rule;
  return {
    rule_id: r.rule_id,
    name: r.name,
    type: r.type,
    severity: r.severity,
    risk_score: r.risk_score,
    interval: r.interval,
    from: r.from,
    max_signals: r.max_signals,
    enabled: r.enabled,
    ...(r.type === 'machine_learning' ? { machine_learning_job_id: r.machine_learning_job_id, anomaly_threshold: r.anomaly_threshold } : { language: r.language }),
    file: lr.file,
  };
}

function showText(lr: LoadedRule): string {
  const r = lr.rule;
  const lines = [
    `${r.name}`,
    `  rule_id:     ${r.rule_id} (version ${r.version})`,
    `  type:        ${r.type}${r.type === 'machine_learning' ? ` — job ${r.machine_learning_job_id.join(', ')}, anomaly_threshold ${r.anomaly_threshold}` : ` (${r.language})`}`,
    `  schedule:    every ${r.interval}, look-back ${r.from}, max_signals ${r.max_signals}${r.enabled ? '' : ' (disabled)'}`,
    `  severity:    ${r.severity}, risk score ${r.risk_score}`,
    `  threat:      ${r.threat.map((t) => `${t.tactic.id} ${t.tactic.name}: ${(t.technique ?? []).map((x) => `${x.id} ${x.name}`).join(', ')}`).join('; ')}`,
    `  tags:        ${r.tags.join(', ')}`,
    `  author:      ${r.author.join(', ')} — license ${r.license}`,
    `  file:        ${lr.file}`,
    '',
    r.description.trim(),
  ];
  if (r.type === 'query') lines.push('', 'Query:', r.query.trim());
  if (r.note) lines.push('', r.note.trim());
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const rules = program.command('rules').description('list, show, validate and import detection rules');

  rules
    .command('list')
    .description('the rules and their schedule')
    .option('--rules-dir <dir>', 'rule folder or file (repeatable; default: the shipped rules)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExample:\n  oddspawn rules list --format json')
    .action(async (opts: { rulesDir?: string[]; format: string }) => {
      const { rules: loaded, issues } = await loadOrFail(opts.rulesDir);
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify(loaded.map(summaryOf), null, 2)}\n`);
      else {
        const rows = [['RULE_ID', 'TYPE', 'SEVERITY', 'RISK', 'EVERY', 'FROM', 'SOURCE', 'NAME']];
        for (const lr of loaded) {
          const r = lr.rule;
          rows.push([r.rule_id, r.type, r.severity, String(r.risk_score), r.interval, r.from, r.type === 'machine_learning' ? `${r.machine_learning_job_id.join(',')} ≥ ${r.anomaly_threshold}` : `${r.language} query`, r.name]);
        }
        process.stdout.write(table(rows));
      }
      printIssues(issues);
      if (issues.some((i) => i.severity === 'error')) process.exitCode = 1;
    });

  rules
    .command('show')
    .description('one rule in full, with its investigation guide')
    .argument('<rule>', 'rule_id or name')
    .option('--rules-dir <dir>', 'rule folder or file (repeatable; default: the shipped rules)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'toml']).default('text'))
    .addHelpText('after', '\nExample:\n  oddspawn rules show "Unusual Process Spawned by a User"')
    .action(async (idOrName: string, opts: { rulesDir?: string[]; format: string }) => {
      const { findRule } = await import('../../rules/loader.js');
      const { rules: loaded } = await loadOrFail(opts.rulesDir);
      const lr = findRule(loaded, idOrName);
      if (!lr) throw new OddspawnError('OS_RULE_NOT_FOUND', `no rule has the id or name "${idOrName}" (see oddspawn rules list)`, undefined, 1);
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ metadata: lr.metadata, rule: lr.rule }, null, 2)}\n`);
      else if (opts.format === 'toml') process.stdout.write(readFileSync(lr.file, 'utf8'));
      else process.stdout.write(showText(lr));
    });

  rules
    .command('validate')
    .description('check rule files: syntax, schema, lookback ≥ interval, unique ids, known jobs; every failure at once')
    .argument('[paths...]', 'rule files or folders (default: the shipped rules)')
    .option('--rules-dir <dir>', 'rule folder or file, like a path argument (repeatable)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExample:\n  oddspawn rules validate my-rules/\n\nExit code 1 when any rule is invalid.')
    .action(async (paths: string[], opts: { rulesDir?: string[]; format: string }) => {
      const { rules: loaded, issues } = await loadOrFail([...paths, ...(opts.rulesDir ?? [])]);
      const errors = issues.filter((i) => i.severity === 'error');
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify({ valid: loaded.length, issues }, null, 2)}\n`);
      } else {
        for (const i of issues) process.stdout.write(`${escapeTerminal(formatIssue(i))}\n`);
        process.stdout.write(`${loaded.length} rule${loaded.length === 1 ? '' : 's'} valid, ${errors.length} error${errors.length === 1 ? '' : 's'}\n`);
      }
      if (errors.length) process.exitCode = 1;
    });

  rules
    .command('import')
    .description('import rules exported from Elastic (Kibana NDJSON export or detection-rules TOML) as oddspawn rule files')
    .argument('<files...>', '.ndjson exports or .toml rule files')
    .requiredOption('--rules-dir <dir>', 'folder to write the imported rule files to')
    .option('--overwrite', 'replace existing files of the same name')
    .option('--exceptions-out <file>', 'write the exception lists and items found in the export here (JSON)')
    .option('--dry-run', 'check and report, write nothing')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExample:\n  oddspawn rules import rules_export.ndjson --rules-dir ./my-rules\n\nUnsupported rule types are reported and skipped; exit code 1 only when a supported rule could not be imported.')
    .action(async (files: string[], opts: { rulesDir: string; overwrite?: boolean; exceptionsOut?: string; dryRun?: boolean; format: string }) => {
      const { importRulesText, ruleFileName, ruleToToml } = await import('../../rules/import.js');
      const issues: Issue[] = [];
      const written: Array<{ rule_id: string; name: string; file: string }> = [];
      const exceptions = { lists: [] as unknown[], items: [] as unknown[] };
      if (!opts.dryRun) mkdirSync(opts.rulesDir, { recursive: true });
      for (const f of files) {
        let text: string;
        try {
          text = readFileSync(f, 'utf8');
        } catch (e) {
          issues.push({ code: 'OS_READ_OPEN', severity: 'error', message: `cannot read ${f}: ${(e as Error).message}`, origin: { file: f } });
          continue;
        }
        const res = importRulesText(text, f);
        issues.push(...res.issues);
        exceptions.lists.push(...res.exceptions.lists);
        exceptions.items.push(...res.exceptions.items);
        for (const r of res.rules) {
          const target = join(opts.rulesDir, ruleFileName(r.file));
          if (existsSync(target) && !opts.overwrite) {
            issues.push({ code: 'OS_USAGE', severity: 'error', message: `${target} exists (use --overwrite)`, origin: r.origin });
            continue;
          }
          if (!opts.dryRun) writeFileSync(target, ruleToToml(r.file));
          written.push({ rule_id: r.file.rule.rule_id, name: r.file.rule.name, file: target });
        }
      }
      if (opts.exceptionsOut && !opts.dryRun && (exceptions.lists.length || exceptions.items.length)) {
        writeFileSync(opts.exceptionsOut, `${JSON.stringify(exceptions, null, 2)}\n`);
      }
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ imported: written, issues, exceptions: { lists: exceptions.lists.length, items: exceptions.items.length } }, null, 2)}\n`);
      else {
        for (const w of written) process.stdout.write(`${opts.dryRun ? 'would import' : 'imported'} ${w.rule_id}  ${escapeTerminal(w.name)} → ${w.file}\n`);
        for (const i of issues) process.stdout.write(`${escapeTerminal(formatIssue(i))}\n`);
        process.stdout.write(`${written.length} imported, ${issues.filter((i) => i.severity === 'warning').length} skipped, ${issues.filter((i) => i.severity === 'error').length} failed\n`);
      }
      if (issues.some((i) => i.severity === 'error')) process.exitCode = 1;
    });

  rules
    .command('runs')
    .description('the run log: each rule execution with its window, matches, alerts and warnings (newest first)')
    .option('--rule <rule_id>', 'only runs of this rule')
    .option('--db <path>', 'database (default: $ODDSPAWN_DB or the user data folder)')
    .option('--limit <n>', 'at most this many runs', (v) => Number(v), 50)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', '\nExample:\n  oddspawn rules runs --rule 40155ee4-1e6a-4e4d-a63b-e8ba16980cfb --limit 10')
    .action(async (opts: { rule?: string; db?: string; limit: number; format: string }) => {
      const { SqliteRunLog } = await import('../../rules/run-log.js');
      const { openDb } = await import('../../store/db.js');
      const path = resolveDbPath(opts.db);
      if (!Number.isInteger(opts.limit) || opts.limit <= 0) throw new OddspawnError('OS_USAGE', '--limit must be a positive integer', undefined, 2);
      if (!existsSync(path)) throw new OddspawnError('OS_STORE_OPEN', `no database at ${path} (run oddspawn hunt first, or pass --db PATH)`, { file: path }, 1);
      const runs = new SqliteRunLog(openDb(path)).list({ ruleId: opts.rule, limit: opts.limit });
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
        return;
      }
      const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
      const rows = [['RUN AT', 'MODE', 'WINDOW FROM', 'MATCHES', 'ALERTS', 'DUPLICATES', 'EXCLUDED', 'SUPPRESSED', 'RULE', 'WARNINGS']];
      for (const r of runs) {
        rows.push([iso(r.runAtMs), r.mode, iso(r.fromMs), String(r.matches), String(r.alertsCreated), String(r.duplicates), String(r.excluded), String(r.suppressed), r.ruleName, r.warnings.join('; ')]);
      }
      process.stdout.write(table(rows));
    });
}
