// A record's BinXML tree (template + substitution values) → the Winlogbeat-shaped value the normalizer
// maps: System fields by the template's compiled plan, EventData by name, UserData as nested objects.

import type { Node, Val, XmlElem } from './binxml.js';
import { elemToValue, eventDataPlan, runDataOps, runSysOps, SYS, SYS_FIELDS, systemPlan } from './plans.js';
import { eachElem, resetBudget } from './tree-eval.js';

export interface EvtxWinlog {
  channel?: string;
  provider_name?: string;
  provider_guid?: string;
  event_id: number;
  version?: number;
  level?: number;
  task?: number;
  opcode?: number;
  keywords?: string;
  record_id: number;
  computer_name?: string;
  process?: { pid: number; thread?: { id: number } };
  user?: { identifier: string };
  event_data?: Record<string, string>;
  user_data?: Record<string, unknown>;
}

export interface EvtxValue {
  '@timestamp'?: string;
  winlog: EvtxWinlog;
}

// ---- the record ----

function toNum(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** The Winlogbeat-shaped value of one record; `headerRecordId` is used when System has no EventRecordID. */
export function renderRecord(nodes: Node[], headerRecordId: number): EvtxValue {
  resetBudget();
  const sys: Array<string | undefined> = new Array<string | undefined>(SYS_FIELDS);
  let eventData: Record<string, string> | undefined;
  let userData: Record<string, unknown> | undefined;
  let root: XmlElem | undefined;
  let rootEnv: Val[] = [];
  eachElem(nodes, [], (el, env) => {
    if (!root) {
      root = el;
      rootEnv = env;
    }
  });
  if (root) {
    const top = root;
    eachElem(top.children, rootEnv, (el, env) => {
      if (el.name === 'System') runSysOps(systemPlan(el), env, sys, 0);
      else if (el.name === 'EventData') {
        eventData ??= {};
        runDataOps(eventDataPlan(el), env, eventData, { n: 0 });
      } else if (el.name === 'UserData') {
        const v = elemToValue(el, env, 0);
        userData = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
      }
    });
  }
  // Fixed key order, only present fields: output is deterministic whichever template produced it.
  const o: Record<string, unknown> = {};
  if (sys[SYS.channel] !== undefined) o.channel = sys[SYS.channel];
  if (sys[SYS.providerName] !== undefined) o.provider_name = sys[SYS.providerName];
  if (sys[SYS.providerGuid] !== undefined) o.provider_guid = sys[SYS.providerGuid];
  o.event_id = toNum(sys[SYS.eventId]) ?? 0;
  const num = (k: string, f: number): void => {
    const n = toNum(sys[f]);
    if (n !== undefined) o[k] = n;
  };
  num('version', SYS.version);
  num('level', SYS.level);
  num('task', SYS.task);
  num('opcode', SYS.opcode);
  if (sys[SYS.keywords] !== undefined) o.keywords = sys[SYS.keywords];
  o.record_id = toNum(sys[SYS.recordId]) ?? headerRecordId;
  if (sys[SYS.computer] !== undefined) o.computer_name = sys[SYS.computer];
  const pid = toNum(sys[SYS.pid]);
  if (pid !== undefined) {
    const tid = toNum(sys[SYS.tid]);
    o.process = tid !== undefined ? { pid, thread: { id: tid } } : { pid };
  }
  const uid = sys[SYS.userId];
  if (uid) o.user = { identifier: uid };
  if (eventData) o.event_data = eventData;
  if (userData) o.user_data = userData;
  const winlog = o as unknown as EvtxWinlog;
  const t = sys[SYS.time];
  return t && t.length >= 20 ? { '@timestamp': t.slice(0, 23) + 'Z', winlog } : { winlog };
}
