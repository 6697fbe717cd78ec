// Options shared by several commands, declared once so every command spells and documents them the same way.

import { InvalidArgumentError, Option } from 'commander';

export type OutputFormat = 'table' | 'json' | 'ndjson';

export const formatOption = (def: OutputFormat = 'table'): Option =>
  new Option('--format <format>', 'output format').choices(['table', 'json', 'ndjson']).default(def);

export const dbOption = (): Option =>
  new Option('--db <path>', 'SQLite database (default: $ODDSPAWN_DB or ~/.local/share/oddspawn/oddspawn.sqlite)');

export const rejectsOption = (): Option =>
  new Option('--rejects <file>', 'write records that cannot be normalized, with their issue, to this NDJSON file');

export const maxLineOption = (): Option =>
  new Option('--max-line-bytes <n>', 'longest accepted input line; longer lines are reported and skipped')
    .argParser(positiveInt)
    .default(8 * 1024 * 1024);

export const quietOption = (): Option => new Option('-q, --quiet', 'no progress bar, summary only');

export const elasticJobsOption = (): Option =>
  new Option(
    '--elastic-jobs',
    "run the three rare jobs exactly as Elastic ships them (history from flagged events only, Elastic-compatible scorer) instead of oddspawn's joint rarity over each user's, host's or parent's whole history",
  );

export const workersOption = (): Option =>
  new Option(
    '--workers <n>',
    'worker threads that read, normalize and classify (default: cores − 1, at least 2; none on one core or for inputs under 24 MB; 0 = all on one thread; stdin is always read on the main thread)',
  ).argParser(nonNegativeInt);

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a non-negative number');
  return n;
}
