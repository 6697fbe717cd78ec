// The hot loop: evaluate compiled detection and field rules over the record's source values (read by one trie
// walk), filling target slots.
// Warnings are collected in a module-level list that normalize() resets per record (single-threaded, synchronous),
// which keeps closures and per-record allocations out of the loop.

import { issue, type Issue, type Origin } from '../common/issues.js';
import type { ContainerFormat } from '../read/types.js';
import type { CompiledCondition, CompiledDetectRule, CompiledRule, ShapeProgram, Source } from './compile.js';
import { clearConversionNote, INVALID, NOTE } from './converters.js';

let warnings: Issue[] | undefined;
let warnOrigin: Origin | undefined;

export function beginRecord(origin: Origin): void {
  warnings = undefined;
  warnOrigin = origin;
}

export function takeWarnings(): Issue[] | undefined {
  const w = warnings;
  warnings = undefined;
  return w;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 32 ? v.slice(0, 32) + '…' : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v;
}

function warn(target: string, source: string, what: string): void {
  (warnings ??= []).push(issue('OS_NORM_FIELD_TYPE', `${target} (from ${source}): ${what}`, warnOrigin));
}

// The same value is lowercased again and again (host.os.type and host.os.platform, "windows", are checked against
// the non-Windows names of equal length on every record): the last one is remembered.
let lastLowerIn = '';
let lastLowerOut = '';

function lowerCase(v: string): string {
  if (v !== lastLowerIn) {
    lastLowerOut = v.toLowerCase();
    lastLowerIn = v;
  }
  return lastLowerOut;
}

function matchesIn(v: unknown, values: readonly string[], exact: readonly string[]): boolean {
  if (typeof v === 'string') {
    // Values are almost always written as in the table: compare as is before paying for a lowercase copy.
    let sameLength = false;
    for (let i = 0; i < exact.length; i++) {
      if (exact[i] === v) return true;
      if (exact[i].length === v.length) sameLength = true;
    }
    if (!sameLength) return false;
    const lower = lowerCase(v);
    for (let i = 0; i < values.length; i++) if (values[i] === lower) return true;
    return false;
  }
  if (typeof v === 'number') return Number.isFinite(v) && values.includes(String(v));
  if (Array.isArray(v)) {
    // ECS writes event.category/type as ["process"]: an exact hit on an element needs no recursion.
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      for (let j = 0; j < exact.length; j++) if (exact[j] === x) return true;
    }
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if ((typeof x === 'string' || typeof x === 'number') && matchesIn(x, values, exact)) return true;
    }
  }
  return false;
}

function holds(c: CompiledCondition, src: readonly unknown[], format: ContainerFormat): boolean {
  switch (c.kind) {
    case 'format':
      return format === c.format;
    case 'any':
      for (let i = 0; i < c.any.length; i++) if (holds(c.any[i], src, format)) return true;
      return false;
    case 'exists':
      return src[c.source] !== undefined;
    case 'in':
      return matchesIn(src[c.source], c.values, c.exact);
    case 'prefix': {
      const v = src[c.source];
      return typeof v === 'string' && v.toLowerCase().startsWith(c.values[0]);
    }
  }
}

export function detect(rules: readonly CompiledDetectRule[], src: readonly unknown[], format: ContainerFormat): CompiledDetectRule | undefined {
  outer: for (let r = 0; r < rules.length; r++) {
    const rule = rules[r];
    if (rule.format !== undefined && rule.format !== format) continue;
    const gates = rule.gates;
    for (let g = 0; g < gates.length; g++) if (src[gates[g]] === undefined) continue outer;
    const anyGates = rule.anyGates;
    gate: for (let a = 0; a < anyGates.length; a++) {
      const any = anyGates[a];
      for (let g = 0; g < any.length; g++) if (src[any[g]] !== undefined) continue gate;
      continue outer;
    }
    const when = rule.when;
    for (let i = 0; i < when.length; i++) if (!holds(when[i], src, format)) continue outer;
    return rule;
  }
  return undefined;
}

/** Converts a raw value, turning converter notes and INVALID into warnings; undefined when nothing usable. */
function convert(conv: (v: unknown) => unknown, v: unknown, target: string, src: Source): unknown {
  return settle(conv(v), v, target, src);
}

/** The tail of convert(): what a converter returned `r` for `v` becomes, with its warnings. Used by rule-code.ts. */
export function settle(r: unknown, v: unknown, target: string, src: Source): unknown {
  if (NOTE.text !== undefined) {
    warn(target, src.path, NOTE.text);
    clearConversionNote();
  }
  if (r === INVALID) {
    warn(target, src.path, `${describe(v)} is not a usable value; dropped`);
    return undefined;
  }
  return r;
}

let bits = new Uint32Array(8);

/** Runs, in table order, the rules of `prog` that read at least one of the `touched` sources. */
export function applyProgram(prog: ShapeProgram, src: readonly unknown[], touched: readonly number[], vals: unknown[]): void {
  if (bits.length < prog.words) bits = new Uint32Array(prog.words);
  bits.fill(0, 0, prog.words);
  const uses = prog.uses;
  for (let t = 0; t < touched.length; t++) {
    const u = uses[touched[t]];
    for (let i = 0; i < u.length; i++) bits[u[i] >>> 5] |= 1 << (u[i] & 31);
  }
  const rules = prog.rules;
  for (let w = 0; w < prog.words; w++) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      applyRule(rules[(w << 5) + 31 - Math.clz32(low)], src, vals);
    }
  }
}

/** Runs `rules` in order: a plan's superset of the rules applyProgram would pick (the others read nothing). */
export function applyRules(rules: readonly CompiledRule[], src: readonly unknown[], vals: unknown[]): void {
  for (let i = 0; i < rules.length; i++) applyRule(rules[i], src, vals);
}

export function applyRule(rule: CompiledRule, src: readonly unknown[], vals: unknown[]): void {
  if (rule.choice) {
    applyChoice(rule, src, vals);
    return;
  }
  if (rule.slot >= 0 && vals[rule.slot] !== undefined) return;
  const sources = rule.sources;
  for (let s = 0; s < sources.length; s++) {
    const v = src[sources[s].index];
    if (v === undefined) continue;
    const out = convert(rule.conv, v, rule.target, sources[s]);
    if (out === undefined) continue;
    if (rule.slot >= 0) vals[rule.slot] = out;
    else {
      // Arrays, not a for-in over `children`: that made every `o[k]` a megamorphic keyed load plus a for-in setup.
      const keys = rule.childKeys;
      const slots = rule.childSlots;
      const o = out as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) {
        const slot = slots[i];
        if (vals[slot] === undefined && o[keys[i]] !== undefined) vals[slot] = o[keys[i]];
      }
    }
    return;
  }
}

function applyChoice(rule: Extract<CompiledRule, { choice: true }>, src: readonly unknown[], vals: unknown[]): void {
  option: for (const opt of rule.options) {
    for (const [i, bad] of rule.rejectIf) {
      const raw = src[opt[i].index];
      if (typeof raw === 'string' && raw.toLowerCase() === bad) continue option;
    }
    const got: unknown[] = [];
    for (let i = 0; i < opt.length; i++) {
      const v = src[opt[i].index];
      got.push(v === undefined ? undefined : convert(rule.conv[i], v, rule.targets[i], opt[i]));
    }
    for (const i of rule.require) if (got[i] === undefined) continue option;
    for (let i = 0; i < got.length; i++) if (got[i] !== undefined && vals[rule.slots[i]] === undefined) vals[rule.slots[i]] = got[i];
    return;
  }
}
