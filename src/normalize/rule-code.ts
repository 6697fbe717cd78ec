// Straight-line code for the field rules a record layout runs. applyRules() walks a rule list and calls every
// converter through one shared call site, which V8 sees as megamorphic: no converter is inlined and each call pays a
// dispatch. For a layout seen again and again (a record plan that keeps matching), the same list is written out once
// as a function with one call site per rule, each monomorphic, so V8 inlines the converters and drops the loop.
//
// The generated source holds only numbers and fixed identifiers (rule and slot indices): nothing of a record, no key
// and no value, ever becomes code. Rules the straight-line form does not cover (choice rules, group targets) are
// handed to the generic applyRule(), in their place in the order, so the result is applyRules()'s by construction.

import type { CompiledFieldRule, CompiledRule, ShapeProgram, Source } from './compile.js';
import { INVALID, NOTE, type ConverterName } from './converters.js';
import { applyRule, settle } from './mapper.js';

export type RulesFn = (src: readonly unknown[], vals: unknown[]) => void;

type Factory = (
  rules: readonly CompiledRule[],
  apply: typeof applyRule,
  note: typeof NOTE,
  tail: (r: unknown, v: unknown, rule: number, source: number) => unknown,
  invalid: typeof INVALID,
  is: (v: unknown) => boolean,
  ib: (v: unknown) => boolean,
  ip: (v: unknown) => boolean,
) => RulesFn;

/**
 * The common case of a few converters written inline, as [test, body]: when the test holds, the body sets `o` to
 * exactly what the converter returns for `v`, and the converter would have set no note (the generic branch's
 * checks have nothing to do). Converter calls from the rules function are real calls (past V8's inlining budget),
 * so a string field's value went three calls deep (string → str → scalar). The tests are tiny functions handed to
 * the factory (V8 inlines functions that small whatever the budget), so the code still holds no quote.
 */
const FAST: Partial<Record<ConverterName, readonly [test: string, body: string]>> = {
  // str(v, false): a string is itself, "" is nothing.
  string: ['IS(v)', 'if (v.length !== 0) o = v;'],
  // code(): a string goes to str(v, false) as above.
  code: ['IS(v)', 'if (v.length !== 0) o = v;'],
  // str(v, true): "" and "-" are nothing.
  winString: ['IS(v)', 'if (v.length > 1 || (v.length === 1 && v.charCodeAt(0) !== 45)) o = v;'],
  bool: ['IB(v)', 'o = v;'],
  // pid(): a non-negative safe integer is itself.
  pid: ['IP(v)', 'o = v;'],
};

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const isPid = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function isPlain(r: CompiledRule): r is CompiledFieldRule {
  return !r.choice && r.slot >= 0;
}

/** The JavaScript source of the factory for `rules` (exported for the tests: it must hold no record data). */
export function rulesSource(rules: readonly CompiledRule[]): string {
  const head: string[] = ['"use strict";'];
  const body: string[] = ['let v, o;'];
  rules.forEach((r, i) => {
    if (!isPlain(r)) {
      body.push(`A(R[${i}], S, V);`);
      return;
    }
    head.push(`const c${i} = R[${i}].conv;`);
    const slot = r.slot;
    const lines: string[] = ['o = undefined;'];
    r.sources.forEach((s: Source, k: number) => {
      const guard = k === 0 ? '' : 'o === undefined && ';
      const generic = `o = c${i}(v); if (o === INV || N.text !== undefined) o = F(o, v, ${i}, ${k});`;
      const fast = FAST[r.convName];
      lines.push(`if (${guard}(v = S[${s.index}]) !== undefined) { ${fast === undefined ? generic : `if (${fast[0]}) { ${fast[1]} } else { ${generic} }`} }`);
    });
    lines.push(`if (o !== undefined) V[${slot}] = o;`);
    body.push(`if (V[${slot}] === undefined) {`, ...lines.map((l) => '  ' + l), '}');
  });
  return `${head.join('\n')}\nreturn function rules(S, V) {\n${body.map((l) => '  ' + l).join('\n')}\n};`;
}

function compile(rules: readonly CompiledRule[]): RulesFn {
  // The source holds indices only (see above).
  const factory = new Function('R', 'A', 'N', 'F', 'INV', 'IS', 'IB', 'IP', rulesSource(rules)) as Factory;
  const tail = (r: unknown, v: unknown, rule: number, source: number): unknown => {
    const fr = rules[rule] as CompiledFieldRule;
    return settle(r, v, fr.target, fr.sources[source]);
  };
  return factory(rules, applyRule, NOTE, tail, INVALID, isString, isBoolean, isPid);
}

/** Compiled rule lists per program, keyed by the rules' table positions; bounded, as layouts can be endless. */
const CACHE = new WeakMap<ShapeProgram, Map<string, RulesFn>>();
const CACHE_MAX = 64;

/** The compiled form of `rules` (a sub-list of `prog.rules`, in table order). */
export function rulesCode(prog: ShapeProgram, rules: readonly CompiledRule[]): RulesFn {
  let byKey = CACHE.get(prog);
  if (byKey === undefined) CACHE.set(prog, (byKey = new Map()));
  const key = rules.map((r) => prog.rules.indexOf(r)).join(',');
  let fn = byKey.get(key);
  if (fn === undefined) {
    if (byKey.size >= CACHE_MAX) byKey.clear();
    fn = compile(rules);
    byKey.set(key, fn);
  }
  return fn;
}
