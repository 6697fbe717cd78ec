// Exceptions kept in SQLite: CRUD for lists and items (the API and UI build on these), and the whole set
// for the rule engine. Items are validated on the way in, so the table never holds one the engine rejects.

import { OddspawnError } from '../common/issues.js';
import type { Db } from '../store/db.js';
import {
  exceptionItemSchema,
  exceptionListSchema,
  type ExceptionItem,
  type ExceptionItemInput,
  type ExceptionList,
  type ExceptionListInput,
  type ExceptionSet,
} from './exceptions.js';
import { migrateRules } from './migrations.js';

interface ListRow {
  list_id: string;
  name: string;
  description: string;
  type: string;
  namespace_type: string;
  rule_ids: string | null;
}

export class ExceptionStore {
  constructor(private readonly db: Db) {
    migrateRules(db);
  }

  upsertList(input: ExceptionListInput): ExceptionList {
    const r = exceptionListSchema.safeParse(input);
    if (!r.success) throw new OddspawnError('OS_EXCEPTION_INVALID', r.error.issues.map((i) => i.message).join('; '), undefined, 2);
    const l = r.data;
    this.db
      .prepare(
        `INSERT INTO exception_lists (list_id, name, description, type, namespace_type, rule_ids) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(list_id) DO UPDATE SET name = excluded.name, description = excluded.description, type = excluded.type,
           namespace_type = excluded.namespace_type, rule_ids = excluded.rule_ids`,
      )
      .run(l.list_id, l.name, l.description, l.type, l.namespace_type, l.rule_ids ? JSON.stringify(l.rule_ids) : null);
    return l;
  }

  getList(listId: string): ExceptionList | undefined {
    const row = this.db.prepare('SELECT * FROM exception_lists WHERE list_id = ?').get(listId) as ListRow | undefined;
    return row ? rowToList(row) : undefined;
  }

  lists(): ExceptionList[] {
    return (this.db.prepare('SELECT * FROM exception_lists ORDER BY list_id').all() as ListRow[]).map(rowToList);
  }

  /** Deletes a list and its items; true when the list existed. */
  deleteList(listId: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM exception_items WHERE list_id = ?').run(listId);
      return this.db.prepare('DELETE FROM exception_lists WHERE list_id = ?').run(listId).changes > 0;
    })();
  }

  upsertItem(input: ExceptionItemInput, now = new Date()): ExceptionItem {
    const r = exceptionItemSchema.safeParse(input);
    if (!r.success) throw new OddspawnError('OS_EXCEPTION_INVALID', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), undefined, 2);
    const item = r.data;
    this.db
      .prepare(
        `INSERT INTO exception_items (item_id, list_id, doc, updated_at, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(item_id) DO UPDATE SET list_id = excluded.list_id, doc = excluded.doc, updated_at = excluded.updated_at`,
      )
      .run(item.item_id, item.list_id, JSON.stringify(item), now.toISOString(), now.toISOString());
    return item;
  }

  getItem(itemId: string): ExceptionItem | undefined {
    const row = this.db.prepare('SELECT doc FROM exception_items WHERE item_id = ?').get(itemId) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as ExceptionItem) : undefined;
  }

  items(listId?: string): ExceptionItem[] {
    const rows = (
      listId === undefined
        ? this.db.prepare('SELECT doc FROM exception_items ORDER BY item_id').all()
        : this.db.prepare('SELECT doc FROM exception_items WHERE list_id = ? ORDER BY item_id').all(listId)
    ) as Array<{ doc: string }>;
    return rows.map((r) => JSON.parse(r.doc) as ExceptionItem);
  }

  /** Items with when they were created and last changed (for the API and UI). */
  itemRecords(listId?: string): ExceptionItemRecord[] {
    const rows = (
      listId === undefined
        ? this.db.prepare('SELECT doc, created_at, updated_at FROM exception_items ORDER BY item_id').all()
        : this.db.prepare('SELECT doc, created_at, updated_at FROM exception_items WHERE list_id = ? ORDER BY item_id').all(listId)
    ) as RecordRow[];
    return rows.map(toRecord);
  }

  getItemRecord(itemId: string): ExceptionItemRecord | undefined {
    const row = this.db.prepare('SELECT doc, created_at, updated_at FROM exception_items WHERE item_id = ?').get(itemId) as RecordRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  deleteItem(itemId: string): boolean {
    return this.db.prepare('DELETE FROM exception_items WHERE item_id = ?').run(itemId).changes > 0;
  }

  /** Imports a whole set (e.g. from `hunt --exceptions FILE`) in one transaction. */
  importSet(set: ExceptionSet): void {
    this.db.transaction(() => {
      for (const l of set.lists) this.upsertList(l);
      for (const i of set.items) this.upsertItem(i);
    })();
  }

  load(): ExceptionSet {
    return { lists: this.lists(), items: this.items() };
  }
}

export interface ExceptionItemRecord {
  item: ExceptionItem;
  created_at: string;
  updated_at: string;
}

interface RecordRow {
  doc: string;
  created_at: string | null;
  updated_at: string;
}

function toRecord(r: RecordRow): ExceptionItemRecord {
  return { item: JSON.parse(r.doc) as ExceptionItem, created_at: r.created_at ?? r.updated_at, updated_at: r.updated_at };
}

function rowToList(row: ListRow): ExceptionList {
  return {
    list_id: row.list_id,
    name: row.name,
    description: row.description,
    type: row.type as ExceptionList['type'],
    namespace_type: row.namespace_type as ExceptionList['namespace_type'],
    ...(row.rule_ids ? { rule_ids: JSON.parse(row.rule_ids) as string[] } : {}),
  };
}

/** Union of two sets; items of `b` replace items of `a` with the same item_id. */
export function mergeExceptionSets(a: ExceptionSet, b: ExceptionSet): ExceptionSet {
  const lists = new Map(a.lists.map((l) => [l.list_id, l]));
  for (const l of b.lists) lists.set(l.list_id, l);
  const items = new Map(a.items.map((i) => [i.item_id, i]));
  for (const i of b.items) items.set(i.item_id, i);
  return { lists: [...lists.values()], items: [...items.values()] };
}
