// Record plans: an inline cache for the source walk. Records of one input nearly always share their layout (the same
// keys in the same order at every level: JSON.parse gives them one hidden class), so the trie lookups of a record
// (a dictionary probe per key) can be replaced by one string-identity check per key against the keys the previous
// records had. A plan is the walk of one record, frozen: per key in order, what the trie did with it. A record
// matches a plan when its keys are the same, in the same order, with the same null / object-ness where it matters;
// it then fills exactly the sources the generic walk would, in the same order (same pushes to PENDING too). Any
// difference stops the match and the caller falls back to the generic walk, so a plan can never change a result.
// Because a match fixes which sources are present, a plan also remembers which detection rules can pass their
// presence gates and which field rules of a shape can read anything: both are supersets, re-checked as usual.

import type { CompiledDetectRule, CompiledRule, ShapeProgram } from './compile.js';
import { compilePlan, ENTRY, IGNORE, WILD, type PlanCode } from './plan-code.js';
import { rulesCode, type RulesFn } from './rule-code.js';
import { isWildKey, PENDING, runPending, type TrieNode } from './source-trie.js';
import { derivedSlots } from './derive.js';

export interface PlanStep {
  key: string;
  /** IGNORE: not in the trie, value unread; WILD: not in the trie but a wildcard member here; ENTRY: a trie entry. */
  kind: number;
  /** ENTRY: the value was neither undefined nor null. */
  present: boolean;
  source: number;
  collect: boolean;
  /** ENTRY: the trie continues below this key (the walk descends into plain objects). */
  deeper: boolean;
  /** The steps of the object descended into, when the walk descended. */
  next: PlanStep[] | undefined;
  /** WILD: the trie node whose wildcards PENDING work uses. */
  node: TrieNode | undefined;
}

export interface RecordPlan {
  readonly root: PlanStep[];
  /** Sources a match certainly fills (non-wildcard, present). */
  readonly present: ReadonlySet<number>;
  /** Sources a match may fill through deferred wildcard work. */
  readonly maybe: ReadonlySet<number>;
  detect: CompiledDetectRule[] | undefined;
  readonly rules: Map<ShapeProgram, CompiledRule[]>;
  /** Matches so far: a layout that keeps coming back gets its rules compiled (rule-code.ts). */
  hits: number;
  readonly code: Map<ShapeProgram, RulesFn>;
  /** The program last asked of planCode() and its code: nearly every record of a layout is of one shape. */
  lastProgram: ShapeProgram | undefined;
  lastCode: RulesFn | undefined;
  /** The match compiled to code once the plan is hot (plan-code.ts): undefined before, null when not worth it. */
  compiled: PlanCode | undefined | null;
  /** Per program, the value slots its rules for this plan and the derivation step can write (planSlots()). */
  readonly slots: Map<ShapeProgram, readonly number[]>;
  slotsFor: ShapeProgram | undefined;
  lastSlots: readonly number[];
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function matchNode(obj: Record<string, unknown>, steps: PlanStep[], vals: unknown[], touched: number[]): boolean {
  const n = steps.length;
  let i = 0;
  for (const k in obj) {
    if (i === n) return false;
    const st = steps[i++];
    if (st.key !== k) return false;
    if (st.kind === IGNORE) continue;
    if (st.kind === WILD) {
      PENDING.push(obj[k], k, st.node);
      continue;
    }
    const v = obj[k];
    if (v === undefined || v === null) {
      if (st.present) return false;
      continue;
    }
    if (!st.present) return false;
    const s = st.source;
    if (s >= 0) {
      if (st.collect) PENDING.push(v, null, s);
      else if (vals[s] === undefined) {
        vals[s] = v;
        touched.push(s);
      }
    }
    if (st.deeper && typeof v === 'object' && !Array.isArray(v)) {
      if (st.next === undefined || !matchNode(v as Record<string, unknown>, st.next, vals, touched)) return false;
    } else if (st.next !== undefined) return false;
  }
  return i === n;
}

/**
 * Fills vals/touched as walk() would and returns true, or returns false with vals, touched and PENDING restored
 * to their state on entry (all-undefined / empty) when the record does not have the plan's layout.
 */
export function matchPlan(plan: RecordPlan, obj: Record<string, unknown>, vals: unknown[], touched: number[]): boolean {
  const code = plan.compiled;
  let ok = false;
  try {
    // The compiled match does not list the plan's fixed sources in `touched`: the caller clears them with
    // plan.compiled.clear once the record is done.
    ok = code ? code.match(obj, vals) : matchNode(obj, plan.root, vals, touched);
  } finally {
    if (!ok) {
      if (code) code.clear(vals);
      for (let i = 0; i < touched.length; i++) vals[touched[i]] = undefined;
      touched.length = 0;
      PENDING.length = 0;
    }
  }
  if (ok) runPending(vals, touched);
  return ok;
}

function buildNode(obj: Record<string, unknown>, node: TrieNode, present: Set<number>, maybe: Set<number>): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const k in obj) {
    const e = node.map[k];
    const step: PlanStep = { key: k, kind: IGNORE, present: false, source: -1, collect: false, deeper: false, next: undefined, node: undefined };
    steps.push(step);
    if (e === undefined) {
      if (node.wild.length !== 0 && isWildKey(node, k)) {
        step.kind = WILD;
        step.node = node;
        for (const w of node.wild) maybe.add(w.source);
      }
      continue;
    }
    step.kind = ENTRY;
    step.source = e.source;
    step.collect = e.collect;
    step.deeper = e.next !== undefined;
    const v = obj[k];
    if (v === undefined || v === null) continue;
    step.present = true;
    if (e.source >= 0) (e.collect ? maybe : present).add(e.source);
    if (e.next !== undefined && isPlain(v)) step.next = buildNode(v, e.next, present, maybe);
  }
  return steps;
}

