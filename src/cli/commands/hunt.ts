// `oddspawn hunt`: the batch pipeline over files, folders, globs or stdin.

import type { Command } from 'commander';
import { dbOption, formatOption, maxLineOption, quietOption, rejectsOption, type OutputFormat } from '../options.js';
import { runHunt, type HuntSummary } from '../../pipeline.js';
import { createProgress } from '../progress.js';
import { renderHuntSummary } from '../hunt-output.js';
import { bundledSamplePath } from '../../common/paths.js';

interface HuntOpts {
  db?: string;
  format: OutputFormat;
  rejects?: string;
  maxLineBytes: number;
  quiet?: boolean;
  store: boolean;
}

export function register(program: Command): void {
  program
    .command('hunt')
    .description('read, normalize and analyse process-start events in event-time order, then print a summary')
    .argument('[inputs...]', 'files, folders, globs or - for stdin (default: the bundled sample)')
    .addOption(dbOption())
    .addOption(formatOption())
    .addOption(rejectsOption())
    .addOption(maxLineOption())
    .addOption(quietOption())
    .option('--no-store', 'do not keep the events in the database')
    .addHelpText(
      'after',
      `
Examples:
  $ oddspawn hunt ./logs/                      # every NDJSON/JSON/.gz/EVTX file under ./logs
  $ oddspawn hunt 'exports/*.ndjson.gz' --format json
  $ zcat winlogbeat.ndjson.gz | oddspawn hunt - --rejects rejects.ndjson`,
    )
    .action(async (inputs: string[], opts: HuntOpts) => {
      const progress = createProgress('hunt', process.stderr, !opts.quiet && process.stderr.isTTY === true);
      let summary: HuntSummary;
      try {
        summary = await runHunt({
          inputs: inputs.length ? inputs : [bundledSamplePath()],
          dbPath: opts.db,
          store: opts.store,
          rejectsPath: opts.rejects,
          maxLineBytes: opts.maxLineBytes,
          onProgress: (n) => progress.update(n),
        });
      } finally {
        progress.stop();
      }
      process.stdout.write(renderHuntSummary(summary, opts.format));
      // Nothing readable at all (every input missing or unreadable) is a failed run; bad records are not.
      if (summary.counts.records === 0 && summary.counts.readIssues > 0) process.exitCode = 1;
    });
}
