// Evaluating a BinXML tree against substitution values: text of nodes, attribute values, and a walk over
// elements that expands template instances and BinXML-valued slots. Depth and total work are bounded.

import { BinXmlError, K, type Fragment, type Node, type Part, type Val, type XmlElem } from './binxml.js';

export const MAX_DEPTH = 64;
/**
 * Templates may instantiate other templates by offset, so a few hundred bytes can describe a tree that
 * doubles at every level. Expansion work per record is budgeted; a record over budget is an issue.
 */
const WORK_BUDGET = 200_000;
let work = 0;

/** Start a record's budget. */
export function resetBudget(): void {
  work = 0;
}

function spend(n: number): void {
  work += n;
  if (work > WORK_BUDGET) throw new BinXmlError('Binary XML expands beyond the per-record budget (nested template instances)');
}

export function isFragment(v: Val | undefined): v is Fragment {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Array items in a text position are joined, as in a single attribute or element text. */
function joined(v: string[]): string {
  return v.join(', ');
}

/** Concatenated text of nodes: literal text, slot values (embedded BinXML contributes its text). */
export function textOf(nodes: Node[], env: Val[], depth = 0): string {
  if (nodes.length === 1) {
    const n = nodes[0];
    if (typeof n === 'string') return n;
    if (n.k === K.Slot) {
      const v = env[n.index];
      if (v === undefined || v === null) return '';
      if (typeof v === 'string') return v;
    }
  }
  if (depth > MAX_DEPTH) return '';
  spend(nodes.length);
  let s = '';
  for (const n of nodes) {
    if (typeof n === 'string') s += n;
    else if (n.k === K.Slot) {
      const v = env[n.index];
      if (typeof v === 'string') s += v;
      else if (Array.isArray(v)) s += joined(v);
      else if (isFragment(v)) s += textOf(v.nodes, [], depth + 1);
    } else if (n.k === K.Elem) s += textOf(n.children, env, depth + 1);
    else s += textOf(n.template.nodes, n.values, depth + 1);
  }
  return s;
}

/** An attribute value, or undefined when it consists only of null (optional) substitutions. */
export function attrValue(parts: Part[], env: Val[]): string | undefined {
  let s = '';
  let present = parts.length === 0;
  for (const p of parts) {
    if (typeof p === 'string') {
      s += p;
      present = true;
    } else {
      const v = env[p.index];
      if (typeof v === 'string') {
        s += v;
        present = true;
      } else if (Array.isArray(v)) {
        s += joined(v);
        present = true;
      } else if (isFragment(v)) {
        s += textOf(v.nodes, [], 1);
        present = true;
      }
    }
  }
  return present ? s : undefined;
}

/** Calls `cb` for every element among `nodes`, expanding template instances and BinXML-valued slots. */
export function eachElem(nodes: Node[], env: Val[], cb: (el: XmlElem, env: Val[]) => void, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  spend(nodes.length);
  for (const n of nodes) {
    if (typeof n === 'string') continue;
    if (n.k === K.Elem) cb(n, env);
    else if (n.k === K.Inst) eachElem(n.template.nodes, n.values, cb, depth + 1);
    else {
      const v = env[n.index];
      if (isFragment(v)) eachElem(v.nodes, [], cb, depth + 1);
    }
  }
}
