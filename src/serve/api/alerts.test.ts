import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDocument } from '../../alerts/types.js';
import { MIN, T0 } from '../../rules/test-fixtures.js';
import { anomalyAlert, apiHarness, eventAlert, QUERY_RULE_ID, ML_RULE_ID, type ApiHarness } from './testing.js';

const HOSTILE_USER = `o'brien"; DROP TABLE alerts; --`;
const HOSTILE_HOST = '<img src=x onerror=alert(1)>';
const HOSTILE_CMD = `certutil.exe -f "<script>alert('x')</script>" 100%_done '; DROP TABLE alerts; --`;

interface Summary {
  id: string;
  time: string;
  severity: string;
  score: number | null;
  status: string;
  assignee: string | null;
  user: string | null;
  host: string | null;
  rule: { id: string; name: string };
  process: { name: string | null; command_line: string | null };
}
interface Page {
  total: number;
  items: Summary[];
}

let h: ApiHarness;
let docs: AlertDocument[];

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const r = await h.app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() as T };
}
async function send<T>(method: 'POST' | 'PATCH', url: string, payload: unknown): Promise<{ status: number; body: T }> {
  const r = await h.app.inject({ method, url, payload: payload as object });
  return { status: r.statusCode, body: r.json() as T };
}
const byTimeDesc = (a: AlertDocument, b: AlertDocument): number =>
  a.kibana.alert.original_time < b.kibana.alert.original_time ? 1 : a.kibana.alert.original_time > b.kibana.alert.original_time ? -1 : a.kibana.alert.uuid < b.kibana.alert.uuid ? 1 : -1;
const ids = (p: Page): string[] => p.items.map((i) => i.id);
const qs = (o: Record<string, string>): string => new URLSearchParams(o).toString();

beforeAll(async () => {
  h = await apiHarness();
  const [ml, query] = h.rules;
  docs = [];
  for (let i = 0; i < 30; i++) {
    docs.push(eventAlert(query, { timeMs: T0 + i * 10 * MIN, user: `u${i % 3}`, host: `WS-0${i % 2}`, p: 0.5 + i / 100, line: i + 1, cmd: `certutil.exe -urlcache -f http://x${i}.test/a.exe` }));
  }
  for (let i = 0; i < 10; i++) docs.push(anomalyAlert(ml, { timestamp: T0 + i * 15 * MIN + 7 * MIN, score: 60 + i * 4, user: `u${i % 3}` }));
  docs.push(eventAlert(query, { timeMs: T0 + 400 * MIN, user: HOSTILE_USER, host: HOSTILE_HOST, cmd: HOSTILE_CMD, line: 999 }));
  for (const d of docs) expect(h.alerts.insert(d)).toBe(true);
});
afterAll(async () => h.close());

