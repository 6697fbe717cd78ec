// Turns the mapping data into flat structures the hot loop walks without allocating: every source path becomes an
// index into the per-record source array that one trie walk fills (source-trie.ts), converters become functions,
// targets become slot numbers. Runs once per process, at module load.

import type { ContainerFormat } from '../read/types.js';
import { CONVERTERS, type ConverterName } from './converters.js';
import type { Condition, DetectRule, MappingRule, ShapeMapping, SkipReason } from './mapping-types.js';
import { SourceRegistry, type TrieNode } from './source-trie.js';
import type { SourceShape } from './process-event.js';
import { groupChildren, slotOf } from './targets.js';

export type Convert = (v: unknown) => unknown;

export type CondKind = 'in' | 'prefix' | 'exists' | 'format' | 'any';

export interface CompiledCondition {
  kind: CondKind;
  /** Source index, or -1 for format/any. */
  source: number;
  /** Lowercased accepted values (In), or the lowercased prefix (Prefix) as its only element. */
  values: readonly string[];
  /** The accepted values as written in the table (In), tried before lowercasing the record's value. */
  exact: readonly string[];
  format: ContainerFormat | undefined;
  any: readonly CompiledCondition[];
}

export interface CompiledDetectRule {
  when: readonly CompiledCondition[];
  /** Sources that must be present for the rule to hold: a cheap reject before evaluating the conditions. */
  gates: readonly number[];
  /** For each `any` of plain source conditions, its sources: at least one must be present. */
  anyGates: readonly (readonly number[])[];
  /** The container format a top-level `format` condition requires, checked before anything else. */
  format: ContainerFormat | undefined;
  shape: SourceShape | undefined;
  skip: SkipReason | undefined;
  /** The field program of `shape` (set once the programs are built), so the hot path needs no lookup by shape. */
  program: ShapeProgram | undefined;
}

export interface Source {
  index: number;
  path: string;
}

export interface CompiledFieldRule {
  choice: false;
  target: string;
  /** The leaf slot, or -1 for a group target. */
  slot: number;
  /** For a group target: child key → slot. */
  children: Readonly<Record<string, number>> | undefined;
  /** The same as two parallel arrays, in the children's order (the mapper's loop reads these). */
  childKeys: readonly string[];
  childSlots: readonly number[];
  sources: readonly Source[];
  conv: Convert;
  /** The converter's name in the tables: compiled rule code (rule-code.ts) inlines the common case of a few. */
  convName: ConverterName;
}

export interface CompiledChoiceRule {
  choice: true;
  slots: readonly number[];
  targets: readonly string[];
  options: readonly (readonly Source[])[];
  conv: readonly Convert[];
  require: readonly number[];
  rejectIf: readonly (readonly [number, string])[];
}

export type CompiledRule = CompiledFieldRule | CompiledChoiceRule;

/**
 * A shape's rules plus, per source index, the rules that read it: a record touches ~20 of ~130 sources, so the
 * mapper runs only the rules those sources feed (in table order, via a bitset) instead of the whole table.
 */
export interface ShapeProgram {
  rules: CompiledRule[];
  uses: ReadonlyArray<readonly number[]>;
  /** Bitset words needed for the rule count. */
  words: number;
}

export interface Compiled {
  detect: CompiledDetectRule[];
  mappings: Map<SourceShape, ShapeProgram>;
  trie: TrieNode;
  sourceCount: number;
}

export function compileAll(detect: readonly DetectRule[], mappings: readonly ShapeMapping[]): Compiled {
  const reg = new SourceRegistry();
  const compileSource = (path: string): Source => ({ index: reg.add(path), path });

  const compileCondition = (c: Condition): CompiledCondition => {
    if ('any' in c) return condition('any', -1, [], [], undefined, c.any.map(compileCondition));
    if ('format' in c) return condition('format', -1, [], [], c.format, []);
    const source = reg.add(c.path);
    if ('in' in c) return condition('in', source, c.in.map((v) => v.toLowerCase()), c.in, undefined, []);
    if ('prefix' in c) return condition('prefix', source, [c.prefix.toLowerCase()], [], undefined, []);
    return condition('exists', source, [], [], undefined, []);
  };

  const detectRules = detect.map((r) => {
    const when = r.when.map(compileCondition);
    return {
    when,
    gates: when.filter((c) => c.kind !== 'any' && c.kind !== 'format').map((c) => c.source),
    anyGates: when
      .filter((c) => c.kind === 'any' && c.any.every((a) => a.source >= 0))
      .map((c) => c.any.map((a) => a.source)),
    format: when.find((c) => c.kind === 'format')?.format,
    shape: 'shape' in r ? r.shape : undefined,
    skip: 'skip' in r ? r.skip : undefined,
    program: undefined as ShapeProgram | undefined,
    };
  });
  const shapeRules = new Map<SourceShape, CompiledRule[]>();
  for (const m of mappings) shapeRules.set(m.shape, m.rules.map((r) => compileRule(r, compileSource)));
  const sourceCount = reg.paths.length;
  const programs = new Map<SourceShape, ShapeProgram>();
  for (const [shape, rules] of shapeRules) {
    const uses: number[][] = Array.from({ length: sourceCount }, () => []);
    rules.forEach((rule, i) => {
      const sources = rule.choice ? rule.options.flat() : rule.sources;
      for (const src of sources) if (!uses[src.index].includes(i)) uses[src.index].push(i);
    });
    programs.set(shape, { rules, uses, words: Math.ceil(rules.length / 32) });
  }
  for (const r of detectRules) if (r.shape !== undefined) r.program = programs.get(r.shape);
  return { detect: detectRules, mappings: programs, trie: reg.buildTrie(), sourceCount };
}

/**
 * Every condition from one literal: built by spreading a base object they had several hidden classes, and the
 * detection loop's reads of `kind` and `source` were megamorphic loads on every record.
 */
function condition(
  kind: CondKind,
  source: number,
  values: readonly string[],
  exact: readonly string[],
  format: ContainerFormat | undefined,
  any: readonly CompiledCondition[],
): CompiledCondition {
  return { kind, source, values, exact, format, any };
}

function compileRule(r: MappingRule, compileSource: (path: string) => Source): CompiledRule {
  if ('choose' in r) {
    if (r.conv.length !== r.choose.length || r.options.some((o) => o.length !== r.choose.length)) {
      throw new Error(`choice rule for ${r.choose.join(',')}: options and converters must match the targets`);
    }
    return {
      choice: true,
      slots: r.choose.map(slotOf),
      targets: r.choose,
      options: r.options.map((o) => o.map(compileSource)),
      conv: r.conv.map((c) => CONVERTERS[c]),
      require: r.require,
      rejectIf: (r.rejectIf ?? []).map(([i, v]) => [i, v.toLowerCase()] as const),
    };
  }
  const children = groupChildren(r.to);
  return {
    choice: false,
    target: r.to,
    slot: children ? -1 : slotOf(r.to),
    children,
    childKeys: children ? Object.keys(children) : [],
    childSlots: children ? Object.values(children) : [],
    sources: r.from.map(compileSource),
    conv: CONVERTERS[r.conv],
    convName: r.conv,
  };
}
