// The event frame's per-event code, generated once per runner: reading every field slot of an event, and each
// feed filter over those values. Through one closure per field and per clause, each read or test was a call
// the engine cannot inline (one call site reaches every field's closure) and a keyed load whose key changes
// from call to call; written out with the field names as literals, a read is one monomorphic property load and
// a filter one function. Measured on the rarity bench's events (scratch harness, loaded machine): the user
// job's feed filter and field reads through the frame went from ≈ 0.9–1.1 to ≈ 0.65 µs per event, where the
// same reads written by hand take ≈ 0.45 µs.
//
// Generated code embeds job field names only as JSON string literals (valid JavaScript string literals for any
// string: quotes, backslashes and control characters escaped, line separators and lone surrogates allowed) and
// clause operands only through arrays passed in, never as source text.

import type { ScoredEvent } from '../classify/types.js';
import { eventPathsOf, keywords, type Accessor } from './fields.js';
import type { FieldClause } from './job-config.js';

/**
 * Writes slot i's value (what readers[i](ev) returns) into vals[i], for every slot; with `ids`, the value's id
 * (ScoredEvent.projectedIds) into ids[i] for every document slot, -1 when it has none (other slots untouched).
 */
export type FillSlots = (ev: ScoredEvent, vals: unknown[], ids?: Int32Array) => void;

/** A feed filter over a frame's slot values. */
export type SlotTest = (vals: readonly unknown[]) => boolean;

const CLASSIFIER_PREFIX = 'problemchild.';

/** A field read from the document at its own path (not a classifier field, not one derived at read time). */
function isDocPath(path: string): boolean {
  const paths = eventPathsOf(path);
  return paths.length === 1 && paths[0] === path;
}

/**
 * The generated reads keep compileField's semantics exactly: `problemchild.<name>` (one level) is
 * `ev.problemchild?.[name]`; a document path is `projected[path]` when the event has `projected`, else its
 * reader (the document walk); anything else calls its reader.
 */
export function compileFill(paths: readonly string[], readers: readonly Accessor[]): FillSlots {
  const head: string[] = [];
  const proj: string[] = [];
  const doc: string[] = [];
  const withIds: string[] = [];
  const noIds: string[] = [];
  let pc = false;
  paths.forEach((path, i) => {
    const rest = path.slice(CLASSIFIER_PREFIX.length);
    if (path.startsWith(CLASSIFIER_PREFIX) && !rest.includes('.')) {
      head.push(`  vals[${i}] = pc?.[${JSON.stringify(rest)}];`);
      pc = true;
    } else if (isDocPath(path)) {
      proj.push(`    vals[${i}] = p[${JSON.stringify(path)}];`);
      doc.push(`    vals[${i}] = R[${i}](ev);`);
      // An id is a non-negative int32 or nothing (anything else in projectedIds is no id).
      withIds.push(`      x = q[${JSON.stringify(path)}];`, `      ids[${i}] = typeof x === "number" && (x | 0) === x && x >= 0 ? x : -1;`);
      noIds.push(`    ids[${i}] = -1;`);
    } else head.push(`  vals[${i}] = R[${i}](ev);`);
  });
  const ids = [
    '    if (ids !== undefined) {',
    '      const q = ev.projectedIds;',
    '      let x;',
    '      if (q !== undefined) {',
    ...withIds.map((l) => `  ${l}`),
    '      } else {',
    ...noIds.map((l) => `    ${l}`),
    '      }',
    '    }',
  ];
  const body = [
    '"use strict";',
    'return function fill(ev, vals, ids) {',
    ...(pc ? ['  const pc = ev.problemchild;'] : []),
    ...head,
    ...(proj.length
      ? ['  const p = ev.projected;', '  if (p !== undefined) {', ...proj, ...ids, '  } else {', ...doc, '    if (ids !== undefined) {', ...noIds.map((l) => `  ${l}`), '    }', '  }']
      : []),
    '};',
  ].join('\n');
  return new Function('R', body)(readers) as FillSlots;
}

/** Operands of the generated tests, by index (kept out of the source text). */
interface Operands {
  values: unknown[];
  sets: Array<ReadonlySet<string>>;
}

function operand(o: Operands, v: unknown): number {
  o.values.push(v);
  return o.values.length - 1;
}

/**
 * One clause as an expression over `x` (its field's value), with fields.ts clauseTest()'s semantics: every
 * condition the clause has must hold.
 */
function clauseExpr(c: FieldClause, o: Operands): string {
  const parts: string[] = [];
  if (c.equals !== undefined) {
    const w = operand(o, c.equals);
    const s = operand(o, String(c.equals));
    parts.push(`(x === V[${w}] || (x !== undefined && x !== null && String(x) === V[${s}]))`);
  }
  if (c.in !== undefined) {
    o.sets.push(new Set(c.in.map(String)));
    const k = o.sets.length - 1;
    parts.push(`(typeof x === "string" ? S[${k}].has(x) : anyIn(x, S[${k}]))`);
  }
  if (c.gte !== undefined) parts.push(`(typeof x === "number" && x >= V[${operand(o, c.gte)}])`);
  if (c.lte !== undefined) parts.push(`(typeof x === "number" && x <= V[${operand(o, c.lte)}])`);
  if (c.exists !== undefined) parts.push(`((x !== undefined && x !== null) === V[${operand(o, c.exists)}])`);
  return parts.join(' && ');
}

function anyIn(v: unknown, set: ReadonlySet<string>): boolean {
  return keywords(v).some((s) => set.has(s));
}

/**
 * Elastic datafeed semantics over slot values: every `filter` clause must hold and no `must_not` clause may
 * (`slot(field)` gives each clause's slot).
 */
export function compileFilter(filter: readonly FieldClause[], mustNot: readonly FieldClause[], slot: (field: string) => number): SlotTest {
  const o: Operands = { values: [], sets: [] };
  const lines = ['"use strict";', 'return function test(vals) {', '  let x;'];
  for (const c of filter) lines.push(`  x = vals[${slot(c.field)}];`, `  if (!(${clauseExpr(c, o)})) return false;`);
  for (const c of mustNot) lines.push(`  x = vals[${slot(c.field)}];`, `  if (${clauseExpr(c, o)}) return false;`);
  lines.push('  return true;', '};');
  return new Function('V', 'S', 'anyIn', lines.join('\n'))(o.values, o.sets, anyIn) as SlotTest;
}