describe('GET /api/v1/alerts', () => {
  it('pages every alert newest first with the total, in the contract summary shape', async () => {
    const expected = [...docs].sort(byTimeDesc).map((d) => d.kibana.alert.uuid);
    const p1 = await get<Page>('/api/v1/alerts?limit=7');
    expect(p1.status).toBe(200);
    expect(p1.body.total).toBe(41);
    expect(ids(p1.body)).toEqual(expected.slice(0, 7));
    const p2 = await get<Page>('/api/v1/alerts?limit=7&offset=7');
    expect(ids(p2.body)).toEqual(expected.slice(7, 14));
    const last = await get<Page>('/api/v1/alerts?limit=50&offset=40');
    expect(ids(last.body)).toEqual(expected.slice(40));
    const ml = docs.find((d) => d.anomaly)!;
    const s = (await get<Page>(`/api/v1/alerts?rule=${ML_RULE_ID}&limit=1000`)).body.items.find((i) => i.id === ml.kibana.alert.uuid)!;
    expect(s).toEqual({
      id: ml.kibana.alert.uuid,
      time: ml.kibana.alert.original_time,
      severity: 'low',
      risk_score: 21,
      rule: { id: ML_RULE_ID, name: 'Unusual Process Spawned by a User' },
      user: ml.user!.name,
      host: 'WS-01',
      process: { name: 'certutil.exe', command_line: 'certutil.exe /c x' },
      score: ml.anomaly!.record_score,
      status: 'open',
      assignee: null,
    });
  });

  it('filters by rule, severity, user, host, time range and substring, counting under the same filter', async () => {
    expect((await get<Page>(`/api/v1/alerts?rule=${QUERY_RULE_ID}`)).body.total).toBe(31);
    expect((await get<Page>(`/api/v1/alerts?rule=${encodeURIComponent('Unusual Process Spawned by a User')}`)).body.total).toBe(10);
    expect((await get<Page>('/api/v1/alerts?severity=low')).body.total).toBe(10);
    const u1 = (await get<Page>('/api/v1/alerts?user=u1&limit=100')).body;
    expect(u1.total).toBe(docs.filter((d) => d.user?.name === 'u1').length);
    expect(u1.items.every((i) => i.user === 'u1')).toBe(true);
    const ws0 = (await get<Page>('/api/v1/alerts?host=WS-00&severity=high')).body;
    expect(ws0.total).toBe(15);
    const from = new Date(T0 + 100 * MIN).toISOString();
    const to = new Date(T0 + 200 * MIN).toISOString();
    const range = (await get<Page>(`/api/v1/alerts?${qs({ from, to, limit: '100' })}`)).body;
    const inRange = docs.filter((d) => d.kibana.alert.original_time >= from && d.kibana.alert.original_time < to);
    expect(range.total).toBe(inRange.length);
    expect(new Set(ids(range))).toEqual(new Set(inRange.map((d) => d.kibana.alert.uuid)));
    // Case-insensitive substring of the command line; LIKE wildcards in the text are literal.
    expect((await get<Page>('/api/v1/alerts?q=X17.TEST')).body.items.map((i) => i.process.command_line)).toEqual(['certutil.exe -urlcache -f http://x17.test/a.exe']);
    expect((await get<Page>(`/api/v1/alerts?${qs({ q: '100%_' })}`)).body.total).toBe(1);
    expect((await get<Page>(`/api/v1/alerts?${qs({ q: '%' })}`)).body.total).toBe(1);
    expect((await get<Page>(`/api/v1/alerts?${qs({ q: '_' })}`)).body.total).toBe(1);
    // Empty values are "no filter" (a cleared box in the UI).
    expect((await get<Page>('/api/v1/alerts?user=&q=')).body.total).toBe(41);
  });

  it('still finds the alerts of a rule the service no longer loads, by id or name', async () => {
    const loaded = h.rules;
    h.rules = loaded.filter((r) => r.rule.rule_id !== QUERY_RULE_ID);
    try {
      expect((await get<Page>(`/api/v1/alerts?rule=${QUERY_RULE_ID}`)).body.total).toBe(31);
      expect((await get<Page>(`/api/v1/alerts?rule=${encodeURIComponent('Suspicious LOLBin with a URL')}`)).body.total).toBe(31);
    } finally {
      h.rules = loaded;
    }
  });

  it('sorts by score and severity, best first, and ascending on request', async () => {
    const byScore = (await get<Page>('/api/v1/alerts?sort=-score&limit=1000')).body.items;
    const scores = byScore.map((i) => i.score ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(byScore[0].score).toBe(99); // the hostile alert: the fixture default p = 0.99
    const asc = (await get<Page>('/api/v1/alerts?sort=score&limit=3')).body.items.map((i) => i.score);
    expect(asc).toEqual([50, 51, 52]);
    const bySev = (await get<Page>('/api/v1/alerts?sort=-severity&limit=1000')).body.items;
    expect(bySev.slice(0, 31).every((i) => i.severity === 'high')).toBe(true);
    expect(bySev.slice(31).every((i) => i.severity === 'low')).toBe(true);
    const oldest = (await get<Page>('/api/v1/alerts?sort=time&limit=1')).body.items[0];
    expect(oldest.time).toBe(new Date(T0).toISOString());
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=5000', 'limit'],
    ['offset=-1', 'offset'],
    ['status=pending', 'status'],
    ['severity=urgent', 'severity'],
    ['sort=name', 'sort'],
    ['from=yesterday', 'from'],
    ['sevrity=low', 'sevrity'],
    ['status=open&status=closed', 'status'],
  ])('answers 400 BAD_REQUEST for %s', async (query, field) => {
    const r = await get<{ error: { code: string; message: string; details: Array<{ field: string }> } }>(`/api/v1/alerts?${query}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
    expect(r.body.error.details.map((d) => d.field)).toContain(field);
  });

  it('answers 400 when from is after to', async () => {
    const r = await get<{ error: { code: string } }>(`/api/v1/alerts?${qs({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
  });

  it('keeps hostile strings as data: filters by them and returns them unchanged', async () => {
    const r = (await get<Page>(`/api/v1/alerts?${qs({ user: HOSTILE_USER })}`)).body;
    expect(r.total).toBe(1);
    expect(r.items[0].user).toBe(HOSTILE_USER);
    expect(r.items[0].host).toBe(HOSTILE_HOST);
    expect(r.items[0].process.command_line).toBe(HOSTILE_CMD);
    expect((await get<Page>(`/api/v1/alerts?${qs({ q: "'; DROP TABLE" })}`)).body.total).toBe(1);
    expect((await get<Page>('/api/v1/alerts?limit=1')).body.total).toBe(41);
  });
});

describe('one alert: detail, status, assignee, notes, bulk', () => {
  it('returns the full document with triage state, and 404 NOT_FOUND for an unknown id', async () => {
    const d = docs[3];
    const r = await get<{ alert: AlertDocument; status: string; assignee: null; notes: unknown[] }>(`/api/v1/alerts/${d.kibana.alert.uuid}`);
    expect(r.status).toBe(200);
    expect(r.body.alert).toEqual(d);
    expect(r.body.status).toBe('open');
    expect(r.body.assignee).toBeNull();
    expect(r.body.notes).toEqual([]);
    const nf = await get<{ error: { code: string } }>('/api/v1/alerts/ffffffff');
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('NOT_FOUND');
  });

  it('changes status and assignee, stamping the time of the change', async () => {
    const id = docs[4].kibana.alert.uuid;
    const r = await send<{ status: string; assignee: string; status_updated_at: string }>('PATCH', `/api/v1/alerts/${id}`, { status: 'acknowledged', assignee: 'dana' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id, status: 'acknowledged', assignee: 'dana', status_updated_at: '2026-01-10T00:00:00.000Z' });
    const detail = await get<{ alert: AlertDocument; status: string; assignee: string }>(`/api/v1/alerts/${id}`);
    expect(detail.body.status).toBe('acknowledged');
    expect(detail.body.alert.kibana.alert.workflow_status).toBe('acknowledged');
    expect(detail.body.alert.kibana.alert.workflow_status_updated_at).toBe('2026-01-10T00:00:00.000Z');
    expect((await get<Page>('/api/v1/alerts?status=acknowledged')).body.items.map((i) => [i.id, i.assignee])).toEqual([[id, 'dana']]);
    expect((await get<Page>('/api/v1/alerts?assignee=dana')).body.total).toBe(1);
    await send('PATCH', `/api/v1/alerts/${id}`, { assignee: null });
    expect((await get<{ assignee: string | null; status: string }>(`/api/v1/alerts/${id}`)).body).toMatchObject({ assignee: null, status: 'acknowledged' });
  });

  it.each([
    [{}, 'BAD_REQUEST'],
    [{ status: 'done' }, 'BAD_REQUEST'],
    [{ status: 'closed', colour: 'red' }, 'BAD_REQUEST'],
    [{ assignee: 42 }, 'BAD_REQUEST'],
    [[1, 2], 'BAD_REQUEST'],
  ])('rejects PATCH body %j with 400', async (body, code) => {
    const r = await send<{ error: { code: string } }>('PATCH', `/api/v1/alerts/${docs[5].kibana.alert.uuid}`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
  });

  it('rejects a body that is not JSON with 400 and an unknown id with 404', async () => {
    const r = await h.app.inject({ method: 'PATCH', url: `/api/v1/alerts/${docs[5].kibana.alert.uuid}`, headers: { 'content-type': 'application/json' }, payload: '{"status":' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const nf = await send<{ error: { code: string } }>('PATCH', '/api/v1/alerts/nope', { status: 'closed' });
    expect(nf.status).toBe(404);
    expect(nf.body.error.code).toBe('NOT_FOUND');
  });

  it('adds notes in order and keeps their text unchanged', async () => {
    const id = docs[6].kibana.alert.uuid;
    const a = await send<{ id: number; text: string; author: string; at: string }>('POST', `/api/v1/alerts/${id}/notes`, { text: 'Checked with the user: expected.' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ text: 'Checked with the user: expected.', author: 'anonymous', at: '2026-01-10T00:00:00.000Z' });
    const b = await send<{ id: number }>('POST', `/api/v1/alerts/${id}/notes`, { text: HOSTILE_CMD, author: HOSTILE_USER });
    expect(b.status).toBe(201);
    const d = await get<{ notes: Array<{ id: number; text: string; author: string }> }>(`/api/v1/alerts/${id}`);
    expect(d.body.notes.map((n) => [n.text, n.author])).toEqual([
      ['Checked with the user: expected.', 'anonymous'],
      [HOSTILE_CMD, HOSTILE_USER],
    ]);
    expect(d.body.notes[0].id).toBeLessThan(d.body.notes[1].id);
    expect((await get<{ items: unknown[] }>(`/api/v1/alerts/${id}/notes`)).body.items).toHaveLength(2);
    expect((await send('POST', `/api/v1/alerts/${id}/notes`, { text: '   ' })).status).toBe(400);
    expect((await send('POST', `/api/v1/alerts/${id}/notes`, { note: 'x' })).status).toBe(400);
    expect((await send('POST', '/api/v1/alerts/unknown/notes', { text: 'x' })).status).toBe(404);
  });

  it('changes many alerts at once, counting only those that exist', async () => {
    const targets = docs.filter((d) => d.user?.name === 'u2').map((d) => d.kibana.alert.uuid);
    const r = await send<{ updated: number }>('POST', '/api/v1/alerts/bulk', { ids: [...targets, 'missing-id', targets[0]], status: 'closed' });
    expect(r.status).toBe(200);
    expect(r.body.updated).toBe(targets.length);
    const closed = (await get<Page>('/api/v1/alerts?status=closed&limit=100')).body;
    expect(new Set(ids(closed))).toEqual(new Set(targets));
    expect((await send('POST', '/api/v1/alerts/bulk', { ids: [], status: 'closed' })).status).toBe(400);
    expect((await send('POST', '/api/v1/alerts/bulk', { ids: targets })).status).toBe(400);
    expect((await send('POST', '/api/v1/alerts/bulk', { ids: 'all', status: 'closed' })).status).toBe(400);
  });
});
