// Rule exceptions in Elastic's exception-list item shape, evaluated on the alert document.
// Within an item every entry must hold (AND); an alert is dropped when any applicable item matches (OR).
// Lists attach to rules by `rule_ids` on the list, or by the rule's `exceptions_list`; a list attached to
// neither is shared by every rule.

import { z } from 'zod';
import { getField } from '../common/fields.js';
import { wildcardRegExp } from './query/evaluate.js';

const operator = z.enum(['included', 'excluded']).default('included');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const matchEntry = z.strictObject({ field: z.string().min(1), operator, type: z.literal('match'), value: scalar });
const matchAnyEntry = z.strictObject({ field: z.string().min(1), operator, type: z.literal('match_any'), value: z.array(scalar).min(1) });
const wildcardEntry = z.strictObject({ field: z.string().min(1), operator, type: z.literal('wildcard'), value: z.string() });
const existsEntry = z.strictObject({ field: z.string().min(1), operator, type: z.literal('exists') });
const flatEntry = z.discriminatedUnion('type', [matchEntry, matchAnyEntry, wildcardEntry, existsEntry]);
const nestedEntry = z.strictObject({ field: z.string().min(1), type: z.literal('nested'), entries: z.array(flatEntry).min(1) });
export const exceptionEntrySchema = z.discriminatedUnion('type', [matchEntry, matchAnyEntry, wildcardEntry, existsEntry, nestedEntry]);

export const exceptionItemSchema = z.object({
  item_id: z.string().min(1),
  list_id: z.string().min(1).default('default'),
  name: z.string().min(1),
  description: z.string().default(''),
  type: z.literal('simple').default('simple'),
  namespace_type: z.enum(['single', 'agnostic']).default('single'),
  entries: z.array(exceptionEntrySchema).min(1),
  expire_time: z.iso.datetime({ offset: true }).optional(),
  tags: z.array(z.string()).default([]),
  comments: z.array(z.object({ comment: z.string() }).loose()).default([]),
  os_types: z.array(z.string()).default([]),
});

export const exceptionListSchema = z.object({
  list_id: z.string().min(1),
  name: z.string().min(1),
  description: z.string().default(''),
  type: z.enum(['detection', 'rule_default', 'endpoint']).default('detection'),
  namespace_type: z.enum(['single', 'agnostic']).default('single'),
  /** oddspawn extension: the rules this list applies to (rule_id). Absent = shared by all rules. */
  rule_ids: z.array(z.string()).optional(),
});

export type ExceptionEntry = z.infer<typeof exceptionEntrySchema>;
export type FlatExceptionEntry = z.infer<typeof flatEntry>;
export type ExceptionItem = z.infer<typeof exceptionItemSchema>;
export type ExceptionList = z.infer<typeof exceptionListSchema>;
export type ExceptionItemInput = z.input<typeof exceptionItemSchema>;
export type ExceptionListInput = z.input<typeof exceptionListSchema>;

export interface ExceptionSet {
  lists: ExceptionList[];
  items: ExceptionItem[];
}

export const EMPTY_EXCEPTIONS: ExceptionSet = { lists: [], items: [] };

type Test = (doc: unknown) => boolean;

function flatValues(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.filter((x) => x !== undefined && x !== null) : [v];
}

// Keyword semantics: exact, case-sensitive; numbers and booleans compare by their text as Elasticsearch does.
const same = (a: unknown, b: string | number | boolean): boolean => typeof a !== 'object' && String(a) === String(b);

function compileFlat(e: FlatExceptionEntry): Test {
  let base: Test;
  switch (e.type) {
    case 'match':
      base = (d) => flatValues(getField(d, e.field)).some((v) => same(v, e.value));
      break;
    case 'match_any':
      base = (d) => flatValues(getField(d, e.field)).some((v) => e.value.some((w) => same(v, w)));
      break;
    case 'wildcard': {
      const re = wildcardRegExp(e.value);
      base = (d) => flatValues(getField(d, e.field)).some((v) => typeof v !== 'object' && re.test(String(v)));
      break;
    }
    case 'exists':
      base = (d) => flatValues(getField(d, e.field)).length > 0;
      break;
  }
  // "excluded" is the negation of "included": a missing field is "not X" (Elastic's must_not semantics).
  return e.operator === 'excluded' ? (d) => !base(d) : base;
}

export function compileEntry(e: ExceptionEntry): Test {
  if (e.type !== 'nested') return compileFlat(e);
  // Nested: all inner entries must hold on the same element of the object array at `field`.
  const inner = e.entries.map(compileFlat);
  return (d) => {
    const v = getField(d, e.field);
    const elements = Array.isArray(v) ? v : v !== undefined && v !== null ? [v] : [];
    return elements.some((el) => el !== null && typeof el === 'object' && inner.every((t) => t(el)));
  };
}

export interface CompiledItem {
  item: ExceptionItem;
  expiresMs?: number;
  test: Test;
}

export function compileItem(item: ExceptionItem): CompiledItem {
  const tests = item.entries.map(compileEntry);
  return {
    item,
    expiresMs: item.expire_time ? Date.parse(item.expire_time) : undefined,
    test: (d) => tests.every((t) => t(d)),
  };
}

/** Exceptions compiled per rule: `match(ruleId, doc, atMs)` gives the first matching item, if any. */
export class ExceptionMatcher {
  private readonly byRule = new Map<string, CompiledItem[]>();
  private readonly shared: CompiledItem[] = [];
  private readonly attached = new Map<string, CompiledItem[]>();

  constructor(set: ExceptionSet, ruleLists: ReadonlyMap<string, readonly string[]> = new Map()) {
    const lists = new Map(set.lists.map((l) => [l.list_id, l]));
    const referenced = new Set([...ruleLists.values()].flat());
    const compiled = new Map<string, CompiledItem[]>();
    for (const item of set.items) {
      const arr = compiled.get(item.list_id) ?? [];
      arr.push(compileItem(item));
      compiled.set(item.list_id, arr);
    }
    for (const [listId, items] of compiled) {
      const list = lists.get(listId);
      if (list?.rule_ids?.length) {
        for (const r of list.rule_ids) this.byRule.set(r, [...(this.byRule.get(r) ?? []), ...items]);
      } else if (referenced.has(listId)) {
        this.attached.set(listId, items);
      } else {
        this.shared.push(...items);
      }
    }
    for (const [ruleId, listIds] of ruleLists) {
      for (const l of listIds) {
        const items = this.attached.get(l);
        if (items) this.byRule.set(ruleId, [...(this.byRule.get(ruleId) ?? []), ...items]);
      }
    }
  }

  /** The first item that drops this alert for this rule, or undefined. Expired items no longer apply. */
  match(ruleId: string, doc: unknown, atMs: number): ExceptionItem | undefined {
    for (const c of [...(this.byRule.get(ruleId) ?? []), ...this.shared]) {
      if (c.expiresMs !== undefined && atMs > c.expiresMs) continue;
      if (c.test(doc)) return c.item;
    }
    return undefined;
  }

  get size(): number {
    let n = this.shared.length;
    for (const v of this.byRule.values()) n += v.length;
    return n;
  }
}
