// Compiled field readers over ScoredEvents: jobs name fields as ECS dotted strings, and the hot path must not
// re-split paths per event. `problemchild.*` reads the classifier's fields; the two runtime fields of Elastic's
// datafeeds (process_code_signature_*) are derived as Elastic's runtime mappings do.

import type { ScoredEvent } from '../classify/types.js';
import type { FieldClause } from './job-config.js';
import { compileGetField } from '../common/fields.js';

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

const SUBJECT_NAME = 'process.code_signature.subject_name';
const TRUSTED = 'process.code_signature.trusted';

/** Field names derived at read time (Elastic's datafeed runtime mappings) → the event path each reads. */
const RUNTIME_FIELDS: Readonly<Record<string, string>> = {
  process_code_signature_subject_name: SUBJECT_NAME,
  process_code_signature_trusted: TRUSTED,
};

function isClassifierField(path: string): boolean {
  return path.startsWith('problemchild.') || path.startsWith('classifier.') || path.startsWith('oddspawn.classifier.');
}

/** The document paths a job field name reads: none for the classifier's own fields (not in the document). */
export function eventPathsOf(field: string): string[] {
  if (field in RUNTIME_FIELDS) return [RUNTIME_FIELDS[field]];
  return isClassifierField(field) ? [] : [field];
}

/** Reads one dotted path from a document: nested ECS first (what the normalizer produces), a flat dotted key as the fallback. */
export function compileDocPath(path: string): (doc: unknown) => unknown {
  const fast = walk(path.split('.'));
  const slow = compileGetField(path);
  return (doc) => {
    const v = fast(doc);
    return v !== undefined ? v : slow(doc);
  };
}

/**
 * A ScoredEvent's `projected` values: each path read from the document as the rarity stage would read it
 * (absent values are left out). Built where the document is parsed (e.g. a worker thread) from
 * jobFieldPaths(jobs), it lets the jobs run without touching `event`.
 */
export function projectFields(doc: unknown, paths: readonly string[]): Record<string, unknown> {
  return compileProjection(paths)(doc);
}

/** projectFields with the paths compiled once, for a thread that projects every event it reads. */
export function compileProjection(paths: readonly string[]): (doc: unknown) => Record<string, unknown> {
  const readers = paths.map((p) => [p, compileDocPath(p)] as const);
  return (doc) => {
    const out: Record<string, unknown> = {};
    if (doc === null || typeof doc !== 'object') return out;
    for (const [p, read] of readers) {
      const v = read(doc);
      if (v !== undefined) out[p] = v;
    }
    return out;
  };
}

export function compileField(path: string): Accessor {
  // Every reader of the document prefers `projected` when present: `event` may be a costly lazy getter.
  if (path === 'process_code_signature_subject_name') {
    return (ev) => {
      const p = ev.projected;
      return (p !== undefined ? p[SUBJECT_NAME] : ev.event.process?.code_signature?.subject_name) ?? 'None';
    };
  }
  if (path === 'process_code_signature_trusted') {
    return (ev) => {
      const p = ev.projected;
      const t = p !== undefined ? p[TRUSTED] : ev.event.process?.code_signature?.trusted;
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
  const doc = compileDocPath(path);
  return (ev) => {
    const p = ev.projected;
    return p !== undefined ? p[path] : doc(ev.event);
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

/** One feed clause as a test of the field's value (the frame reads the value once for every job). */
export function clauseTest(c: FieldClause): (v: unknown) => boolean {
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
  if (tests.length === 1) return tests[0];
  return (v) => {
    for (const t of tests) if (!t(v)) return false;
    return true;
  };
}
