// Compiles a parsed query into one closure, so the per-event cost is a few property reads and compares
// (query rules see every scored event in `hunt`).

import { compileGetField } from '../../common/fields.js';
import { parseQuery, type Literal, type QueryNode } from './parse.js';

export type Predicate = (doc: unknown) => boolean;

/**
 * Whether any value of a field passes: arrays flattened one level, null and undefined never tested. Reads the
 * field through a reader compiled once per clause and builds no list (query rules see every event).
 */
function anyValue(get: (doc: unknown) => unknown, test: (v: unknown) => boolean): Predicate {
  return (d) => {
    const v = get(d);
    if (v === undefined || v === null) return false;
    if (!Array.isArray(v)) return test(v);
    for (const x of v as unknown[]) if (x !== null && x !== undefined && test(x)) return true;
    return false;
  };
}

function equals(a: unknown, b: Literal, ci: boolean): boolean {
  if (typeof b === 'number') return typeof a === 'number' ? a === b : typeof a === 'string' && a.trim() !== '' && Number(a) === b;
  if (typeof b === 'boolean') return a === b || (typeof a === 'string' && a === String(b));
  if (typeof a === 'object') return false;
  const s = String(a);
  return ci ? s.toLowerCase() === String(b).toLowerCase() : s === b;
}

function asNumber(a: unknown): number | undefined {
  if (typeof a === 'number') return a;
  if (typeof a === 'string' && a.trim() !== '') {
    const n = Number(a);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof a === 'boolean') return a ? 1 : 0;
  return undefined;
}

/** `*` any run of characters (path separators included), `?` one character; case-insensitive. */
export function wildcardRegExp(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

export function compileQuery(node: QueryNode): Predicate {
  switch (node.kind) {
    case 'and': {
      const parts = node.items.map(compileQuery);
      return (d) => parts.every((p) => p(d));
    }
    case 'or': {
      const parts = node.items.map(compileQuery);
      return (d) => parts.some((p) => p(d));
    }
    case 'not': {
      const inner = compileQuery(node.item);
      return (d) => !inner(d);
    }
    case 'missing': {
      const has = anyValue(compileGetField(node.field), () => true);
      return (d) => !has(d);
    }
    case 'in': {
      const { caseInsensitive } = node;
      return anyValue(compileGetField(node.field), (v) => node.values.some((w) => equals(v, w, caseInsensitive)));
    }
    case 'wildcard': {
      const res = node.patterns.map(wildcardRegExp);
      return anyValue(compileGetField(node.field), (v) => typeof v !== 'object' && res.some((r) => r.test(String(v))));
    }
    case 'cmp': {
      const { op, value } = node;
      const get = compileGetField(node.field);
      if (op === '==') return anyValue(get, (v) => equals(v, value, false));
      if (op === '!=') {
        const eq = anyValue(get, (v) => equals(v, value, false));
        return (d) => !eq(d);
      }
      const limit = value as number;
      const test =
        op === '>' ? (n: number) => n > limit : op === '>=' ? (n: number) => n >= limit : op === '<' ? (n: number) => n < limit : (n: number) => n <= limit;
      return anyValue(get, (v) => {
        const n = asNumber(v);
        return n !== undefined && test(n);
      });
    }
  }
}

export function compileQueryText(src: string): Predicate {
  return compileQuery(parseQuery(src));
}
