import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertRecords } from '../../rarity/record-store.js';
import type { AnomalyRecord } from '../../rarity/types.js';
import { anomalyRecord, MIN, T0 } from '../../rules/test-fixtures.js';
import { anomalyAlert, apiHarness, eventAlert, storedEvent, type ApiHarness } from './testing.js';

const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const HOSTILE = `<img src=x onerror=alert(1)>'; DROP TABLE events; --`;

let h: ApiHarness;
let records: AnomalyRecord[];

beforeAll(async () => {
  h = await apiHarness();
  records = [];
  for (let i = 0; i < 12; i++) {
    records.push(anomalyRecord({ timestamp: T0 + i * HOUR, score: 40 + i * 5, user: i % 2 ? 'alice' : 'bob', job: i < 8 ? 'problem_child_rare_process_by_user' : 'problem_child_rare_process_by_host' }));
  }
  records.push(anomalyRecord({ timestamp: T0 + 30 * HOUR, score: 99, user: 'alice', interim: true }));
  upsertRecords(h.db, records);

  const events = [];
  for (let i = 0; i < 20; i++) events.push(storedEvent({ timeMs: T0 + i * 10 * MIN, user: i % 2 ? 'alice' : 'bob', host: i % 4 < 2 ? 'WS-01' : 'WS-02', name: `p${i}.exe`, line: i + 1 }));
  events.push(storedEvent({ timeMs: T0 + 500 * MIN, user: HOSTILE, host: HOSTILE, cmd: HOSTILE, line: 100 }));
  h.events.add(events);

  const [ml, query] = h.rules;
  // Day 1: 3 high (query rule) alerts in hour 0, 1 in hour 2; 2 low (ML) in hour 1. Day 3: 1 high.
  const alerts = [
    eventAlert(query, { timeMs: T0 + 5 * MIN, user: 'alice', host: 'WS-01', name: 'certutil.exe', line: 1 }),
    eventAlert(query, { timeMs: T0 + 6 * MIN, user: 'alice', host: 'WS-02', name: 'certutil.exe', line: 2 }),
    eventAlert(query, { timeMs: T0 + 7 * MIN, user: 'bob', host: 'WS-01', name: 'mshta.exe', line: 3 }),
    eventAlert(query, { timeMs: T0 + 2 * HOUR + MIN, user: 'alice', host: 'WS-01', name: 'regsvr32.exe', line: 4 }),
    anomalyAlert(ml, { timestamp: T0 + HOUR, score: 80, user: 'carol', process: 'rundll32.exe' }),
    anomalyAlert(ml, { timestamp: T0 + HOUR + 15 * MIN, score: 85, user: 'alice', process: 'certutil.exe' }),
    eventAlert(query, { timeMs: T0 + 2 * DAY, user: 'dave', host: 'WS-09', name: 'certutil.exe', line: 5 }),
  ];
  for (const a of alerts) h.alerts.insert(a);
});
afterAll(async () => h.close());

const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
  const r = await h.app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() as T };
};
const iso = (ms: number): string => new Date(ms).toISOString();

