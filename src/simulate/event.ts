// Turns a started process into the canonical nested ECS ProcessEvent, keys always in the same order.

import { createHash } from 'node:crypto';
import type { ParentProcessInfo, ProcessEvent } from '../normalize/process-event.js';
import type { Binary } from './catalog.js';
import type { HostModel, Proc } from './types.js';

/** Windows command-line splitting, close enough to CommandLineToArgvW for generated text. */
export function splitArgs(cmd: string): string[] {
  if (!cmd.includes('"')) {
    const out: string[] = [];
    for (const part of cmd.split(' ')) if (part) out.push(part);
    return out;
  }
  const out: string[] = [];
  let cur = '';
  let inQuotes = false;
  let has = false;
  let from = 0;
  for (let i = 0; i < cmd.length; i++) {
    const ch = cmd.charCodeAt(i);
    if (ch === 34) {
      cur += cmd.slice(from, i);
      from = i + 1;
      inQuotes = !inQuotes;
      has = true;
    } else if ((ch === 32 || ch === 9) && !inQuotes) {
      cur += cmd.slice(from, i);
      from = i + 1;
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    }
  }
  cur += cmd.slice(from);
  if (has || cur) out.push(cur);
  return out;
}

let isoSecond = -1;
let isoPrefix = '';

/** toISOString with the date-time prefix reused within a second (events come in time order). */
export function isoTime(t: number): string {
  const sec = Math.floor(t / 1000);
  if (sec !== isoSecond) {
    isoSecond = sec;
    isoPrefix = new Date(sec * 1000).toISOString().slice(0, 20);
  }
  const ms = t - sec * 1000;
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

const hashes = new Map<string, string>();

/** A stable fake SHA-256 per binary build: same file, same hash, across hosts and runs. */
export function binaryHash(b: Binary): string {
  const key = `${b.dir}|${b.name}|${b.originalFileName}|${b.signer}`;
  let h = hashes.get(key);
  if (!h) {
    h = createHash('sha256').update(`oddspawn-simulate:${key}`).digest('hex');
    if (hashes.size > 200_000) hashes.clear();
    hashes.set(key, h);
  }
  return h;
}

type Sig = { exists: boolean; trusted?: boolean; subject_name?: string };
const UNSIGNED: Sig = { exists: false };
const sigs = new Map<string, Sig>();

export function signature(b: Binary): Sig {
  if (!b.signer) return UNSIGNED;
  let s = sigs.get(b.signer);
  if (!s) sigs.set(b.signer, (s = { exists: true, trusted: true, subject_name: b.signer }));
  return s;
}

export function parentBlock(p: Proc): ParentProcessInfo {
  if (!p.asParent) {
    const block: ParentProcessInfo = {
      name: p.name,
      executable: p.exe,
      command_line: p.cmd,
      args: p.cmd ? splitArgs(p.cmd) : [],
      pid: p.pid,
      entity_id: p.entityId,
      pe: { original_file_name: p.bin.originalFileName },
    };
    p.asParent = block;
  }
  return p.asParent as ParentProcessInfo;
}

export const TOKEN_LEVEL = { Low: 'low', Medium: 'medium', High: 'high', System: 'system' } as const;

export function toEvent(p: Proc, host: HostModel): ProcessEvent {
  const args = splitArgs(p.cmd);
  const ev: ProcessEvent = {
    '@timestamp': isoTime(p.t),
    event: { kind: 'event', category: ['process'], type: ['start'], action: 'start', code: '1', provider: 'Microsoft-Windows-Sysmon', module: 'sysmon' },
    host: host.ecs,
    user: p.account.ecs,
    process: {
      name: p.name,
      executable: p.exe,
      command_line: p.cmd,
      args,
      args_count: args.length,
      pid: p.pid,
      entity_id: p.entityId,
      working_directory: p.cwd,
      pe: { original_file_name: p.bin.originalFileName },
      hash: { sha256: binaryHash(p.bin) },
      code_signature: signature(p.bin),
      integrity_level: p.integrity,
      Ext: { token: { elevation_type: p.elevation, integrity_level_name: TOKEN_LEVEL[p.integrity] } },
      parent: p.parent ? parentBlock(p.parent) : undefined,
    },
    label: p.label,
  };
  return ev;
}

// Serialization straight to NDJSON text, byte-identical to JSON.stringify(toEvent(...)) but reusing
// the JSON of parts shared between events (host, account, binary, parent, label): the simulator's
// hot path is serialization, and most of each document repeats.

export const EVENT_JSON = JSON.stringify({ kind: 'event', category: ['process'], type: ['start'], action: 'start', code: '1', provider: 'Microsoft-Windows-Sysmon', module: 'sysmon' });
const jsonCache = new WeakMap<object, string>();

function cachedJson(o: object, make: () => string): string {
  let s = jsonCache.get(o);
  if (s === undefined) {
    s = make();
    jsonCache.set(o, s);
  }
  return s;
}

function binaryJson(b: Binary): string {
  return cachedJson(b, () => `"pe":${JSON.stringify({ original_file_name: b.originalFileName })},"hash":{"sha256":"${binaryHash(b)}"},"code_signature":${JSON.stringify(signature(b))}`);
}

export function serializeEvent(p: Proc, host: HostModel): string {
  const args = splitArgs(p.cmd);
  const q = JSON.stringify;
  const parent = p.parent ? `,"parent":${cachedJson(p.parent, () => q(parentBlock(p.parent as Proc)))}` : '';
  return `{"@timestamp":"${isoTime(p.t)}","event":${EVENT_JSON},"host":${cachedJson(host.ecs, () => q(host.ecs))},"user":${cachedJson(p.account.ecs, () => q(p.account.ecs))},`
    + `"process":{"name":${q(p.name)},"executable":${q(p.exe)},"command_line":${q(p.cmd)},"args":${q(args)},"args_count":${args.length},"pid":${p.pid},"entity_id":${q(p.entityId)},"working_directory":${q(p.cwd)},`
    + `${binaryJson(p.bin)},"integrity_level":"${p.integrity}","Ext":{"token":{"elevation_type":"${p.elevation}","integrity_level_name":"${TOKEN_LEVEL[p.integrity]}"}}${parent}},`
    + `"label":${cachedJson(p.label, () => q(p.label))}}`;
}
