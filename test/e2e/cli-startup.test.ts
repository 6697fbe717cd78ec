// Every command is registered when the CLI starts, so whatever a command module imports at its top is loaded by
// every invocation. This keeps the heavy modules (the pipeline, classifier, server, trainer, simulator, rule
// schemas) out of start-up: they load inside the action that needs them (src/cli/commands/index.ts).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../shared-data.js';
import { CLI } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'oddspawn-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A resolve hook (module.register, run off-thread) that logs every module URL the process imports.
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.ODDSPAWN_MODULE_LOG, r.url + '\\n');
  return r;
}
`,
);
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);

function modulesLoadedBy(args: string[]): { code: number; urls: string[] } {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  const log = join(dir, `modules-${args.join('-').replace(/\W/g, '_')}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ODDSPAWN_MODULE_LOG: log },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, urls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const HEAVY = [
  '/dist/src/pipeline.js',
  '/dist/src/classify/classifier.js',
  '/dist/src/features/index.js',
  '/dist/src/normalize/index.js',
  '/dist/src/serve/server.js',
  '/dist/src/simulate/engine.js',
  '/dist/src/rules/loader.js',
  '/dist/src/demo/run-demo.js',
  '/node_modules/fastify/',
  '/node_modules/zod/',
];

describe('CLI start-up', () => {
  it('loads none of the heavy modules for --version and for a command help', () => {
    for (const args of [['--version'], ['hunt', '--help'], ['serve', '--help'], ['alerts', 'list', '--help']]) {
      const { code, urls } = modulesLoadedBy(args);
      expect(code).toBe(0);
      expect(urls.some((u) => u.endsWith('/dist/src/cli/commands/hunt.js'))).toBe(true);
      expect(urls.filter((u) => HEAVY.some((h) => u.includes(h)))).toEqual([]);
    }
  });

  it('loads a command\'s modules when the command runs', () => {
    const { code, urls } = modulesLoadedBy(['rules', 'list', '--format', 'json']);
    expect(code).toBe(0);
    expect(urls.some((u) => u.includes('/dist/src/rules/loader.js'))).toBe(true);
    expect(urls.some((u) => u.includes('/node_modules/zod/'))).toBe(true);
    expect(urls.some((u) => u.includes('/node_modules/fastify/'))).toBe(false);
  });
});
