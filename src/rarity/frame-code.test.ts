// The generated frame code (frame-code.ts) against the closures it replaces: every slot value is what
// compileField's reader returns, and every feed filter answers as clauseTest() clauses do, over generated and
// hostile events (non-ASCII, lone surrogates, giant strings, missing fields, wrong types, no `projected`).

import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import { EventFrame, FieldSlots } from './event-frame.js';
import { clauseTest, compileField, compileProjection } from './fields.js';
import { compileFill } from './frame-code.js';
import type { FieldClause } from './job-config.js';
import { AGENT_PROCESS_NAMES } from './jobs/problem-child.js';
import { rng, scoredEvent, T0 } from './testing.js';

/** A field name that would break out of a badly quoted literal in the generated code. */
const INJECTION = 'x"]; throw new Error("injected"); //\n`${1}`';

const PATHS = [
  'problemchild.prediction', 'problemchild.prediction_probability', 'problemchild.nested.deep', 'problemchild.',
  'classifier.malicious_probability', 'oddspawn.classifier.model', 'process_code_signature_subject_name', 'process_code_signature_trusted',
  'process.name', 'user.name', 'host.name', 'process.parent.name', 'event.id', 'user.id', 'process.command_line',
  'we"ird\\path\u2028with\u2029separators', 'caf\u00e9.\ud800lone', '__proto__', 'constructor', 'a.b.c.d.e', 'toString',
  INJECTION,
];

const HOSTILE: unknown[] = [
  undefined, null, '', ' ', 'x', 'élève.exe', '\ud800', '\udfff\ud800', 'a'.repeat(100_000), '\u0000', 0, -0, 1, 0.5, NaN,
  Infinity, -1e308, true, false, [], ['a', 'b'], [1], [null, 'x'], [[]], {}, { a: 1 }, '1', '0.5', 'true', 'None',
];

/** A random event: a normal one with fields replaced by hostile values, with and without `projected`. */
function hostileEvent(r: () => number, i: number, project: (doc: unknown) => Record<string, unknown>): ScoredEvent {
  const pick = (): unknown => HOSTILE[Math.floor(r() * HOSTILE.length)];
  const e = scoredEvent({ timeMs: T0 + i, user: `user${i % 7}`, process: AGENT_PROCESS_NAMES[i % 3] ?? 'x.exe', line: i });
  const doc = e.event as unknown as Record<string, Record<string, unknown>>;
  if (r() < 0.3) doc.user.name = pick();
  if (r() < 0.3) doc.process.name = pick();
  if (r() < 0.2) doc.process.parent = pick() as Record<string, unknown>;
  if (r() < 0.2) delete (doc as Record<string, unknown>).host;
  if (r() < 0.2) (doc as Record<string, unknown>)['process.name'] = pick();
  if (r() < 0.2) doc.process.code_signature = { subject_name: pick(), trusted: pick() };
  if (r() < 0.1) (doc as Record<string, unknown>)['we"ird\\path\u2028with\u2029separators'] = pick();
  if (r() < 0.1) (doc as Record<string, unknown>)['caf\u00e9'] = { '\ud800lone': pick() };
  if (r() < 0.2) (doc as Record<string, unknown>)[INJECTION] = pick();
  const pc = e.problemchild as unknown as Record<string, unknown>;
  if (r() < 0.3) pc.prediction = pick();
  if (r() < 0.3) pc.prediction_probability = pick();
  if (r() < 0.2) pc.nested = r() < 0.5 ? { deep: pick() } : pick();
  if (r() < 0.1) pc[''] = pick();
  if (r() < 0.2) (e.classifier as unknown as Record<string, unknown>).malicious_probability = pick();
  if (r() < 0.5) return e;
  const projected = project(e.event);
  if (r() < 0.3) projected['process.name'] = pick();
  if (r() < 0.1) projected['__proto__'] = pick();
  return { ...e, projected };
}

function events(n: number, seed: number): ScoredEvent[] {
  const r = rng(seed);
  const project = compileProjection(PATHS);
  return Array.from({ length: n }, (_, i) => hostileEvent(r, i, project));
}

