// Plans: a template's System and EventData elements compiled once (cached on the element object) into
// lists of field ← text-or-slot, so a record only evaluates slots; and UserData as a generic nested object.

import { K, type Node, type Part, type Val, type XmlAttr, type XmlElem } from './binxml.js';
import { attrValue, eachElem, MAX_DEPTH, textOf } from './tree-eval.js';

// ---- System ----

/** Slots of the System fields collected per record. */
export const SYS = {
  providerName: 0, providerGuid: 1, eventId: 2, version: 3, level: 4, task: 5, opcode: 6, keywords: 7,
  time: 8, recordId: 9, pid: 10, tid: 11, channel: 12, computer: 13, userId: 14,
} as const;
export const SYS_FIELDS = 15;

type SysOp = { f: number; attr: Part[] } | { f: number; text: Node[] } | { dyn: Node };

const ATTR_FIELDS: Record<string, Record<string, number>> = {
  Provider: { Name: SYS.providerName, Guid: SYS.providerGuid },
  TimeCreated: { SystemTime: SYS.time },
  Execution: { ProcessID: SYS.pid, ThreadID: SYS.tid },
  Security: { UserID: SYS.userId },
};
const TEXT_FIELDS: Record<string, number> = {
  EventID: SYS.eventId, Version: SYS.version, Level: SYS.level, Task: SYS.task, Opcode: SYS.opcode,
  Keywords: SYS.keywords, EventRecordID: SYS.recordId, Channel: SYS.channel, Computer: SYS.computer,
};

function elemOps(el: XmlElem, ops: SysOp[]): void {
  const attrs = ATTR_FIELDS[el.name];
  if (attrs) {
    for (const a of el.attrs) {
      const f = attrs[a.name];
      if (f !== undefined) ops.push({ f, attr: a.parts });
    }
  }
  const tf = TEXT_FIELDS[el.name];
  if (tf !== undefined) ops.push({ f: tf, text: el.children });
}

export function systemPlan(sys: XmlElem): SysOp[] {
  if (sys.plan) return sys.plan as SysOp[];
  const ops: SysOp[] = [];
  for (const n of sys.children) {
    if (typeof n === 'string') continue;
    if (n.k === K.Elem) elemOps(n, ops);
    else ops.push({ dyn: n });
  }
  sys.plan = ops;
  return ops;
}

export function runSysOps(ops: SysOp[], env: Val[], out: Array<string | undefined>, depth: number): void {
  for (const op of ops) {
    if ('dyn' in op) {
      if (depth > MAX_DEPTH) continue;
      eachElem([op.dyn], env, (el, e) => {
        const sub: SysOp[] = [];
        elemOps(el, sub);
        runSysOps(sub, e, out, depth + 1);
      });
    } else if ('attr' in op) {
      const v = attrValue(op.attr, env);
      if (v !== undefined) out[op.f] = v;
    } else out[op.f] = textOf(op.text, env);
  }
}

// ---- EventData ----

interface DataItem {
  /** A constant Name attribute, or its parts when it is a substitution, or null when there is none. */
  name: string | Part[] | null;
  nodes: Node[];
}
type DataOp = DataItem | { dyn: Node };

function dataItem(el: XmlElem): DataItem {
  if (el.name !== 'Data') return { name: el.name, nodes: el.children };
  const a: XmlAttr | undefined = el.attrs.find((x) => x.name === 'Name');
  if (!a) return { name: null, nodes: el.children };
  const constant = a.parts.every((p) => typeof p === 'string');
  return { name: constant ? (a.parts as string[]).join('') : a.parts, nodes: el.children };
}

export function eventDataPlan(ed: XmlElem): DataOp[] {
  if (ed.plan) return ed.plan as DataOp[];
  const ops: DataOp[] = [];
  for (const n of ed.children) {
    if (typeof n === 'string') continue;
    if (n.k === K.Elem) ops.push(dataItem(n));
    else ops.push({ dyn: n });
  }
  ed.plan = ops;
  return ops;
}

export function runDataOps(ops: DataOp[], env: Val[], out: Record<string, string>, pos: { n: number }): void {
  for (const op of ops) {
    if ('dyn' in op) {
      eachElem([op.dyn], env, (el, e) => runDataOps([dataItem(el)], e, out, pos));
      continue;
    }
    if (op.name === null && op.nodes.length === 1) {
      // An unnamed <Data> holding an array: Windows repeats the element per item (param1, param2, …).
      const n = op.nodes[0];
      const v = typeof n === 'object' && n.k === K.Slot ? env[n.index] : undefined;
      if (Array.isArray(v)) {
        for (const item of v) out['param' + ++pos.n] = item;
        continue;
      }
    }
    pos.n++;
    let name: string | undefined;
    if (typeof op.name === 'string') name = op.name;
    else if (op.name !== null) name = attrValue(op.name, env);
    if (!name) name = 'param' + pos.n;
    out[name] = textOf(op.nodes, env);
  }
}

// ---- UserData: a generic nested object ----

export function elemToValue(el: XmlElem, env: Val[], depth: number): unknown {
  const obj: Record<string, unknown> = {};
  let hasChild = false;
  for (const a of el.attrs) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    const v = attrValue(a.parts, env);
    if (v !== undefined) {
      obj['@' + a.name] = v;
      hasChild = true;
    }
  }
  let elems = 0;
  if (depth < MAX_DEPTH) {
    eachElem(el.children, env, (c, e) => {
      elems++;
      hasChild = true;
      const v = elemToValue(c, e, depth + 1);
      const prev = obj[c.name];
      if (prev === undefined) obj[c.name] = v;
      else if (Array.isArray(prev)) prev.push(v);
      else obj[c.name] = [prev, v];
    });
  }
  if (!hasChild) return textOf(el.children, env);
  if (elems === 0) {
    const t = textOf(el.children, env);
    if (t) obj['#text'] = t;
  }
  return obj;
}
