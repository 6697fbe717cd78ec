// Compiled rule lists (rule-code.ts) must fill exactly the slots, values and warnings applyRules() fills for the same
// rules, on every shape's full table, over the shape fixtures and seeded junk in their fields; and the code they are
// compiled from must hold nothing of a record (indices and fixed identifiers only).

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileAll } from './compile.js';
import { DETECT_RULES, SHAPE_MAPPINGS } from './detect-table.js';
import { applyRules, beginRecord, takeWarnings } from './mapper.js';
import { rulesCode, rulesSource } from './rule-code.js';
import { walk } from './source-trie.js';
import { TARGETS } from './targets.js';

const C = compileAll(DETECT_RULES, SHAPE_MAPPINGS);
const FIXTURES = new URL('../../test/fixtures/shapes/', import.meta.url);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fixtures(): Obj[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, FIXTURES), 'utf8')) as Obj);
}

const JUNK: unknown[] = [null, true, 0, -1, 1.5, Infinity, '', '-', 'S-1-0-0', 'S-1-16-12288', 'CORP\\ann', 'ann@corp', ['a', 'b'], [], [1, 'x'], {}, { md5: 'abc', exists: 'true' }, 'SHA1=AA,MD5=BB', '%%1937', 'not a time', '2024-01-02T03:04:05.006Z'];

/** Each fixture, then copies with one leaf replaced by each junk value in turn (seeded by position). */
function docs(): Obj[] {
  const out: Obj[] = [];
  for (const base of fixtures()) {
    out.push(base);
    const leaves: Array<[Obj, string]> = [];
    const visit = (o: Obj): void => {
      for (const k of Object.keys(o)) {
        if (isObj(o[k])) visit(o[k] as Obj);
        else leaves.push([o, k]);
      }
    };
    const copy = structuredClone(base);
    visit(copy);
    leaves.forEach(([parent, k], i) => {
      const saved = parent[k];
      parent[k] = JUNK[i % JUNK.length];
      out.push(structuredClone(copy));
      parent[k] = saved;
    });
  }
  return out;
}

function sources(doc: Obj): unknown[] {
  const src = new Array<unknown>(C.sourceCount).fill(undefined);
  walk(doc, C.trie, src, []);
  return src;
}

describe('compiled rule lists', () => {
  it('fill what applyRules fills, with the same warnings, for every shape table and every record', () => {
    const all = docs();
    expect(all.length).toBeGreaterThan(200);
    let filled = 0;
    let warned = 0;
    for (const [shape, prog] of C.mappings) {
      const code = rulesCode(prog, prog.rules);
      for (const doc of all) {
        const src = sources(doc);
        const generic = new Array<unknown>(TARGETS.length).fill(undefined);
        beginRecord({ file: shape, line: 1 });
        applyRules(prog.rules, src, generic);
        const genericWarnings = takeWarnings();

        const compiled = new Array<unknown>(TARGETS.length).fill(undefined);
        beginRecord({ file: shape, line: 1 });
        code(src, compiled);
        const compiledWarnings = takeWarnings();

        expect(compiled).toEqual(generic);
        expect(compiledWarnings).toEqual(genericWarnings);
        filled += generic.filter((v) => v !== undefined).length;
        warned += genericWarnings?.length ?? 0;
      }
    }
    // The comparison must have had values and warnings to compare.
    expect(filled).toBeGreaterThan(1000);
    expect(warned).toBeGreaterThan(50);
  });

  it('are cached per program and rule list', () => {
    const prog = C.mappings.get('ecs')!;
    expect(rulesCode(prog, prog.rules.slice(0, 5))).toBe(rulesCode(prog, prog.rules.slice(0, 5)));
    expect(rulesCode(prog, prog.rules.slice(0, 5))).not.toBe(rulesCode(prog, prog.rules.slice(0, 6)));
  });

  it('are written from indices only: no path, key or value of the tables or a record appears in the code', () => {
    for (const [, prog] of C.mappings) {
      const src = rulesSource(prog.rules);
      expect(src.replace('"use strict";', '')).not.toMatch(/["'`\\]/);
      expect(src).not.toMatch(/process|winlog|event_data|user|host/);
    }
  });
});
