// `oddspawn simulate`: a synthetic organisation's process-start events with labelled attacks (NDJSON),
// optionally the attack ground truth (--truth) and the calibration report (--report).

import { createWriteStream, existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { OddspawnError } from '../../common/issues.js';
import type { CalibrationReport } from '../../simulate/report.js';
import type { SimulateOptions } from '../../simulate/types.js';
import { Writable } from 'node:stream';

interface SimulateCliOpts {
  users?: string;
  days?: string;
  hosts?: string;
  attacks?: string;
  seed?: string;
  start?: string;
  output?: string;
  truth?: string;
  corpus?: string[];
  report?: string | boolean;
  reportOut?: string;
  real?: string;
  workers?: string;
}

function usage(msg: string): OddspawnError {
  return new OddspawnError('OS_USAGE', msg, undefined, 2);
}

function posInt(name: string, v: string | undefined, required: boolean, min = 1): number | undefined {
  if (v === undefined) {
    if (required) throw usage(`--${name} is required`);
    return undefined;
  }
  if (!/^\d+$/.test(v) || Number(v) < min) throw usage(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return Number(v);
}

function defaultTrainDir(): string | null {
  const cands = [process.env.ODDSPAWN_SHARED_DATA ? resolve(process.env.ODDSPAWN_SHARED_DATA, 'train') : '', resolve('..', 'shared', 'data', 'train'), resolve('shared', 'data', 'train')];
  for (const c of cands) if (c && existsSync(c)) return c;
  return null;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('generate a synthetic organisation\'s process-start events with injected, labelled attacks (NDJSON)')
    .option('-u, --users <n>', 'number of people')
    .option('-d, --days <n>', 'number of days')
    .option('--hosts <n>', 'total hosts (default: one workstation per user + ~1 server per 20 users)')
    .option('-a, --attacks <n>', 'attack scenarios to inject (default: ~1 per 200 users, at least 1)')
    .option('-s, --seed <seed>', 'seed (integer or text); same seed, same bytes', '1')
    .option('--start <iso>', 'first day (ISO date)', '2025-03-03T00:00:00.000Z')
    .option('-o, --output <file>', 'NDJSON output file, - for stdout')
    .option('--truth <file>', 'write the attack scenarios\' ground truth (JSON) here')
    .option('--corpus <file>', 'also draw attack commands from an ART/LOLBAS corpus file (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--report [format]', 'print the calibration report (md or json) to stdout (stderr when --output -), or to --report-out')
    .option('--report-out <file>', 'write the calibration report here')
    .option('--real <dir>', 'real training data folder for the report (default: ../shared/data/train when present)')
    .option('--workers <n>', 'worker threads simulating shards of the hosts (same output; 0 = this thread only)', 'auto')
    .addHelpText('after', [
      '', 'Examples:',
      '  $ oddspawn simulate --users 25 --days 30 --attacks 5 --seed 7 --output org.ndjson --truth org.truth.json',
      '  $ oddspawn simulate -u 200 -d 30 -o - | gzip > org.ndjson.gz',
      '  $ oddspawn simulate -u 50 -d 14 -o sim.ndjson --report md --report-out calibration.md',
      '  $ oddspawn simulate -u 25 -d 30 -o sim.ndjson --corpus ../shared/data/corpora/art_windows_commands.jsonl', '',
    ].join('\n'))
    .action(async (o: SimulateCliOpts) => {
      // Loaded when the command runs, not when the CLI starts (see index.ts).
      const { Simulation, writeSimulationTo } = await import('../../simulate/index.js');
      const { defaultShards } = await import('../../simulate/parallel.js');
      const { realStats } = await import('../../simulate/real-data.js');
      const { GeneratedSide, renderMarkdown } = await import('../../simulate/report.js');
      const users = posInt('users', o.users, true) as number;
      const days = posInt('days', o.days, true) as number;
      const hosts = posInt('hosts', o.hosts, false);
      const attacks = posInt('attacks', o.attacks, false, 0);
      const workersOpt = o.workers === undefined || o.workers === 'auto' ? undefined : posInt('workers', o.workers, false, 0);
      if (!o.output && !o.report) throw usage('--output is required (use --output - for stdout)');
      if (o.start && Number.isNaN(Date.parse(o.start))) throw usage(`--start is not an ISO date: "${o.start}"`);
      const reportFmt = o.report === true || o.report === undefined ? 'md' : o.report;
      if (o.report && reportFmt !== 'md' && reportFmt !== 'json') throw usage(`--report must be md or json, got "${reportFmt}"`);
      for (const c of o.corpus ?? []) if (!existsSync(c)) throw new OddspawnError('OS_READ_OPEN', `corpus file not found: ${c}`, { file: c }, 2);
      const seed = o.seed && /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed;
      const opts: SimulateOptions = { users, days, hosts, attacks, seed, start: o.start, corpus: o.corpus };
      const sim = new Simulation(opts);
      const gen = o.report ? new GeneratedSide() : null;
      const tty = process.stderr.isTTY === true && o.output !== '-';
      const started = Date.now();
      const out = o.output === '-' ? process.stdout : o.output ? createWriteStream(o.output) : new Writable({ write: (_c, _e, cb) => cb() });
      const summary = await writeSimulationTo(sim, out, {
        truthPath: o.truth,
        observe: gen?.observe,
        workers: workersOpt ?? defaultShards(sim.org.hosts.length),
        onProgress: tty
          ? (n, d, total) => process.stderr.write(`\rsimulate: day ${d}/${total}, ${n} events, ${Math.round(n / Math.max(0.001, (Date.now() - started) / 1000))} events/s   `)
          : undefined,
      });
      if (o.output && o.output !== '-') await new Promise<void>((r) => out.end(() => r()));
      if (tty) process.stderr.write('\n');
      if (sim.corpusSkipped) process.stderr.write(`simulate: ${sim.corpusSkipped} corpus rows not usable (templated, too long or no technique), skipped\n`);
      process.stderr.write(`simulate: ${summary.events} events (${summary.malicious} malicious, ${summary.scenarios.length} attack scenarios) in ${((Date.now() - started) / 1000).toFixed(1)} s${summary.truncated ? ' — the reader closed the output early' : ''}\n`);
      if (gen) {
        const dir = o.real ?? defaultTrainDir();
        const real = dir ? realStats(dir) : null;
        const report: CalibrationReport = {
          simulation: { users, days, seed: sim.org.seed, events: summary.events, malicious: summary.malicious },
          generated: gen.acc.result(), real, realSource: real && dir ? dir : null,
        };
        const text = reportFmt === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderMarkdown(report);
        if (o.reportOut) writeFileSync(o.reportOut, text);
        else (o.output === '-' ? process.stderr : process.stdout).write(text);
      }
    });
}
