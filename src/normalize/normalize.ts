// normalize(raw): detect the shape with the detection table, fill value slots with that shape's field table,
// derive what follows from the values, and build the canonical ProcessEvent. Never throws on any input.

import { issue } from '../common/issues.js';
import type { RawRecord } from '../read/types.js';
import { compileAll, type ShapeProgram } from './compile.js';
import { deriveAll, hasProcess } from './derive.js';
import { DETECT_RULES, SHAPE_MAPPINGS } from './detect-table.js';
import type { SkipReason } from './mapping-types.js';
import { applyProgram, applyRules, beginRecord, detect, takeWarnings } from './mapper.js';
import { buildPlan, compileMatch, matchPlan, planCode, planDetect, planRules, planSlots, type RecordPlan } from './record-plan.js';
import type { ClearFn } from './plan-code.js';
import type { NormalizedEvent, SourceShape } from './process-event.js';
import { buildEvent } from './build-event.js';
import type { NormalizeResult } from './result.js';
import { walk } from './source-trie.js';
import { slotOf, TARGETS } from './targets.js';
import { formatIso } from './timestamp.js';

const { detect: DETECT, trie: TRIE, sourceCount: SOURCE_COUNT } = compileAll(DETECT_RULES, SHAPE_MAPPINGS);
/** Per-record scratch: raw source values, reused (normalize is synchronous); `touched` says what to clear. */
const SRC: unknown[] = new Array<unknown>(SOURCE_COUNT).fill(undefined);
const TOUCHED: number[] = [];
/** Per-record target slots, reused likewise: the event builder copies what it needs out of them. */
const VALS: unknown[] = new Array<unknown>(TARGETS.length).fill(undefined);
const TIMESTAMP_SLOT = slotOf('@timestamp');
const SLOT_COUNT = TARGETS.length;
/**
 * What the last record may have left in VALS: the slot list of its plan and program (planSlots), or undefined for
 * any slot. Only those are cleared before the next record, instead of every slot.
 */
let dirtySlots: readonly number[] | undefined;
/** The compiled match of the plan being tried or used: its fixed sources are not in TOUCHED (plan-code.ts). */
let dirtyClear: ClearFn | undefined;
/**
 * Hits before a plan's match is compiled to code (plan-code.ts). TurboFan spends a few tenths of a CPU-second on one
 * layout's generated match in every isolate that compiles it — each hunt worker does — while the compiled match
 * saves a fraction of a microsecond per record: read + normalize of the hunt bench's 294,341 events on one thread
 * took 6.38 CPU-s with matches compiled after 16 hits and 5.95 without (median of 5 alternated runs; 50,000 events:
 * 1.92 → 1.70). Only a layout seen this often in one process (a long-running `serve`) earns the compile back.
 */
let matchHot = 1_000_000;

/** Compile a plan's match once it has matched `hits` records. Tests lower it to run compiled matches on small inputs. */
export function compileMatchesAfter(hits: number): void {
  matchHot = hits;
}

const SKIPS: Readonly<Record<SkipReason, NormalizeResult>> = {
  'not-windows': Object.freeze({ kind: 'skip', reason: 'not-windows' }),
  'not-process': Object.freeze({ kind: 'skip', reason: 'not-process' }),
  'not-start': Object.freeze({ kind: 'skip', reason: 'not-start' }),
  'not-process-start': Object.freeze({ kind: 'skip', reason: 'not-process-start' }),
};

function keysPreview(v: unknown): string {
  if (v === null || typeof v !== 'object') return v === null ? 'null' : typeof v;
  if (Array.isArray(v)) return 'an array';
  const keys: string[] = [];
  for (const k in v as object) {
    if (keys.length === 8) {
      keys.push('…');
      break;
    }
    keys.push(JSON.stringify(k.length > 40 ? k.slice(0, 40) + '…' : k));
  }
  return keys.length ? `keys ${keys.join(', ')}` : 'an empty object';
}

/** Most recently matched record layouts first (record-plan.ts). */
const PLANS: RecordPlan[] = [];
const MAX_PLANS = 4;
/** Plan building is paid from credit earned by hits, so input whose every record has its own layout stops paying. */
const CREDIT_MAX = 64;
const PLAN_COST = 8;
let credit = CREDIT_MAX;
let missesSinceCredit = 0;

function findPlan(doc: Record<string, unknown>): RecordPlan | undefined {
  for (let i = 0; i < PLANS.length; i++) {
    const p = PLANS[i];
    const code = p.compiled;
    // Set before the match, so that an exception thrown past a successful match still clears the fixed sources.
    if (code) dirtyClear = code.clear;
    if (!matchPlan(p, doc, SRC, TOUCHED)) {
      dirtyClear = undefined;
      continue;
    }
    if (i > 0) {
      PLANS.splice(i, 1);
      PLANS.unshift(p);
    }
    if (credit < CREDIT_MAX) credit++;
    if (++p.hits >= matchHot && p.compiled === undefined) compileMatch(p);
    return p;
  }
  return undefined;
}

