import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db.js';
import { createRuleEngine } from './engine.js';
import { parseExceptionsText } from './exception-file.js';
import { ExceptionStore, mergeExceptionSets } from './exception-store.js';
import { compileEntry, exceptionEntrySchema, exceptionItemSchema, ExceptionMatcher, type ExceptionItemInput } from './exceptions.js';
import { anomalyRecord, loadedRule, MIN, T0 } from './test-fixtures.js';

const alert = {
  user: { name: 'alice', id: 'S-1-5-21-9' },
  host: { name: 'DEV-07' },
  process: { name: 'MSBuild.exe', executable: 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe', args: ['MSBuild.exe', 'app.csproj'] },
  risk: 21,
  trusted: true,
  anomaly: {
    influencers: [
      { influencer_field_name: 'process.name', influencer_field_values: ['MSBuild.exe'] },
      { influencer_field_name: 'user.name', influencer_field_values: ['alice', 'bob'] },
    ],
  },
};
const entry = (e: unknown): boolean => compileEntry(exceptionEntrySchema.parse(e))(alert);

describe('exception entries (each type, included and excluded)', () => {
  it('match: exact and case-sensitive; numbers and booleans by text', () => {
    expect(entry({ field: 'user.name', operator: 'included', type: 'match', value: 'alice' })).toBe(true);
    expect(entry({ field: 'user.name', operator: 'included', type: 'match', value: 'Alice' })).toBe(false);
    expect(entry({ field: 'user.name', operator: 'excluded', type: 'match', value: 'alice' })).toBe(false);
    expect(entry({ field: 'user.name', operator: 'excluded', type: 'match', value: 'bob' })).toBe(true);
    expect(entry({ field: 'risk', type: 'match', value: 21 })).toBe(true);
    expect(entry({ field: 'trusted', type: 'match', value: true })).toBe(true);
    // excluded on a missing field: the field "is not" the value.
    expect(entry({ field: 'user.domain', operator: 'excluded', type: 'match', value: 'CORP' })).toBe(true);
  });

  it('match_any: any listed value; arrays match on any element', () => {
    expect(entry({ field: 'host.name', operator: 'included', type: 'match_any', value: ['DEV-01', 'DEV-07'] })).toBe(true);
    expect(entry({ field: 'process.args', operator: 'included', type: 'match_any', value: ['app.csproj'] })).toBe(true);
    expect(entry({ field: 'host.name', operator: 'excluded', type: 'match_any', value: ['DEV-01', 'DEV-07'] })).toBe(false);
    expect(entry({ field: 'host.name', operator: 'excluded', type: 'match_any', value: ['SRV-1'] })).toBe(true);
  });

  it('wildcard: * and ?, case-insensitive, across backslashes', () => {
    expect(entry({ field: 'process.executable', operator: 'included', type: 'wildcard', value: 'c:\\windows\\microsoft.net\\*\\msbuild.exe' })).toBe(true);
    expect(entry({ field: 'host.name', type: 'wildcard', value: 'DEV-0?' })).toBe(true);
    expect(entry({ field: 'host.name', type: 'wildcard', value: 'SRV-*' })).toBe(false);
    expect(entry({ field: 'host.name', operator: 'excluded', type: 'wildcard', value: 'SRV-*' })).toBe(true);
  });

  it('exists: present and non-empty', () => {
    expect(entry({ field: 'user.id', operator: 'included', type: 'exists' })).toBe(true);
    expect(entry({ field: 'user.domain', operator: 'included', type: 'exists' })).toBe(false);
    expect(entry({ field: 'user.domain', operator: 'excluded', type: 'exists' })).toBe(true);
    expect(entry({ field: 'user.id', operator: 'excluded', type: 'exists' })).toBe(false);
  });

  it('nested: all inner entries must hold on the same element', () => {
    const nested = (inner: unknown[]): boolean => entry({ field: 'anomaly.influencers', type: 'nested', entries: inner });
    expect(nested([{ field: 'influencer_field_name', type: 'match', value: 'user.name' }, { field: 'influencer_field_values', type: 'match', value: 'bob' }])).toBe(true);
    // Both conditions hold, but on different elements: no match.
    expect(nested([{ field: 'influencer_field_name', type: 'match', value: 'process.name' }, { field: 'influencer_field_values', type: 'match', value: 'bob' }])).toBe(false);
    expect(nested([{ field: 'influencer_field_name', type: 'match', value: 'process.name' }, { field: 'influencer_field_values', operator: 'excluded', type: 'match', value: 'bob' }])).toBe(true);
    expect(entry({ field: 'no.such', type: 'nested', entries: [{ field: 'x', type: 'exists' }] })).toBe(false);
  });

  it('rejects malformed entries', () => {
    expect(exceptionEntrySchema.safeParse({ field: 'a', type: 'match_any', value: [] }).success).toBe(false);
    expect(exceptionEntrySchema.safeParse({ field: 'a', type: 'match', valeu: 'x' }).success).toBe(false);
    expect(exceptionEntrySchema.safeParse({ field: 'a', type: 'list', list: { id: 'x' } }).success).toBe(false);
    expect(exceptionEntrySchema.safeParse({ field: 'a', type: 'nested', entries: [{ field: 'b', type: 'nested', entries: [] }] }).success).toBe(false);
  });
});

const item = (id: string, list: string, entries: ExceptionItemInput['entries'], extra: Partial<ExceptionItemInput> = {}): ExceptionItemInput => ({
  item_id: id,
  list_id: list,
  name: id,
  entries,
  ...extra,
});

describe('items and lists', () => {
  const userRule = '40155ee4-1e6a-4e4d-a63b-e8ba16980cfb';
  const hostRule = '56004189-4e69-4a39-b4a9-195329d226e9';

  it('AND within an item, OR across items', () => {
    const m = new ExceptionMatcher({
      lists: [],
      items: [
        item('both', 'shared', [
          { field: 'user.name', type: 'match', value: 'alice' },
          { field: 'host.name', type: 'match', value: 'OTHER' },
        ]),
        item('either', 'shared', [{ field: 'process.name', type: 'match', value: 'MSBuild.exe' }]),
      ].map((i) => exceptionItemSchema.parse(i)),
    });
    expect(m.match(userRule, alert, T0)?.item_id).toBe('either');
    expect(m.match(userRule, { ...alert, process: { name: 'x' } }, T0)).toBeUndefined();
  });

  it('per-rule lists (rule_ids or the rule\'s exceptions_list) and shared lists; expired items no longer apply', () => {
    const set = {
      lists: [
        { list_id: 'user-only', name: 'u', description: '', type: 'rule_default' as const, namespace_type: 'single' as const, rule_ids: [userRule] },
        { list_id: 'attached', name: 'a', description: '', type: 'detection' as const, namespace_type: 'single' as const },
      ],
      items: [
        item('u1', 'user-only', [{ field: 'host.name', type: 'match', value: 'DEV-07' }]),
        item('a1', 'attached', [{ field: 'user.name', type: 'match', value: 'alice' }]),
        item('s1', 'global', [{ field: 'process.name', type: 'match', value: 'MSBuild.exe' }], { expire_time: '2026-01-01T00:00:00Z' }),
      ].map((i) => exceptionItemSchema.parse(i)),
    };
    const m = new ExceptionMatcher(set, new Map([[hostRule, ['attached']]]));
    expect(m.match(userRule, alert, T0)?.item_id).toBe('u1');
    expect(m.match(hostRule, alert, T0)?.item_id).toBe('a1');
    expect(m.match('other-rule', alert, Date.UTC(2025, 11, 31))?.item_id).toBe('s1');
    expect(m.match('other-rule', alert, T0)).toBeUndefined();
  });
});

describe('exception files and the store', () => {
  const entries = '[{"field":"user.name","operator":"included","type":"match","value":"alice"}]';

  it('reads JSON, NDJSON (Kibana export) and TOML, reporting bad items with their location', () => {
    const json = parseExceptionsText(`{"lists":[{"list_id":"l","name":"L"}],"items":[{"item_id":"i1","list_id":"l","name":"n","entries":${entries}}]}`, 'x.json');
    expect([json.lists.length, json.items.length, json.issues.length]).toEqual([1, 1, 0]);
    const ndjson = parseExceptionsText(
      [
        '{"list_id":"l","name":"L","type":"detection","namespace_type":"single","id":"abc","created_at":"2026-01-01T00:00:00Z"}',
        `{"item_id":"i1","list_id":"l","name":"n","type":"simple","entries":${entries},"tie_breaker_id":"z"}`,
        '{"item_id":"i2","list_id":"l","name":"n","entries":[{"field":"a","type":"wildcard"}]}',
        'not json',
        '{"exported_exception_list_count":1,"exported_exception_list_item_count":2}',
      ].join('\n'),
      'export.ndjson',
    );
    expect([ndjson.lists.length, ndjson.items.length]).toEqual([1, 1]);
    expect(ndjson.issues.map((i) => `${i.code}:${i.origin?.line}`)).toEqual(['OS_EXCEPTION_INVALID:3', 'OS_EXCEPTION_INVALID:4']);
    const toml = parseExceptionsText(
      `[[lists]]\nlist_id = "l"\nname = "L"\nrule_ids = ["r"]\n\n[[items]]\nitem_id = "t1"\nlist_id = "l"\nname = "n"\n\n[[items.entries]]\nfield = "host.name"\ntype = "wildcard"\nvalue = "DEV-*"\n`,
      'x.toml',
    );
    expect(toml.items[0].entries[0]).toEqual({ field: 'host.name', operator: 'included', type: 'wildcard', value: 'DEV-*' });
    expect(toml.lists[0].rule_ids).toEqual(['r']);
    expect(parseExceptionsText('[[items]\n', 'bad.toml').issues[0].origin).toEqual({ file: 'bad.toml', line: 1 });
  });

  it('CRUD in SQLite round-trips lists and items', () => {
    const db = openDb(':memory:');
    const s = new ExceptionStore(db);
    s.upsertList({ list_id: 'l', name: 'L', rule_ids: ['r1'] });
    s.upsertItem(item('i1', 'l', [{ field: 'user.name', type: 'match', value: 'alice' }]));
    s.upsertItem(item('i1', 'l', [{ field: 'user.name', type: 'match', value: 'bob' }]));
    s.upsertItem(item('i2', 'other', [{ field: 'x', type: 'exists' }]));
    expect(s.getList('l')).toEqual({ list_id: 'l', name: 'L', description: '', type: 'detection', namespace_type: 'single', rule_ids: ['r1'] });
    expect(s.getItem('i1')?.entries[0]).toEqual({ field: 'user.name', operator: 'included', type: 'match', value: 'bob' });
    expect(s.items('l').map((i) => i.item_id)).toEqual(['i1']);
    expect(s.items().map((i) => i.item_id)).toEqual(['i1', 'i2']);
    expect(() => s.upsertItem({ item_id: 'bad', name: 'b', entries: [] })).toThrow(/entries/);
    expect(s.deleteItem('i2')).toBe(true);
    expect(s.deleteItem('i2')).toBe(false);
    expect(s.deleteList('l')).toBe(true);
    expect(s.load()).toEqual({ lists: [], items: [] });
    const merged = mergeExceptionSets({ lists: [], items: [exceptionItemSchema.parse(item('a', 'l', [{ field: 'x', type: 'exists' }]))] }, { lists: [], items: [] });
    expect(merged.items).toHaveLength(1);
  });

  it('the engine drops alerts an exception matches and counts them', async () => {
    const exceptions = { lists: [], items: [exceptionItemSchema.parse(item('no-bob', 'site', [{ field: 'user.name', type: 'match', value: 'bob' }]))] };
    const engine = createRuleEngine({ rules: [loadedRule({})], mode: 'event-time', exceptions });
    engine.advanceTo(T0);
    engine.onAnomalyRecord(anomalyRecord({ timestamp: T0, score: 90, user: 'alice' }));
    engine.onAnomalyRecord(anomalyRecord({ timestamp: T0, score: 90, user: 'bob' }));
    engine.advanceTo(T0 + 15 * MIN);
    const s = await engine.finish();
    expect(s.alerts.map((a) => a.user?.name)).toEqual(['alice']);
    expect(s.byRule[0].excluded).toBe(2); // bob's record, seen by both runs (15m, and 30m at finish)
  });
});
