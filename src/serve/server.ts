// `oddspawn serve` as one object: the fastify app (auth, ingest, Elasticsearch-compatible endpoints, health,
// metrics, the query/management API, the UI) over one SQLite database, with the processing loop and the
// wall-clock rule engine behind it.

import Fastify, { type FastifyInstance } from 'fastify';
import { SqliteAlertStore } from '../alerts/store.js';
import { loadClassifier } from '../classify/classifier.js';
import { IssueLog, OddspawnError } from '../common/issues.js';
import { builtinJobs, loadJobs } from '../rarity/index.js';
import { ExceptionStore } from '../rules/exception-store.js';
import { loadRules, shippedRulesDir } from '../rules/index.js';
import { openDb, type Db } from '../store/db.js';
import { EventsRepo } from '../store/events-repo.js';
import { registerApiRoutes, type ApiContext } from './api/index.js';
import { accessFor, installAuth, wantsHtml } from './auth/hook.js';
import { dbTokens, readTokenFile, TokenSet } from './auth/tokens.js';
import { isLoopback, resolveServeOptions, type ResolvedServeOptions, type ServeOptions } from './config.js';
import { toApiError } from './errors.js';
import { healthBody, registerHealthRoute } from './health.js';
import { registerBulkRoutes } from './ingest/bulk.js';
import { ES_PRODUCT_HEADER, esRootBody, registerEsCompatRoutes } from './ingest/es-compat.js';
import { registerEventsRoute } from './ingest/events-route.js';
import { Ingestor } from './ingest/ingestor.js';
import { Processor } from './ingest/processor.js';
import { IngestQueue } from './ingest/queue.js';
import { RulesHost } from './ingest/rules-host.js';
import { ServeMetrics } from './metrics.js';
import { registerUi } from './static-ui.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An Elasticsearch-compatible endpoint: answers carry x-elastic-product and Elasticsearch-style errors. */
    es?: boolean;
  }
}

export interface OddspawnServer {
  app: FastifyInstance;
  db: Db;
  options: ResolvedServeOptions;
  queue: IngestQueue;
  processor: Processor;
  rules: RulesHost;
  metrics: ServeMetrics;
  issues: IssueLog;
  /** False when the server runs open (loopback, no tokens configured). */
  authRequired: boolean;
  /** Listens on the configured host and port; resolves with the URL actually bound (port 0 picks one). */
  listen(): Promise<{ url: string; host: string; port: number }>;
  /** Stops the processing loop after its current chunk, closes the app and the database. */
  close(): Promise<void>;
}

const ES_ERROR_TYPES: Record<number, string> = {
  400: 'illegal_argument_exception',
  401: 'security_exception',
  403: 'security_exception',
  404: 'resource_not_found_exception',
  413: 'content_too_long_exception',
  415: 'media_type_header_exception',
  429: 'es_rejected_execution_exception',
};

function isEsPath(path: string): boolean {
  return path.startsWith('/_') || /^\/[^/]+\/_bulk$/.test(path) || path === '/';
}

