// Block / allow lists: user-editable conditions that force a prediction to malicious (like Elastic's
// legacy keyword blocklist) or veto it. TOML or JSON, validated with zod; errors name file and line.
// Allow entries win over block entries; the first matching entry of the winning kind is reported.

import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { OddspawnError } from '../common/issues.js';
import { fieldStrings } from '../common/fields.js';
import type { ProcessEvent } from '../normalize/process-event.js';

const entrySchema = z
  .object({
    id: z.string().min(1),
    action: z.enum(['block', 'allow']),
    field: z.string().min(1),
    operator: z.enum(['contains', 'wildcard', 'regex', 'equals']),
    value: z.string(),
    reason: z.string().optional(),
    case_sensitive: z.boolean().optional(),
  })
  .strict();

const fileSchema = z.object({ entries: z.array(entrySchema) }).strict();

export type OverrideEntry = z.infer<typeof entrySchema>;

interface CompiledEntry extends OverrideEntry {
  test: (s: string) => boolean;
}

export interface OverrideList {
  file: string;
  entries: CompiledEntry[];
}

function wildcardRegex(pattern: string, flags: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

function compileEntry(e: OverrideEntry, where: () => string): CompiledEntry {
  const ci = e.case_sensitive !== true;
  const flags = ci ? 'is' : 's';
  switch (e.operator) {
    case 'equals': {
      const v = ci ? e.value.toLowerCase() : e.value;
      return { ...e, test: (s) => (ci ? s.toLowerCase() : s) === v };
    }
    case 'contains': {
      const v = ci ? e.value.toLowerCase() : e.value;
      return { ...e, test: (s) => (ci ? s.toLowerCase() : s).includes(v) };
    }
    case 'wildcard': {
      const re = wildcardRegex(e.value, flags);
      return { ...e, test: (s) => re.test(s) };
    }
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(e.value, ci ? 'i' : '');
      } catch (err) {
        throw new OddspawnError('OS_CONFIG', `${where()}: entry "${e.id}": invalid regex: ${(err as Error).message}`, undefined, 2);
      }
      return { ...e, test: (s) => re.test(s) };
    }
  }
}

/** Line of the entry in the source text: the line that declares its id. */
function lineOf(text: string, id: string | undefined, index: number): number | undefined {
  const lines = text.split('\n');
  if (id !== undefined) {
    const re = new RegExp(`["']?id["']?\\s*[=:]\\s*["']${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`);
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) return i + 1;
  }
  let seen = -1;
  for (let i = 0; i < lines.length; i++) if (/\[\[entries\]\]|"id"\s*:/.test(lines[i]) && ++seen === index) return i + 1;
  return undefined;
}

export function parseOverrides(text: string, file: string): OverrideList {
  const isJson = /^\s*[{[]/.test(text) && !/^\s*\[\[/.test(text);
  let raw: unknown;
  try {
    raw = isJson ? JSON.parse(text) : parseToml(text);
  } catch (e) {
    const m = /line (\d+)/i.exec((e as Error).message);
    throw new OddspawnError('OS_CONFIG', `${file}${m ? `:${m[1]}` : ''}: cannot parse ${isJson ? 'JSON' : 'TOML'}: ${(e as Error).message.split('\n')[0]}`, { file, line: m ? Number(m[1]) : undefined }, 2);
  }
  if (Array.isArray(raw)) raw = { entries: raw };
  const r = fileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    const idx = i.path[0] === 'entries' && typeof i.path[1] === 'number' ? i.path[1] : undefined;
    const id = idx !== undefined ? ((raw as { entries: Array<{ id?: unknown }> }).entries[idx]?.id as string | undefined) : undefined;
    const line = idx !== undefined ? lineOf(text, typeof id === 'string' ? id : undefined, idx) : undefined;
    throw new OddspawnError('OS_CONFIG', `${file}${line ? `:${line}` : ''}: ${i.path.join('.') || '(root)'}: ${i.message}`, { file, line }, 2);
  }
  const ids = new Set<string>();
  const entries = r.data.entries.map((e, idx) => {
    const where = (): string => `${file}${lineOf(text, e.id, idx) ? `:${lineOf(text, e.id, idx)}` : ''}`;
    if (ids.has(e.id)) throw new OddspawnError('OS_CONFIG', `${where()}: duplicate entry id "${e.id}"`, { file }, 2);
    ids.add(e.id);
    return compileEntry(e, where);
  });
  return { file, entries };
}

export function loadOverrides(path: string): OverrideList {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new OddspawnError('OS_CONFIG', `cannot read overrides ${path}: ${(e as Error).message}`, { file: path }, 2);
  }
  return parseOverrides(text, path);
}

/** The entry that decides this event: an allow entry beats any block entry. */
export function applyOverrides(list: OverrideList, ev: ProcessEvent): OverrideEntry | undefined {
  let block: CompiledEntry | undefined;
  for (const e of list.entries) {
    if (e.action === 'block' && block) continue;
    if (!fieldStrings(ev, e.field).some(e.test)) continue;
    if (e.action === 'allow') return strip(e);
    block = e;
  }
  return block ? strip(block) : undefined;
}

function strip(e: CompiledEntry): OverrideEntry {
  const { test: _t, ...rest } = e;
  return rest;
}
