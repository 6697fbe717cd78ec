// Compiled field readers over ScoredEvents: jobs name fields as ECS dotted strings, and the hot path must not
// re-split paths per event. `problemchild.*` reads the classifier's fields; the two runtime fields of Elastic's
// datafeeds (process_code_signature_*) are derived as Elastic's runtime mappings do.

import type { ScoredEvent } from '../classify/types.js';
import { getField } from '../common/fields.js';
import type { FieldClause } from './job-config.js';

export type Accessor = (ev: ScoredEvent) => unknown;

function walk(parts: readonly string[]): (doc: unknown) => unknown {
  if (parts.length === 1) {
    const [a] = parts;
    return (d) => (d as Record<string, unknown> | undefined)?.[a];
  }
  if (parts.length === 2) {
    const [a, b] = parts;
    return (d) => {
      const x = (d as Record<string, unknown>)[a];
      return x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[b] : undefined;
    };
  }
  if (parts.length === 3) {
    const [a, b, c] = parts;
    return (d) => {
      const x = (d as Record<string, unknown>)[a];
      if (x === null || typeof x !== 'object') return undefined;
      const y = (x as Record<string, unknown>)[b];
      return y !== null && typeof y === 'object' ? (y as Record<string, unknown>)[c] : undefined;
    };
  }
  return (d) => {
    let cur: unknown = d;
    for (const p of parts) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[p];
    }
    return cur;
  };
}

export function compileField(path: string): Accessor {
  if (path === 'process_code_signature_subject_name') {
    return (ev) => ev.event.process?.code_signature?.subject_name ?? 'None';
  }
  if (path === 'process_code_signature_trusted') {
    return (ev) => {
      const t = ev.event.process?.code_signature?.trusted;
      return t === undefined ? 'None' : String(t);
    };
  }
  if (path.startsWith('problemchild.')) {
    const f = walk(path.split('.').slice(1));
    return (ev) => f(ev.problemchild);
  }
  if (path.startsWith('classifier.') || path.startsWith('oddspawn.classifier.')) {
    const f = walk(path.replace(/^oddspawn\./, '').split('.').slice(1));
    return (ev) => f(ev.classifier);
  }
  const fast = walk(path.split('.'));
  // Nested ECS first (what the normalizer produces); a flat dotted key as the fallback.
  return (ev) => {
    const v = fast(ev.event);
    return v !== undefined ? v : getField(ev.event, path);
  };
}

/** The value as a keyword string, or undefined when missing, null, empty or not a scalar. */
export function keyword(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return keyword(v[0]);
  return undefined;
}

export function keywords(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((x) => (x === null || typeof x === 'object' ? [] : [String(x)]));
  if (typeof v === 'object') return [];
  return [String(v)];
}

export type Predicate = (ev: ScoredEvent) => boolean;

function clausePredicate(c: FieldClause): Predicate {
  const get = compileField(c.field);
  const tests: Array<(v: unknown) => boolean> = [];
  if (c.equals !== undefined) {
    const want = c.equals;
    tests.push((v) => v === want || (v !== undefined && v !== null && String(v) === String(want)));
  }
  if (c.in !== undefined) {
    const set = new Set(c.in.map(String));
    tests.push((v) => (typeof v === 'string' ? set.has(v) : keywords(v).some((s) => set.has(s))));
  }
  if (c.gte !== undefined) {
    const lo = c.gte;
    tests.push((v) => typeof v === 'number' && v >= lo);
  }
  if (c.lte !== undefined) {
    const hi = c.lte;
    tests.push((v) => typeof v === 'number' && v <= hi);
  }
  if (c.exists !== undefined) {
    const want = c.exists;
    tests.push((v) => (v !== undefined && v !== null) === want);
  }
  return (ev) => {
    const v = get(ev);
    for (const t of tests) if (!t(v)) return false;
    return true;
  };
}

/** Elastic datafeed semantics: every `filter` clause must hold and no `must_not` clause may. */
export function compileFeedFilter(filter: readonly FieldClause[], mustNot: readonly FieldClause[]): Predicate {
  const must = filter.map(clausePredicate);
  const not = mustNot.map(clausePredicate);
  return (ev) => {
    for (const p of must) if (!p(ev)) return false;
    for (const p of not) if (p(ev)) return false;
    return true;
  };
}
