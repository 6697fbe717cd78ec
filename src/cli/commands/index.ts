// Every CLI command, one module each. A command module exports `register(program)`.
// Add a line here when a command lands; main.ts never changes.

import type { Command } from 'commander';

export type CommandModule = { register: (program: Command) => void };

export async function loadCommands(): Promise<CommandModule[]> {
  return Promise.all([
    import('./hunt.js'),
    import('./demo.js'),
    import('./rules.js'),
    import('./alerts.js'),
    import('./score.js'),
    import('./train.js'),
    import('./eval.js'),
    import('./simulate.js'),
    import('./serve.js'),
  ]);
}
