// Runs the real, built CLI (dist/) the way a user does, for end-to-end tests.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../shared-data.js';

export const CLI = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): CliResult {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    input: opts.input,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Masks what legitimately changes between runs and machines: durations, rates, absolute paths. */
export function mask(text: string): string {
  return text
    .split(REPO_ROOT)
    .join('<repo>')
    .replace(/"durationMs": \d+/g, '"durationMs": "<ms>"')
    .replace(/"eventsPerSec": \d+/g, '"eventsPerSec": "<rate>"');
}
