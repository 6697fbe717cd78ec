// `oddspawn demo`: the newcomer's first run — simulate, hunt, and grade the alerts against the ground truth.

import type { Command } from 'commander';
import { elasticJobsOption, formatOption, positiveInt, quietOption, type OutputFormat } from '../options.js';
import { renderTable } from '../terminal.js';
import type { Scorecard } from '../../demo/scorecard.js';
import { DEMO_PRESET } from '../../simulate/presets.js';

interface DemoOpts {
  users?: number;
  days?: number;
  attacks?: number;
  seed?: string;
  db?: string;
  events?: string;
  format: OutputFormat;
  quiet?: boolean;
  elasticJobs?: boolean;
}

export function renderScorecard(c: Scorecard): string {
  const out: string[] = [];
  out.push(
    `\nScorecard (${c.users} users × ${c.days} days, ${c.scenarios} attack scenarios)\n` +
      `  caught by any rule: ${c.caught_by_any_rule}/${c.scenarios}\n` +
      `  "Unusual Process Spawned by a User" on scenarios that run a process new to the user: ` +
      `${c.caught_by_user_rule_with_new_process}/${c.scenarios_with_new_process}\n` +
      `  false alerts: ${c.false_alerts} of ${c.alerts} (${c.false_alerts_per_100_user_days} per 100 user-days)\n`,
  );
  out.push(
    '\n' +
      renderTable(
        ['scenario', 'user', 'start', 'new process', 'user rule', 'caught by'],
        c.results.map((r) => [r.id, r.user, r.start, r.runs_new_process ? 'yes' : 'no', r.caught_by_user_rule ? 'caught' : 'missed', r.rules.join(', ') || '—']),
      ),
  );
  if (c.by_rule.length)
    out.push('\n' + renderTable(['rule', 'alerts', 'false', 'false per 100 user-days'], c.by_rule.map((r) => [r.name, String(r.alerts), String(r.false_alerts), String(r.false_per_100_user_days)])));
  return out.join('');
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('simulate a small organisation with injected attacks, hunt it, and grade the alerts against the truth')
    .option('--users <n>', `users (default ${DEMO_PRESET.users})`, positiveInt)
    .option('--days <n>', `days (default ${DEMO_PRESET.days})`, positiveInt)
    .option('--attacks <n>', `attack scenarios (default ${DEMO_PRESET.attacks})`, positiveInt)
    .option('--seed <seed>', `simulation seed (default ${DEMO_PRESET.seed})`)
    .option('--db <path>', 'keep the results in this database (default: a temporary one)')
    .option('--events <file>', 'also keep the simulated events in this NDJSON file')
    .addOption(formatOption())
    .addOption(elasticJobsOption())
    .addOption(quietOption())
    .addHelpText('after', '\nExamples:\n  $ oddspawn demo\n  $ oddspawn demo --users 200 --days 30 --attacks 20 --seed 7 --format json')
    .action(async (opts: DemoOpts) => {
      // Loaded when the command runs, not when the CLI starts (see index.ts).
      const { runDemo } = await import('../../demo/run-demo.js');
      const { renderHuntSummary } = await import('../hunt-output.js');
      const { createProgress } = await import('../progress.js');
      const progress = createProgress('demo', process.stderr, !opts.quiet && process.stderr.isTTY === true);
      try {
        const r = await runDemo({
          users: opts.users,
          days: opts.days,
          attacks: opts.attacks,
          seed: opts.seed === undefined ? undefined : /^\d+$/.test(opts.seed) ? Number(opts.seed) : opts.seed,
          dbPath: opts.db,
          eventsPath: opts.events,
          hunt: { onProgress: (n, phase) => progress.update(n, phase), jobsFlavour: opts.elasticJobs ? 'elastic' : 'oddspawn' },
        });
        progress.stop();
        if (opts.format === 'json') process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        else if (opts.format === 'ndjson') process.stdout.write(renderHuntSummary(r.hunt, 'ndjson') + JSON.stringify({ type: 'scorecard', ...r.scorecard }) + '\n');
        else {
          process.stdout.write(`Simulated ${r.simulation.events} events (${r.simulation.malicious} malicious) for ${r.simulation.users} users over ${r.simulation.days} days, seed ${r.simulation.seed}\n\n`);
          process.stdout.write(renderHuntSummary(r.hunt, 'table', process.stdout.isTTY === true && !process.env.NO_COLOR));
          process.stdout.write(renderScorecard(r.scorecard));
        }
      } finally {
        progress.stop();
      }
    });
}
