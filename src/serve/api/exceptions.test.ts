import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, QUERY_RULE_ID, type ApiHarness } from './testing.js';

const HOSTILE = `<script>alert("x")</script>'; DROP TABLE exception_items; --`;

interface View {
  id: string;
  item_id: string;
  list_id: string;
  name: string;
  description: string;
  rule_id?: string;
  entries: Array<{ field: string; value?: unknown }>;
  created_at: string;
  updated_at: string;
}

let h: ApiHarness;
beforeAll(async () => {
  h = await apiHarness();
});
afterAll(async () => h.close());

const call = async <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<{ status: number; body: T }> => {
  const r = await h.app.inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: r.statusCode, body: r.json() as T };
};

const item = {
  item_id: 'backup-agent',
  name: 'Backup agent runs certutil',
  description: 'signed job on the backup servers',
  entries: [
    { field: 'process.name', operator: 'included', type: 'match', value: 'certutil.exe' },
    { field: 'host.name', operator: 'included', type: 'match_any', value: ['BK-01', 'BK-02'] },
  ],
};

describe('exceptions CRUD', () => {
  it('creates, lists, reads, replaces and deletes an item, rebuilding the engine on each change', async () => {
    const reloads = h.reloads;
    const c = await call<View>('POST', '/api/v1/exceptions', item);
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ id: 'backup-agent', item_id: 'backup-agent', list_id: 'default', type: 'simple', namespace_type: 'single', created_at: '2026-01-10T00:00:00.000Z' });
    expect(c.body.rule_id).toBeUndefined();
    expect(h.reloads).toBe(reloads + 1);
    expect((await call<View[]>('GET', '/api/v1/exceptions')).body.map((v) => v.id)).toEqual(['backup-agent']);
    expect((await call<View>('GET', '/api/v1/exceptions/backup-agent')).body.entries).toEqual(item.entries);

    const r = await call<View>('PUT', '/api/v1/exceptions/backup-agent', { ...c.body, name: 'Backup agent (BK hosts)' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Backup agent (BK hosts)', list_id: 'default', created_at: c.body.created_at });
    expect(h.ctx.exceptions.getItem('backup-agent')?.name).toBe('Backup agent (BK hosts)');

    expect((await call<{ deleted: string }>('DELETE', '/api/v1/exceptions/backup-agent')).body).toEqual({ deleted: 'backup-agent' });
    expect((await call('GET', '/api/v1/exceptions/backup-agent')).status).toBe(404);
    expect((await call('DELETE', '/api/v1/exceptions/backup-agent')).status).toBe(404);
    expect(h.reloads).toBe(reloads + 3);
  });

  it("puts an item with a rule_id into that rule's own list and filters the listing by rule", async () => {
    const { item_id: _drop, ...noId } = item;
    void _drop;
    const c = await call<View>('POST', '/api/v1/exceptions', { ...noId, rule_id: QUERY_RULE_ID });
    expect(c.status).toBe(201);
    expect(c.body.id).toMatch(/^oddspawn-[0-9a-f-]{36}$/);
    expect(c.body).toMatchObject({ rule_id: QUERY_RULE_ID, list_id: `rule-${QUERY_RULE_ID}` });
    expect((await call<View[]>('GET', `/api/v1/exceptions?rule=${QUERY_RULE_ID}`)).body.map((v) => v.id)).toEqual([c.body.id]);
    expect((await call<View[]>('GET', '/api/v1/exceptions?rule=other')).body).toEqual([]);
    // Replacing without naming a list keeps the item where it is.
    const r = await call<View>('PUT', `/api/v1/exceptions/${c.body.id}`, { name: 'renamed', entries: item.entries });
    expect(r.body).toMatchObject({ list_id: `rule-${QUERY_RULE_ID}`, rule_id: QUERY_RULE_ID, name: 'renamed' });
  });

  it('keeps hostile strings as data', async () => {
    const c = await call<View>('POST', '/api/v1/exceptions', { item_id: 'hostile', name: HOSTILE, description: HOSTILE, entries: [{ field: 'process.command_line', type: 'wildcard', value: `*${HOSTILE}*` }] });
    expect(c.status).toBe(201);
    const g = await call<View>('GET', '/api/v1/exceptions/hostile');
    expect(g.body.name).toBe(HOSTILE);
    expect(g.body.entries[0].value).toBe(`*${HOSTILE}*`);
    expect((await call<View[]>('GET', '/api/v1/exceptions')).body.length).toBeGreaterThan(0);
  });

  it.each([
    [{ name: 'x' }],
    [{ name: 'x', entries: [] }],
    [{ name: 'x', entries: [{ field: 'a', type: 'regex', value: '.*' }] }],
    [{ name: 'x', entries: [{ field: 'a', type: 'match', value: 'b' }], colour: 'red' }],
    [{ name: '', entries: [{ field: 'a', type: 'match', value: 'b' }] }],
    [{ name: 'x', entries: [{ field: 'a', type: 'match', value: 'b' }], rule_id: 'no-such-rule' }],
    [{ name: 'x', entries: [{ field: 'a', type: 'match', value: 'b' }], expire_time: 'tomorrow' }],
  ])('rejects POST body %j with 400', async (body) => {
    const r = await call<{ error: { code: string } }>('POST', '/api/v1/exceptions', body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
  });

  it('answers 409 for a duplicate item_id, 404 for an unknown id, 400 for a mismatched id', async () => {
    await call('POST', '/api/v1/exceptions', { ...item, item_id: 'dup' });
    const d = await call<{ error: { code: string } }>('POST', '/api/v1/exceptions', { ...item, item_id: 'dup' });
    expect(d.status).toBe(409);
    expect(d.body.error.code).toBe('CONFLICT');
    expect((await call('PUT', '/api/v1/exceptions/unknown', item)).status).toBe(404);
    expect((await call('PUT', '/api/v1/exceptions/dup', { ...item, item_id: 'other' })).status).toBe(400);
    expect((await call('GET', '/api/v1/exceptions?rule=')).status).toBe(200);
    expect((await call('GET', '/api/v1/exceptions?bogus=1')).status).toBe(400);
  });
});