describe('GET /api/v1/anomalies', () => {
  type Page = { total: number; items: AnomalyRecord[] };
  it('pages final records, highest score first, with the total', async () => {
    const all = await get<Page>('/api/v1/anomalies?limit=5');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(12);
    expect(all.body.items.map((r) => r.record_score)).toEqual([95, 90, 85, 80, 75]);
    expect(all.body.items[0]).toEqual(records[11]);
    expect((await get<Page>('/api/v1/anomalies?limit=5&offset=10')).body.items.map((r) => r.record_score)).toEqual([45, 40]);
    expect((await get<Page>('/api/v1/anomalies?interim=true')).body.total).toBe(13);
  });

  it('filters by job, user, minimum score and time', async () => {
    expect((await get<Page>('/api/v1/anomalies?job=problem_child_rare_process_by_host')).body.total).toBe(4);
    expect((await get<Page>('/api/v1/anomalies?job=problem_child_rare_process_by_host,problem_child_rare_process_by_user')).body.total).toBe(12);
    const alice = (await get<Page>('/api/v1/anomalies?user=alice&limit=100')).body;
    expect(alice.total).toBe(6);
    expect(alice.items.every((r) => r.partition_field_value === 'alice')).toBe(true);
    expect((await get<Page>('/api/v1/anomalies?min_score=80')).body.total).toBe(4);
    const win = (await get<Page>(`/api/v1/anomalies?from=${iso(T0 + 2 * HOUR)}&to=${iso(T0 + 5 * HOUR)}`)).body;
    expect(win.items.map((r) => r.timestamp).sort()).toEqual([T0 + 2 * HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR]);
    expect((await get<Page>(`/api/v1/anomalies?user=${encodeURIComponent(HOSTILE)}`)).body.total).toBe(0);
  });

  it.each(['min_score=high', 'min_score=101', 'limit=0', 'offset=x', 'from=never', 'interim=maybe', 'jobs=x'])('answers 400 for %s', async (q) => {
    const r = await get<{ error: { code: string } }>(`/api/v1/anomalies?${q}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
  });
});

describe('GET /api/v1/events', () => {
  type Page = { items: Array<{ '@timestamp': string; user: { name: string }; host: { name: string }; process: { name: string; command_line: string } }> };
  it('returns stored event documents by user, host and time, oldest first, bounded', async () => {
    const alice = (await get<Page>('/api/v1/events?user=alice')).body.items;
    expect(alice.map((e) => e.process.name)).toEqual(['p1.exe', 'p3.exe', 'p5.exe', 'p7.exe', 'p9.exe', 'p11.exe', 'p13.exe', 'p15.exe', 'p17.exe', 'p19.exe']);
    const ws2 = (await get<Page>(`/api/v1/events?user=alice&host=WS-02&from=${iso(T0 + 60 * MIN)}&limit=2`)).body.items;
    expect(ws2.map((e) => [e.process.name, e.host.name, e['@timestamp']])).toEqual([
      ['p7.exe', 'WS-02', iso(T0 + 70 * MIN)],
      ['p11.exe', 'WS-02', iso(T0 + 110 * MIN)],
    ]);
    const hostile = (await get<Page>(`/api/v1/events?host=${encodeURIComponent(HOSTILE)}`)).body.items;
    expect(hostile.map((e) => [e.user.name, e.process.command_line])).toEqual([[HOSTILE, HOSTILE]]);
    expect(h.events.count()).toBe(21);
  });

  it.each(['limit=1001', 'limit=-5', 'to=soon', 'proc=x', `from=${iso(T0 + DAY)}&to=${iso(T0)}`])('answers 400 for %s', async (q) => {
    expect((await get(`/api/v1/events?${q}`)).status).toBe(400);
  });
});

describe('GET /api/v1/dashboard', () => {
  type Dash = {
    bucket: string;
    total: number;
    over_time: Array<{ t: string; rule_id: string; rule_name: string; severity: string; count: number }>;
    top_users: Array<{ key: string; count: number }>;
    top_hosts: Array<{ key: string; count: number }>;
    top_processes: Array<{ key: string; count: number }>;
    by_severity: Record<string, number>;
    by_status: Record<string, number>;
  };
  it('counts alerts over time by rule and severity, and the top users, hosts and processes', async () => {
    const { status, body } = await get<Dash>(`/api/v1/dashboard?from=${iso(T0)}&to=${iso(T0 + DAY)}&bucket=1h`);
    expect(status).toBe(200);
    expect(body.total).toBe(6);
    expect(body.over_time.map((b) => [b.t, b.severity, b.count])).toEqual([
      [iso(T0), 'high', 3],
      [iso(T0 + HOUR), 'low', 2],
      [iso(T0 + 2 * HOUR), 'high', 1],
    ]);
    expect(body.over_time[1].rule_name).toBe('Unusual Process Spawned by a User');
    expect(body.top_users).toEqual([
      { key: 'alice', count: 4 },
      { key: 'bob', count: 1 },
      { key: 'carol', count: 1 },
    ]);
    expect(body.top_processes[0]).toEqual({ key: 'certutil.exe', count: 3 });
    expect(body.top_hosts[0]).toEqual({ key: 'WS-01', count: 5 });
    expect(body.by_severity).toEqual({ low: 2, medium: 0, high: 4, critical: 0 });
    expect(body.by_status).toEqual({ open: 6, acknowledged: 0, closed: 0 });
  });

  it('buckets by day on request and by default when alerts span more than three days', async () => {
    const d = (await get<Dash>('/api/v1/dashboard?bucket=1d')).body;
    expect(d.bucket).toBe('1d');
    expect(d.over_time.map((b) => [b.t, b.severity, b.count])).toEqual([
      [iso(T0), 'low', 2], // same bucket: ordered by rule_id (the ML rule's sorts first)
      [iso(T0), 'high', 4],
      [iso(T0 + 2 * DAY), 'high', 1],
    ]);
    expect((await get<Dash>('/api/v1/dashboard')).body.bucket).toBe('1h');
    expect((await get<Dash>('/api/v1/dashboard?top=1')).body.top_users).toEqual([{ key: 'alice', count: 4 }]);
  });

  it.each(['bucket=1w', 'top=0', 'from=x', 'status=all', 'rule=x'])('answers 400 for %s', async (q) => {
    expect((await get(`/api/v1/dashboard?${q}`)).status).toBe(400);
  });
});
