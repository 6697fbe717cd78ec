#!/usr/bin/env node
// The oddspawn binary. Exit codes: 0 success, 1 failed run, 2 bad usage.

import { Command, CommanderError } from 'commander';
import { loadCommands } from './commands/index.js';
import { OddspawnError } from '../common/issues.js';
import { VERSION } from '../common/version.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('oddspawn')
    .description('Catch living-off-the-land attacks in Windows process-start telemetry.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const m of await loadCommands()) m.register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof OddspawnError) {
      process.stderr.write(`oddspawn: ${e.code}: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`oddspawn: OS_INTERNAL: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`oddspawn: OS_INTERNAL: ${String(e)}\n`);
    process.exitCode = 1;
  },
);
