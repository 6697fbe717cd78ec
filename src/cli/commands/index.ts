// Every CLI command, one module each. A command module exports `register(program)`.
// Add a line here when a command lands; main.ts never changes.
// Every command is registered at start-up (for help and dispatch), so a command module imports only what its
// options and help need; the modules its action runs on (the pipeline, the classifier, the server, the trainer…)
// are imported inside the action. Imported at start-up they cost every invocation — `oddspawn --version`,
// `alerts list` — about a second of CPU.

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