export async function createServer(input: ServeOptions): Promise<OddspawnServer> {
  const opts = resolveServeOptions(input);
  const issues = new IssueLog(500);

  // Configuration first, so a bad rule, job, model or token file stops the start-up before anything listens.
  const loaded = loadRules(opts.rulesDirs?.length ? opts.rulesDirs : [shippedRulesDir()]);
  const bad = loaded.issues.filter((i) => i.severity === 'error');
  if (bad.length) throw new OddspawnError('OS_CONFIG', `invalid rules: ${bad.map((i) => i.message).join('; ')}`, bad[0].origin, 2);
  const jobs = opts.jobFiles?.length ? loadJobs(opts.jobFiles, { includeBuiltin: true }) : { jobs: builtinJobs(), issues: [] };
  const badJobs = jobs.issues.filter((i) => i.severity === 'error');
  if (badJobs.length) throw new OddspawnError('OS_CONFIG', `invalid job files: ${badJobs.map((i) => i.message).join('; ')}`, badJobs[0].origin, 2);
  const classifier = loadClassifier(opts.modelPath, { explain: false });

  const db = openDb(opts.dbPath);
  try {
    // FULL: the WAL is fsynced at every commit, so an acknowledged batch survives power loss too (NORMAL
    // survives a process crash only). Group commit keeps that to one fsync per event-loop turn of requests.
    db.pragma(`synchronous = ${opts.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    const tokens = new TokenSet([...(opts.tokenFile ? readTokenFile(opts.tokenFile) : []), ...dbTokens(db)]);
    if (!isLoopback(opts.host) && tokens.size === 0) {
      throw new OddspawnError(
        'OS_USAGE',
        `refusing to listen on ${opts.host} without API tokens: anyone on the network could read and change alerts. ` +
          'Create one with `oddspawn serve --create-token NAME --role analyst` (or --token-file), or bind 127.0.0.1.',
        undefined,
        2,
      );
    }
    return await assemble(opts, db, tokens, classifier, jobs.jobs, loaded.rules, issues);
  } catch (e) {
    db.close();
    throw e;
  }
}

async function assemble(
  opts: ResolvedServeOptions,
  db: Db,
  tokens: TokenSet,
  classifier: ReturnType<typeof loadClassifier>,
  jobs: ReturnType<typeof builtinJobs>,
  rules: ReturnType<typeof loadRules>['rules'],
  issues: IssueLog,
): Promise<OddspawnServer> {
  const startedMs = opts.now();
  const metrics = new ServeMetrics();
  const queue = new IngestQueue(db);
  metrics.queueDepth.set(queue.pendingEvents);
  const app = Fastify({ logger: opts.logger, bodyLimit: opts.maxJsonBytes, trustProxy: false, return503OnClosing: true, forceCloseConnections: true });
  const rulesHost = new RulesHost({ db, rules, classifier, now: opts.now, onIssue: (i) => issues.add(i), onRuns: (runs) => metrics.onRuns(runs) });
  const processor = new Processor({
    db,
    queue,
    classifier,
    jobs,
    rules: rulesHost,
    metrics,
    issues,
    now: opts.now,
    chunkEvents: opts.processChunkEvents,
    tickMs: opts.tickMs,
    idleFlushMs: opts.idleFlushMs,
    onError: (e) => app.log.error({ err: e }, 'processing step failed; it will be retried'),
  });
  const ingestor = new Ingestor(queue, metrics, { maxIngestBytes: opts.maxIngestBytes, maxDecompressedBytes: opts.maxDecompressedBytes, maxPendingEvents: opts.maxPendingEvents, maxLineBytes: 8 * 1024 * 1024 }, opts.now);

  app.setErrorHandler((err, req, reply) => {
    const e = toApiError(err);
    if (e.status >= 500) req.log.error({ err }, 'request failed');
    const body = e.body() as { error: Record<string, unknown>; status?: number };
    const path = req.url.split('?', 1)[0];
    if (req.routeOptions.config?.es || (isEsPath(path) && !wantsHtml(req))) {
      // Elasticsearch clients read error.type / error.reason / status; the rest of oddspawn reads code / message.
      body.error.type = ES_ERROR_TYPES[e.status] ?? 'exception';
      body.error.reason = e.message;
      body.status = e.status;
    }
    return reply.code(e.status).headers(e.headers).send(body);
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (req.routeOptions.config?.es) reply.header('x-elastic-product', ES_PRODUCT_HEADER['x-elastic-product']);
  });
  const open = tokens.size === 0 && isLoopback(opts.host);
  installAuth(app, { tokens, open });

  const ui = await registerUi(app, opts.uiDir);

  // Ingest and Elasticsearch endpoints read raw bytes whatever the Content-Type (shippers disagree on it).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.maxIngestBytes }, (_req, body, done) => done(null, body));
    registerEsCompatRoutes(scope, opts.esVersion);
    registerEventsRoute(scope, ingestor);
    registerBulkRoutes(scope, ingestor);
    scope.get('/', { config: { es: true } }, async (req, reply) => {
      if (wantsHtml(req)) return ui.sendIndex(reply);
      return esRootBody(opts.esVersion);
    });
  });

  registerHealthRoute(app, () => healthBody(db, opts.dbPath, queue, processor, startedMs, opts.now()));
  app.get('/metrics', async (_req, reply) => {
    metrics.queueDepth.set(queue.pendingEvents);
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const ctx: ApiContext = {
    db,
    alerts: new SqliteAlertStore(db),
    exceptions: new ExceptionStore(db),
    events: new EventsRepo(db),
    rules: () => rulesHost.rules(),
    reloadRules: () => rulesHost.rebuild(),
    now: opts.now,
  };
  await app.register(async (scope) => registerApiRoutes(scope, ctx));

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?', 1)[0];
    const page = (req.method === 'GET' || req.method === 'HEAD') && accessFor(req) === 'public' && wantsHtml(req);
    if (page) return ui.sendIndex(reply);
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${path.slice(0, 200)}` } });
  });

  await app.ready();
  if (opts.autoProcess) processor.start();

  let closed = false;
  return {
    app,
    db,
    options: opts,
    queue,
    processor,
    rules: rulesHost,
    metrics,
    issues,
    authRequired: !open,
    async listen() {
      await app.listen({ host: opts.host, port: opts.port });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      return { url: `http://${host}:${port}/`, host: opts.host, port };
    },
    async close() {
      if (closed) return;
      closed = true;
      await processor.stop();
      await app.close();
      db.close();
    },
  };
}
