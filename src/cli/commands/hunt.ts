// `oddspawn hunt`: the batch pipeline over files, folders, globs or stdin, in event-time order.

import { Option, type Command } from 'commander';
import { dbOption, elasticJobsOption, formatOption, maxLineOption, nonNegativeNumber, quietOption, rejectsOption, workersOption, type OutputFormat } from '../options.js';
import type { HuntSummary } from '../../pipeline.js';
import type { AlertSink } from '../../alerts/index.js';

interface HuntOpts {
  db?: string;
  format: OutputFormat;
  rejects?: string;
  maxLineBytes: number;
  quiet?: boolean;
  store: boolean;
  rule: string[];
  rulesDir: string[];
  jobs: string[];
  elasticJobs?: boolean;
  alerts?: string;
  anomalies?: string;
  exceptions?: string;
  model?: string;
  overrides?: string;
  webhook?: string;
  retentionDays?: number;
  workers?: number;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function huntOptions(cmd: Command): Command {
  return cmd
    .addOption(dbOption())
    .addOption(formatOption())
    .option('--rule <id-or-name>', 'run only this rule (repeatable; default: every rule)', collect, [])
    .option('--rules-dir <dir>', 'rule files to load instead of the shipped rules (repeatable)', collect, [])
    .option('--jobs <file>', 'anomaly job definitions (JSON): new jobs, or a built-in job id to replace it (repeatable)', collect, [])
    .addOption(elasticJobsOption())
    .option('--alerts <file>', 'also write the new alerts to this NDJSON file')
    .option('--anomalies <file>', 'write the anomaly records (final scores) to this NDJSON file')
    .option('--exceptions <file>', 'rule exceptions (Elastic exception-item shape; JSON, NDJSON or TOML)')
    .option('--model <file>', 'classifier model (default: the shipped model)')
    .option('--overrides <file>', 'block/allow list that forces or vetoes a prediction')
    .option('--webhook <url>', 'POST each new alert as JSON to this URL (retried, never blocks)')
    .addOption(new Option('--retention-days <n>', 'delete stored events older than this, by event time').argParser(nonNegativeNumber))
    .addOption(rejectsOption())
    .addOption(maxLineOption())
    .addOption(quietOption())
    .addOption(workersOption())
    .option('--no-store', 'keep nothing in the database (alerts are then not de-duplicated across runs)');
}

export function register(program: Command): void {
  huntOptions(
    program
      .command('hunt')
      .description('score, model and alert on process-start events in event-time order; prints a summary and the alerts')
      .argument('[inputs...]', 'files, folders, globs or - for stdin (default: the bundled sample)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ oddspawn hunt ./logs/                      # every NDJSON/JSON/.gz/EVTX file under ./logs
  $ oddspawn hunt 'exports/*.ndjson.gz' --alerts alerts.ndjson --anomalies records.ndjson
  $ oddspawn hunt Security.evtx --rule "Unusual Process Spawned by a User" --format json
  $ zcat winlogbeat.ndjson.gz | oddspawn hunt - --rejects rejects.ndjson`,
    )
    .action(async (inputs: string[], opts: HuntOpts) => {
      // Loaded when the command runs, not when the CLI starts (see index.ts).
      const { runHunt } = await import('../../pipeline.js');
      const { createProgress } = await import('../progress.js');
      const { renderHuntSummary } = await import('../hunt-output.js');
      const { bundledSamplePath } = await import('../../common/paths.js');
      const { createNdjsonSink, createWebhookSink } = await import('../../alerts/index.js');
      const progress = createProgress('hunt', process.stderr, !opts.quiet && process.stderr.isTTY === true);
      const sinks: AlertSink[] = [];
      if (opts.alerts) sinks.push(createNdjsonSink(opts.alerts));
      if (opts.webhook) sinks.push(createWebhookSink({ url: opts.webhook }));
      let summary: HuntSummary;
      try {
        summary = await runHunt({
          inputs: inputs.length ? inputs : [bundledSamplePath()],
          dbPath: opts.db,
          store: opts.store,
          rejectsPath: opts.rejects,
          maxLineBytes: opts.maxLineBytes,
          rules: opts.rule,
          rulesDirs: opts.rulesDir,
          jobFiles: opts.jobs,
          jobsFlavour: opts.elasticJobs ? 'elastic' : 'oddspawn',
          exceptionsPath: opts.exceptions,
          modelPath: opts.model,
          overridesPath: opts.overrides,
          anomaliesPath: opts.anomalies,
          retentionDays: opts.retentionDays,
          workers: opts.workers,
          sinks,
          onProgress: (n, phase) => progress.update(n, phase),
        });
      } finally {
        progress.stop();
      }
      process.stdout.write(renderHuntSummary(summary, opts.format, process.stdout.isTTY === true && !process.env.NO_COLOR));
      // Nothing readable at all (every input missing or unreadable) is a failed run; bad records are not.
      if (summary.counts.records === 0 && summary.counts.readIssues > 0) process.exitCode = 1;
    });
}