/** The plan of `obj`'s layout (walk order, trie decisions, presence). */
export function buildPlan(obj: Record<string, unknown>, root: TrieNode): RecordPlan {
  const present = new Set<number>();
  const maybe = new Set<number>();
  const steps = buildNode(obj, root, present, maybe);
  return {
    root: steps,
    present,
    maybe,
    detect: undefined,
    rules: new Map(),
    hits: 0,
    code: new Map(),
    lastProgram: undefined,
    lastCode: undefined,
    compiled: undefined,
    slots: new Map(),
    slotsFor: undefined,
    lastSlots: [],
  };
}

/** Detection rules whose presence gates can hold for a record of this plan, in table order. */
export function planDetect(plan: RecordPlan, rules: readonly CompiledDetectRule[]): CompiledDetectRule[] {
  if (plan.detect !== undefined) return plan.detect;
  const can = (s: number): boolean => plan.present.has(s) || plan.maybe.has(s);
  const out = rules.filter((r) => r.gates.every(can) && r.anyGates.every((any) => any.some(can)));
  plan.detect = out;
  return out;
}

/** A shape's field rules that read at least one source a record of this plan can fill, in table order. */
export function planRules(plan: RecordPlan, prog: ShapeProgram): CompiledRule[] {
  let out = plan.rules.get(prog);
  if (out !== undefined) return out;
  const pick = new Set<number>();
  for (const s of [...plan.present, ...plan.maybe]) for (const r of prog.uses[s]) pick.add(r);
  out = [...pick].sort((a, b) => a - b).map((i) => prog.rules[i]);
  plan.rules.set(prog, out);
  return out;
}

/** Hits before a plan's rule lists are compiled: a layout seen a few times only is not worth the compile. */
const HOT = 8;

/** Compiles the plan's match (plan-code.ts); afterwards matchPlan() uses it. Returns whether there is code. */
export function compileMatch(plan: RecordPlan): boolean {
  if (plan.compiled === undefined) plan.compiled = compilePlan(plan.root) ?? null;
  return plan.compiled !== null;
}

/**
 * The value slots a record of this plan can have written once `prog`'s rules (planRules) and the derivation step
 * ran: the only ones that need clearing before the next record. A superset; sorted.
 */
export function planSlots(plan: RecordPlan, prog: ShapeProgram): readonly number[] {
  if (plan.slotsFor === prog) return plan.lastSlots;
  let out = plan.slots.get(prog);
  if (out === undefined) {
    out = slotsOf(plan, prog);
    plan.slots.set(prog, out);
  }
  plan.slotsFor = prog;
  plan.lastSlots = out;
  return out;
}

function slotsOf(plan: RecordPlan, prog: ShapeProgram): readonly number[] {
  const set = new Set<number>();
  for (const r of planRules(plan, prog)) {
    if (r.choice) for (const s of r.slots) set.add(s);
    else if (r.slot >= 0) set.add(r.slot);
    else for (const k in r.children) set.add((r.children as Record<string, number>)[k]);
  }
  return [...derivedSlots(set)].sort((a, b) => a - b);
}

/** planRules() as a compiled function once the plan is hot, else undefined (the caller runs applyRules). */
export function planCode(plan: RecordPlan, prog: ShapeProgram): RulesFn | undefined {
  if (plan.lastProgram === prog) return plan.lastCode;
  if (plan.hits < HOT) return undefined;
  let fn = plan.code.get(prog);
  if (fn === undefined) plan.code.set(prog, (fn = rulesCode(prog, planRules(plan, prog))));
  plan.lastProgram = prog;
  plan.lastCode = fn;
  return fn;
}
