// Record plans fill exactly what the generic walk fills for a record of the same layout, refuse any record whose
// layout differs (leaving the source array clean), and their detection/rule lists keep what the generic path runs.

import { describe, expect, it } from 'vitest';
import { compileAll } from './compile.js';
import { DETECT_RULES, SHAPE_MAPPINGS } from './detect-table.js';
import { buildPlan, matchPlan, planDetect, planRules } from './record-plan.js';
import { walk } from './source-trie.js';
import type { ShapeProgram } from './compile.js';

const C = compileAll(DETECT_RULES, SHAPE_MAPPINGS);

function viaWalk(doc: Record<string, unknown>): { vals: unknown[]; touched: number[] } {
  const vals = new Array<unknown>(C.sourceCount).fill(undefined);
  const touched: number[] = [];
  walk(doc, C.trie, vals, touched);
  return { vals, touched };
}

function viaPlan(planDoc: Record<string, unknown>, doc: Record<string, unknown>): { ok: boolean; vals: unknown[]; touched: number[] } {
  const vals = new Array<unknown>(C.sourceCount).fill(undefined);
  const touched: number[] = [];
  const ok = matchPlan(buildPlan(planDoc, C.trie), doc, vals, touched);
  return { ok, vals, touched };
}

const path = (s: string): number => C.trie.map[s]?.source ?? -2;

function nested(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@timestamp': '2026-11-01T00:00:00.000Z',
    event: { category: ['process'], type: ['start'] },
    host: { name: 'ws-1' },
    user: { name: 'CORP\\ann' },
    process: { name, pid: 4, parent: { name: 'explorer.exe' } },
    'labels.run': 'r1',
    ...extra,
  };
}

describe('record plans', () => {
  it('fill the same sources, in the same order, as the walk for a record of the same layout', () => {
    const got = viaPlan(nested('a.exe'), nested('b.exe'));
    const want = viaWalk(nested('b.exe'));
    expect(got.ok).toBe(true);
    expect(got.touched).toEqual(want.touched);
    expect(got.vals).toEqual(want.vals);
    expect(got.vals[path('process.name')]).toBe('b.exe');
    expect(got.vals[path('labels')]).toEqual({ run: 'r1' });
  });

  it('refuse any other layout and leave the sources empty', () => {
    const base = nested('a.exe');
    const variants: Array<Record<string, unknown>> = [
      { ...base, extra: 1 }, // one key more
      Object.fromEntries(Object.entries(base).slice(1)), // one key less
      Object.fromEntries(Object.entries(base).reverse()), // another order
      { ...base, host: null }, // null where an object was
      { ...base, process: ['x'] }, // an array where an object was
      { ...base, host: 'ws-1' }, // a string where an object was
      { ...base, process: { name: 'a.exe', pid: 4, 'parent.name': 'x', parent: { name: 'explorer.exe' } } }, // a dotted key inside
      { ...base, user: { name: 'ann', id: 1 } }, // a nested key more
    ];
    for (const v of variants) {
      const got = viaPlan(base, v);
      expect(got.ok).toBe(false);
      expect(got.touched).toEqual([]);
      expect(got.vals.every((x) => x === undefined)).toBe(true);
    }
  });

  it('accept a null where the plan saw null, and refuse a value there', () => {
    const withNull = nested('a.exe', { 'host.os.type': null });
    expect(viaPlan(withNull, nested('b.exe', { 'host.os.type': null })).ok).toBe(true);
    expect(viaPlan(withNull, nested('b.exe', { 'host.os.type': 'linux' })).ok).toBe(false);
  });

  it('keep, in table order, every detection rule and field rule the generic path could run', () => {
    const doc = nested('a.exe');
    const plan = buildPlan(doc, C.trie);
    const det = planDetect(plan, C.detect);
    // The rule that decides this record (PROCESS_CATEGORY + START_TYPE → ecs) is kept; a rule gated on a source
    // the layout lacks (winlog.event_id) is not.
    expect(det.some((r) => r.shape === 'ecs' && r.when.length === 2)).toBe(true);
    expect(det.some((r) => r.gates.includes(path('winlog.event_id')))).toBe(false);
    expect(det.map((r) => C.detect.indexOf(r))).toEqual([...det.map((r) => C.detect.indexOf(r))].sort((a, b) => a - b));
    const prog = C.mappings.get('ecs') as ShapeProgram;
    const rules = planRules(plan, prog);
    const { touched } = viaWalk(doc);
    const needed = new Set(touched.flatMap((s) => prog.uses[s]));
    for (const i of needed) expect(rules).toContain(prog.rules[i]);
    expect(rules.map((r) => prog.rules.indexOf(r))).toEqual([...rules.map((r) => prog.rules.indexOf(r))].sort((a, b) => a - b));
  });
});