/** After a generic walk of `doc`: its plan (also valid for `doc` itself), when there is credit to build one. */
function newPlan(doc: Record<string, unknown>): RecordPlan | undefined {
  if (credit < PLAN_COST) {
    if (++missesSinceCredit < 256) return undefined;
    missesSinceCredit = 0;
    credit += PLAN_COST;
  }
  credit -= PLAN_COST;
  const p = buildPlan(doc, TRIE);
  if (PLANS.length >= MAX_PLANS) PLANS.pop();
  PLANS.unshift(p);
  return p;
}

export function normalize(raw: RawRecord): NormalizeResult {
  return normalizeRecord(raw, false);
}

/**
 * normalize() with the record attached to the event as `raw` (ingest's keepRaw): the same object as setting
 * `event.raw = raw` afterwards (same keys in the same order), built in one literal instead of growing the object by
 * a property it has no room for (an extra allocation and a second hidden class per event).
 */
export function normalizeKeepingRaw(raw: RawRecord): NormalizeResult {
  return normalizeRecord(raw, true);
}

function normalizeRecord(raw: RawRecord, keep: boolean): NormalizeResult {
  const doc = raw.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return { kind: 'issue', issue: issue('OS_NORM_UNKNOWN_SHAPE', `record is ${keysPreview(doc)}, not an event object`, raw.origin) };
  }
  try {
    const obj = doc as Record<string, unknown>;
    let plan = findPlan(obj);
    if (plan === undefined) {
      walk(obj, TRIE, SRC, TOUCHED);
      plan = newPlan(obj);
    }
    return normalizeSources(raw, doc, plan, keep);
  } finally {
    const clear = dirtyClear;
    if (clear !== undefined) {
      dirtyClear = undefined;
      clear(SRC);
    }
    // pop(), not a final `length = 0`: TurboFan inlines pop, while the length setter is a call into the runtime.
    while (TOUCHED.length !== 0) SRC[TOUCHED.pop() as number] = undefined;
  }
}

/**
 * normalize() without the record plans and their compiled code: the generic trie walk and rule program only. The
 * reference the fast paths are tested against (plan-code.test.ts); same result for every input, just slower.
 */
export function normalizeReference(raw: RawRecord): NormalizeResult {
  const doc = raw.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return normalize(raw);
  try {
    walk(doc as Record<string, unknown>, TRIE, SRC, TOUCHED);
    return normalizeSources(raw, doc, undefined, false);
  } finally {
    while (TOUCHED.length !== 0) SRC[TOUCHED.pop() as number] = undefined;
  }
}

function normalizeSources(raw: RawRecord, doc: object, plan: RecordPlan | undefined, keep: boolean): NormalizeResult {
  const rule = detect(plan === undefined ? DETECT : planDetect(plan, DETECT), SRC, raw.format);
  if (rule === undefined) {
    return { kind: 'issue', issue: issue('OS_NORM_UNKNOWN_SHAPE', `record matches no known event shape (${keysPreview(doc)})`, raw.origin) };
  }
  if (rule.skip !== undefined) return SKIPS[rule.skip];
  const shape = rule.shape as SourceShape;

  beginRecord(raw.origin);
  const vals = VALS;
  const dirty = dirtySlots;
  // Plain loops: TurboFan turns them into straight stores, where fill() is a call into a builtin.
  if (dirty === undefined) for (let i = 0; i < SLOT_COUNT; i++) vals[i] = undefined;
  else for (let i = 0; i < dirty.length; i++) vals[dirty[i]] = undefined;
  const prog = rule.program as ShapeProgram;
  if (plan === undefined) {
    dirtySlots = undefined;
    applyProgram(prog, SRC, TOUCHED, vals);
  } else {
    dirtySlots = planSlots(plan, prog);
    const code = planCode(plan, prog);
    if (code !== undefined) code(SRC, vals);
    else applyRules(planRules(plan, prog), SRC, vals);
  }
  deriveAll(vals);
  const warnings = takeWarnings();

  if (!hasProcess(vals)) {
    return { kind: 'issue', issue: issue('OS_NORM_NO_PROCESS', `${shape} event has no process name, executable or command line`, raw.origin) };
  }
  const timeMs = vals[TIMESTAMP_SLOT];
  if (typeof timeMs !== 'number') {
    return { kind: 'issue', issue: issue('OS_NORM_TIMESTAMP', `${shape} event has no usable @timestamp`, raw.origin) };
  }
  const event = buildEvent(vals, formatIso(timeMs));
  const normalized: NormalizedEvent = keep ? { event, timeMs, shape, origin: raw.origin, raw } : { event, timeMs, shape, origin: raw.origin };
  return warnings ? { kind: 'event', event: normalized, warnings } : { kind: 'event', event: normalized };
}
