// A record plan's match written out as code. matchNode() interprets the plan: per key it loads a step object and
// branches on its kind, presence and depth. For a layout that keeps coming back, the same decisions are written once
// as straight-line code (one `case` per key, nested for-in loops for nested objects), so per key only the key
// identity check, the value load and the source store remain. Sources filled directly are a fixed list per plan
// (a match fixes which keys are present and which one of two spellings comes first), so the code does not record
// them in `touched`: the caller clears them with the plan's clear function, which is straight-line code too.
//
// As in rule-code.ts, the generated source holds only numbers and fixed identifiers: keys are compared against a
// closure array indexed by number, never written into the code.

import { PENDING, type TrieNode } from './source-trie.js';

/** The shape of a plan step (record-plan.ts) that the code generator reads. */
export interface StepView {
  key: string;
  kind: number;
  present: boolean;
  source: number;
  collect: boolean;
  deeper: boolean;
  next: StepView[] | undefined;
  node: TrieNode | undefined;
}

export const IGNORE = 0;
export const WILD = 1;
export const ENTRY = 2;

/** Fills the plan's fixed sources into `src` (wildcard work goes to PENDING) and says whether `obj` has the layout. */
export type MatchFn = (obj: Record<string, unknown>, src: unknown[]) => boolean;
/** Sets every fixed source of the plan back to undefined. */
export type ClearFn = (src: unknown[]) => void;

export interface PlanCode {
  match: MatchFn;
  clear: ClearFn;
  /** Source source text, for the tests (it must hold no record data). */
  source: string;
}

/** Plans with more keys than this keep the interpreted match: a giant switch is not worth its compile. */
export const MAX_COMPILED_STEPS = 400;

function countSteps(steps: readonly StepView[]): number {
  let n = steps.length;
  for (const s of steps) if (s.next !== undefined) n += countSteps(s.next);
  return n;
}

interface Gen {
  keys: string[];
  nodes: TrieNode[];
  fixed: Set<number>;
}

function emitLevel(steps: readonly StepView[], depth: number, g: Gen, out: string[], pad: string): void {
  const o = `o${depth}`;
  const k = `k${depth}`;
  const i = `i${depth}`;
  out.push(`${pad}let ${i} = 0;`, `${pad}for (const ${k} in ${o}) {`, `${pad}  switch (${i}++) {`);
  steps.forEach((st, n) => {
    const p = `${pad}    `;
    out.push(`${p}case ${n}:`);
    g.keys.push(st.key);
    out.push(`${p}  if (${k} !== K${g.keys.length - 1}) return false;`);
    if (st.kind === WILD) {
      g.nodes.push(st.node as TrieNode);
      out.push(`${p}  P.push(${o}[${k}], ${k}, W[${g.nodes.length - 1}]);`);
    } else if (st.kind === ENTRY) {
      out.push(`${p}  v = ${o}[${k}];`);
      if (!st.present) out.push(`${p}  if (v !== undefined && v !== null) return false;`);
      else {
        out.push(`${p}  if (v === undefined || v === null) return false;`);
        if (st.source >= 0) {
          if (st.collect) out.push(`${p}  P.push(v, null, ${st.source});`);
          else if (g.fixed.has(st.source)) out.push(`${p}  if (S[${st.source}] === undefined) S[${st.source}] = v;`);
          else {
            // The first store of a source in walk order (the order the code runs in) finds it undefined: S is
            // all-undefined on entry for the plan's fixed sources, so only a repeat (a dotted and a nested spelling
            // of one path) needs the check.
            g.fixed.add(st.source);
            out.push(`${p}  S[${st.source}] = v;`);
          }
        }
        if (st.deeper) {
          if (st.next === undefined) out.push(`${p}  if (typeof v === 'object' && !Array.isArray(v)) return false;`);
          else {
            out.push(`${p}  if (typeof v !== 'object' || Array.isArray(v)) return false;`, `${p}  {`, `${p}    const o${depth + 1} = v;`);
            emitLevel(st.next, depth + 1, g, out, `${p}    `);
            out.push(`${p}  }`);
          }
        }
      }
    }
    out.push(`${p}  break;`);
  });
  out.push(`${pad}    default:`, `${pad}      return false;`, `${pad}  }`, `${pad}}`, `${pad}if (${i} !== ${steps.length}) return false;`);
}

type Factory = (K: readonly string[], W: readonly TrieNode[], P: unknown[]) => MatchFn;

/** The compiled match and clear of a plan's steps, or undefined when the plan is too large to be worth it. */
export function compilePlan(root: readonly StepView[]): PlanCode | undefined {
  if (countSteps(root) > MAX_COMPILED_STEPS) return undefined;
  const g: Gen = { keys: [], nodes: [], fixed: new Set() };
  const body: string[] = [];
  emitLevel(root, 0, g, body, '  ');
  // The keys as constants of the factory, one per step: compared against a constant instead of an array element
  // loaded per key (measured ≈ 15 % of the match on Elastic Defend records).
  const consts = g.keys.map((_, n) => `const K${n} = K[${n}];`).join('\n');
  const source = `"use strict";\n${consts}\nreturn function match(o0, S) {\n  let v;\n${body.join('\n')}\n  return true;\n};`;
  const factory = new Function('K', 'W', 'P', source) as Factory;
  const fixed = [...g.fixed].sort((a, b) => a - b);
  const clearSource = `"use strict";\nreturn function clear(S) {\n${fixed.map((s) => `  S[${s}] = undefined;`).join('\n')}\n};`;
  const clear = new Function(clearSource)() as ClearFn;
  return { match: factory(g.keys, g.nodes, PENDING), clear, source: `${source}\n${clearSource}` };
}
