// `oddspawn serve`: the service — HTTP ingest (including Elasticsearch's _bulk), wall-clock rules, the API and
// the analyst UI over one database. `--demo` first loads the demo organisation into it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { dbOption } from '../options.js';
import { resolveDbPath } from '../../store/location.js';
import type { Role } from '../../serve/auth/tokens.js';
import { DEFAULT_PORT, type Durability } from '../../serve/config.js';
import { OddspawnError } from '../../common/issues.js';

interface ServeOpts {
  host: string;
  port: number;
  db?: string;
  rulesDir: string[];
  jobs: string[];
  model?: string;
  tokenFile?: string;
  demo?: boolean;
  demoUsers?: number;
  demoDays?: number;
  createToken?: string;
  role: Role;
  maxPending?: number;
  durability: Durability;
  log?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535 (0: any free port)');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the service: HTTP and Elasticsearch-compatible ingest, rules on the wall clock, the API and the analyst UI')
    .option('--host <address>', 'address to listen on (beyond loopback, API tokens are required)', '127.0.0.1')
    .addOption(new Option('--port <n>', 'port to listen on (0: any free port)').argParser(port).default(DEFAULT_PORT))
    .addOption(dbOption())
    .option('--rules-dir <dir>', 'rule files to load instead of the shipped rules (repeatable)', collect, [])
    .option('--jobs <file>', 'extra anomaly job definitions (JSON), beside the six built-in jobs (repeatable)', collect, [])
    .option('--model <file>', 'classifier model (default: the shipped model)')
    .option('--token-file <file>', 'API tokens (JSON, hashes only); with --create-token, where the new token is kept')
    .option('--demo', 'first simulate the demo organisation and hunt it into the database (a temporary one unless --db)')
    .addOption(new Option('--demo-users <n>', 'users in the demo organisation').argParser(positive).hideHelp())
    .addOption(new Option('--demo-days <n>', 'days in the demo organisation').argParser(positive).hideHelp())
    .option('--create-token <name>', 'create an API token, print it once, and exit (kept in --token-file, else in the database)')
    .addOption(new Option('--role <role>', 'role of the token made by --create-token').choices(['read', 'analyst']).default('read'))
    .addOption(new Option('--max-pending <n>', 'answer 429 while more events than this wait to be processed').argParser(positive))
    .addOption(new Option('--durability <mode>', 'full: acknowledged events survive power loss; normal: a process crash').choices(['full', 'normal']).default('full'))
    .option('--log', 'log every request (JSON lines on stdout)')
    .addHelpText(
      'after',
      `
Examples:
  $ oddspawn serve --demo                                  # the demo organisation, UI at http://127.0.0.1:${DEFAULT_PORT}/
  $ oddspawn serve --create-token winlogbeat --role analyst --token-file tokens.json
  $ oddspawn serve --host 0.0.0.0 --token-file tokens.json --db /var/lib/oddspawn/oddspawn.sqlite`,
    )
    .action(async (opts: ServeOpts) => {
      // Loaded when the command runs, not when the CLI starts (see index.ts).
      const { openDb } = await import('../../store/db.js');
      const { createServer } = await import('../../serve/server.js');
      const { createToken } = await import('../../serve/auth/tokens.js');
      const { runDemo } = await import('../../demo/run-demo.js');
      if (opts.createToken !== undefined) {
        const name = opts.createToken.trim();
        if (!/^[\w.@-]{1,64}$/.test(name)) throw new OddspawnError('OS_USAGE', 'a token name is 1-64 letters, digits, . _ @ or -', undefined, 2);
        const db = opts.tokenFile ? undefined : openDb(resolveDbPath(opts.db));
        try {
          const token = createToken(name, opts.role, { tokenFile: opts.tokenFile, db });
          process.stderr.write(`Created ${opts.role} token "${name}" (kept hashed in ${opts.tokenFile ?? resolveDbPath(opts.db)}). It is shown once:\n`);
          process.stdout.write(token + '\n');
        } finally {
          db?.close();
        }
        return;
      }

      let tmp: string | undefined;
      let dbPath = resolveDbPath(opts.db);
      if (opts.demo && !opts.db) {
        tmp = mkdtempSync(join(tmpdir(), 'oddspawn-serve-demo-'));
        dbPath = join(tmp, 'demo.sqlite');
      }
      const cleanup = (): void => {
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      };
      let server;
      try {
        server = await createServer({
          dbPath,
          host: opts.host,
          port: opts.port,
          rulesDirs: opts.rulesDir,
          jobFiles: opts.jobs,
          modelPath: opts.model,
          tokenFile: opts.tokenFile,
          durability: opts.durability,
          logger: opts.log === true,
          ...(opts.maxPending !== undefined ? { maxPendingEvents: opts.maxPending } : {}),
        });
      } catch (e) {
        cleanup();
        throw e;
      }
      const { url } = await server.listen();
      process.stdout.write(`oddspawn serve: listening on ${url}\n`);
      process.stdout.write(`  UI:      ${url}\n  API:     ${url}api/v1/health\n  _bulk:   ${url}_bulk (Elasticsearch-compatible)\n  metrics: ${url}metrics\n`);
      process.stdout.write(server.authRequired ? '  auth:    API token required (Authorization: Bearer <token>)\n' : '  auth:    none (loopback, no tokens configured)\n');
      process.stdout.write('Press Ctrl+C to stop.\n');
      // The demo organisation loads while the server already answers (the UI fills in as the hunt commits), so
      // the URL is there at once. The hunt runs on its own connection in this thread: its transactions are
      // synchronous, so they never hold a lock while the server's connection waits.
      let loading: Promise<void> | undefined;
      if (opts.demo) {
        process.stdout.write('Loading the demo organisation (simulate + hunt) in the background…\n');
        const started = Date.now();
        loading = runDemo({ dbPath, ...(opts.demoUsers ? { users: opts.demoUsers } : {}), ...(opts.demoDays ? { days: opts.demoDays } : {}) }).then(
          (demo) => {
            process.stdout.write(
              `Demo loaded in ${Math.round((Date.now() - started) / 1000)} s: ${demo.simulation.events} events, ${demo.simulation.users} users, ${demo.simulation.days} days, ` +
                `${demo.hunt.rules.alertsCreated} alerts (${demo.scorecard.caught_by_any_rule}/${demo.scorecard.scenarios} attack scenarios caught). Open ${url}\n`,
            );
            loading = undefined;
          },
          (e: unknown) => {
            process.stderr.write(`oddspawn: the demo failed to load: ${(e as Error).message}\n`);
            loading = undefined;
          },
        );
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().finally(() => {
            cleanup();
            // A demo still loading would keep writing into the database just removed: stop here.
            if (loading) process.exit(0);
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
