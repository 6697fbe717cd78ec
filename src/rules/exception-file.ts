// Reads exception lists and items from a file: JSON ({lists, items}, an array, or one item), NDJSON (Kibana's
// exception-list export: list lines, item lines and a trailing summary line) or TOML ([[lists]], [[items]]).
// Every bad item becomes an issue with its location; the good ones are kept.

import { readFileSync } from 'node:fs';
import { parse as parseToml, TomlError } from 'smol-toml';
import { issue, type Issue, type Origin } from '../common/issues.js';
import { exceptionItemSchema, exceptionListSchema, type ExceptionItem, type ExceptionList, type ExceptionSet } from './exceptions.js';

export interface ExceptionLoadResult extends ExceptionSet {
  issues: Issue[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function zodMessage(e: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return e.issues.map((i) => `${i.path.map(String).join('.') || '(item)'}: ${i.message}`).join('; ');
}

class Collector {
  lists: ExceptionList[] = [];
  items: ExceptionItem[] = [];
  issues: Issue[] = [];

  add(v: unknown, origin: Origin): void {
    if (!isObject(v)) {
      this.issues.push(issue('OS_EXCEPTION_INVALID', 'an exception entry is not an object', origin));
      return;
    }
    // Kibana's export ends with a summary object; it carries counts, not exceptions.
    if ('exported_exception_list_count' in v || 'exported_exception_list_item_count' in v) return;
    if ('entries' in v || 'item_id' in v) {
      const r = exceptionItemSchema.safeParse(v);
      if (r.success) this.items.push(r.data);
      else this.issues.push(issue('OS_EXCEPTION_INVALID', `exception item ${String(v.item_id ?? '?')}: ${zodMessage(r.error)}`, origin));
    } else {
      const r = exceptionListSchema.safeParse(v);
      if (r.success) this.lists.push(r.data);
      else this.issues.push(issue('OS_EXCEPTION_INVALID', `exception list ${String(v.list_id ?? '?')}: ${zodMessage(r.error)}`, origin));
    }
  }

  addContainer(v: unknown, file: string): void {
    if (Array.isArray(v)) v.forEach((x, i) => this.add(x, { file, record: i }));
    else if (isObject(v) && (Array.isArray(v.lists) || Array.isArray(v.items))) {
      (Array.isArray(v.lists) ? v.lists : []).forEach((x, i) => this.add(x, { file, record: i }));
      (Array.isArray(v.items) ? v.items : []).forEach((x, i) => this.add(x, { file, record: i }));
    } else this.add(v, { file });
  }
}

export function parseExceptionsText(text: string, file: string): ExceptionLoadResult {
  const c = new Collector();
  const trimmed = text.trimStart();
  if (file.endsWith('.toml')) {
    try {
      c.addContainer(parseToml(text), file);
    } catch (e) {
      if (!(e instanceof TomlError)) throw e;
      c.issues.push(issue('OS_EXCEPTION_INVALID', e.message.split('\n')[0], { file, line: e.line }));
    }
  } else if (trimmed.startsWith('[') || (!file.endsWith('.ndjson') && isWholeJson(trimmed))) {
    try {
      c.addContainer(JSON.parse(text), file);
    } catch (e) {
      c.issues.push(issue('OS_EXCEPTION_INVALID', `not valid JSON: ${(e as Error).message}`, { file }));
    }
  } else {
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      try {
        c.add(JSON.parse(line), { file, line: i + 1 });
      } catch (e) {
        c.issues.push(issue('OS_EXCEPTION_INVALID', `not valid JSON: ${(e as Error).message}`, { file, line: i + 1 }));
      }
    });
  }
  return { lists: c.lists, items: c.items, issues: c.issues };
}

function isWholeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function loadExceptionsFile(file: string): ExceptionLoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { lists: [], items: [], issues: [issue('OS_READ_OPEN', `cannot read exceptions file: ${(e as Error).message}`, { file })] };
  }
  return parseExceptionsText(text, file);
}