describe('compileFill', () => {
  it('reads every slot as its compiled field reader does', () => {
    const readers = PATHS.map(compileField);
    const fill = compileFill(PATHS, readers);
    const vals = new Array<unknown>(PATHS.length);
    let projected = 0;
    for (const ev of events(3000, 7)) {
      if (ev.projected) projected++;
      fill(ev, vals);
      for (let i = 0; i < PATHS.length; i++) expect(Object.is(vals[i], readers[i](ev)), `${PATHS[i]} of event ${ev.origin.line}`).toBe(true);
    }
    expect(projected).toBeGreaterThan(1000);
    expect(projected).toBeLessThan(2000);
  });

  it('handles no slots and only classifier slots', () => {
    const none = compileFill([], []);
    const vals: unknown[] = [];
    none(scoredEvent({ timeMs: T0, user: 'u', process: 'p' }), vals);
    expect(vals).toEqual([]);
    const one = compileFill(['problemchild.prediction'], [compileField('problemchild.prediction')]);
    one(scoredEvent({ timeMs: T0, user: 'u', process: 'p', prediction: 0 }), vals);
    expect(vals).toEqual([0]);
  });
});

const CLAUSES: FieldClause[] = [
  { field: 'problemchild.prediction', equals: 1 },
  { field: 'problemchild.prediction', equals: '1' },
  { field: 'problemchild.prediction_probability', gte: 0.5 },
  { field: 'problemchild.prediction_probability', lte: 0.5, gte: 0 },
  { field: 'process.name', in: AGENT_PROCESS_NAMES },
  { field: 'process.name', in: ['1', 0, 'élève.exe', '\ud800'] },
  { field: 'user.name', equals: 'x' },
  { field: 'user.name', exists: true },
  { field: 'user.name', exists: false, equals: 'None' },
  { field: 'process_code_signature_trusted', equals: true },
  { field: 'process_code_signature_subject_name', equals: 'None' },
  { field: 'host.name', equals: false },
  { field: 'we"ird\\path\u2028with\u2029separators', in: ['true', 'x'], exists: true },
  { field: '__proto__', exists: true },
  { field: INJECTION, equals: 'x"); throw 1; //' },
  { field: INJECTION, exists: true, in: ['1', 'élève.exe'] },
];

/** The feed filter as it was evaluated before (one clauseTest closure per clause). */
function reference(filter: readonly FieldClause[], mustNot: readonly FieldClause[]): (ev: ScoredEvent) => boolean {
  const must = filter.map((c) => [compileField(c.field), clauseTest(c)] as const);
  const not = mustNot.map((c) => [compileField(c.field), clauseTest(c)] as const);
  return (ev) => must.every(([read, test]) => test(read(ev))) && !not.some(([read, test]) => test(read(ev)));
}

describe('compiled feed filters', () => {
  it('answer as the clause closures do, for random filters over hostile events', () => {
    const r = rng(3);
    const evs = events(600, 11);
    const filters: Array<[FieldClause[], FieldClause[]]> = [
      [[CLAUSES[0], CLAUSES[2]], [CLAUSES[4]]], // Elastic's datafeed
      [[], [CLAUSES[4]]], // history_feed "all"
      [[], []],
    ];
    for (let i = 0; i < 40; i++) {
      const take = (): FieldClause[] => CLAUSES.filter(() => r() < 0.25);
      filters.push([take(), take()]);
    }
    const slots = new FieldSlots();
    const ids = filters.map(([f, n]) => slots.feedFilter(f, n));
    expect(new Set(ids.slice(0, 3)).size).toBe(3);
    const frame = new EventFrame(slots);
    const refs = filters.map(([f, n]) => reference(f, n));
    let passed = 0;
    for (const ev of evs) {
      frame.reset(ev);
      for (let k = 0; k < filters.length; k++) {
        const want = refs[k](ev);
        expect(frame.passes(ids[k]), `filter ${k} on event ${ev.origin.line}`).toBe(want);
        // A second ask for the same event is answered from the frame, the same way.
        expect(frame.passes(ids[k])).toBe(want);
        if (want) passed++;
      }
    }
    expect(passed).toBeGreaterThan(1000);
  });

  it('reads slots added after a frame was made', () => {
    const slots = new FieldSlots();
    const frame = new EventFrame(slots);
    const ev = scoredEvent({ timeMs: T0, user: 'alice', process: 'cmd.exe' });
    frame.reset(ev); // no slots yet (a runner without jobs)
    const a = slots.field('user.name');
    frame.reset(ev);
    expect(frame.keyword(a)).toBe('alice');
    const b = slots.field('process.name');
    const f = slots.feedFilter([{ field: 'process.name', equals: 'cmd.exe' }], []);
    frame.reset(ev);
    expect([frame.keyword(a), frame.keyword(b), frame.passes(f)]).toEqual(['alice', 'cmd.exe', true]);
  });
});
