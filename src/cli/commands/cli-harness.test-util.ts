// Runs one or more command modules in-process the way main.ts does (exit codes 0/1/2), capturing output.

import { Command, CommanderError } from 'commander';
import { OddspawnError } from '../../common/issues.js';
import type { CommandModule } from './index.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCommands(modules: CommandModule[], args: string[]): Promise<CliResult> {
  const program = new Command().name('oddspawn').exitOverride();
  program.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  const out: string[] = [];
  const err: string[] = [];
  for (const m of modules) m.register(program);
  for (const c of program.commands) {
    c.exitOverride();
    c.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
    for (const s of c.commands) {
      s.exitOverride();
      s.configureOutput({ writeOut: (x) => out.push(x), writeErr: (x) => err.push(x) });
    }
  }
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => out.push(String(s)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(String(s)) > 0) as typeof process.stderr.write;
  const savedExit = process.exitCode;
  process.exitCode = undefined;
  let code = 0;
  try {
    await program.parseAsync(['node', 'oddspawn', ...args]);
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) code = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    else if (e instanceof OddspawnError) {
      err.push(`oddspawn: ${e.code}: ${e.message}\n`);
      code = e.exitCode;
    } else throw e;
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
    process.exitCode = savedExit;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}
