// NDJSON of started processes written straight into large byte chunks, byte-identical to
// JSON.stringify(toEvent(p, host)) + '\n' in UTF-8. The parts shared between events (host, account,
// binary, parent, label) are encoded once and copied; the rest is escaped byte by byte.

import type { Binary } from './catalog.js';
import { binaryHash, EVENT_JSON, signature, splitArgs, TOKEN_LEVEL } from './event.js';
import { jsonStringBound, putAscii, putBytes, putJsonString, putNumber, utf8 } from './json-bytes.js';
import type { HostModel, Integrity, Proc } from './types.js';

const F_START = utf8('{"@timestamp":"');
const F_HOST = utf8(`","event":${EVENT_JSON},"host":`);
const F_USER = utf8(',"user":');
const F_NAME = utf8(',"process":{"name":');
const F_EXE = utf8(',"executable":');
const F_CMD = utf8(',"command_line":');
const F_ARGS = utf8(',"args":[');
const F_COUNT = utf8('],"args_count":');
const F_PID = utf8(',"pid":');
const F_ENTITY = utf8(',"entity_id":');
const F_CWD = utf8(',"working_directory":');
const F_LABEL = utf8('},"label":');
const F_END = utf8('}\n');
const EMPTY = new Uint8Array(0);

const ELEVATIONS = ['default', 'full', 'limited'] as const;
/** `,"integrity_level":…,"Ext":{…}}` for every integrity × elevation pair. */
const INTEGRITY = new Map<string, Uint8Array>();
for (const level of Object.keys(TOKEN_LEVEL) as Integrity[]) {
  for (const e of ELEVATIONS) {
    INTEGRITY.set(level + e, utf8(`,"integrity_level":"${level}","Ext":{"token":{"elevation_type":"${e}","integrity_level_name":"${TOKEN_LEVEL[level]}"}}`));
  }
}
let integrityMax = 0;
for (const v of INTEGRITY.values()) integrityMax = Math.max(integrityMax, v.length);

/** Fixed bytes per line besides the cached parts and the escaped strings: keys, timestamp, numbers. */
const FIXED = [F_START, F_HOST, F_USER, F_NAME, F_EXE, F_CMD, F_ARGS, F_COUNT, F_PID, F_ENTITY, F_CWD, F_LABEL, F_END]
  .reduce((n, f) => n + f.length, 0) + integrityMax + 24 + 2 * 22;

const parts = new WeakMap<object, Uint8Array>();

function cached(o: object, make: () => string): Uint8Array {
  let b = parts.get(o);
  if (b === undefined) {
    b = utf8(make());
    parts.set(o, b);
  }
  return b;
}

function binaryBytes(b: Binary): Uint8Array {
  return cached(b, () => `,"pe":${JSON.stringify({ original_file_name: b.originalFileName })},"hash":{"sha256":"${binaryHash(b)}"},"code_signature":${JSON.stringify(signature(b))}`);
}

const F_PARENT = utf8(',"parent":{"name":');
const F_OFN = utf8(',"pe":{"original_file_name":');
const F_CLOSE2 = utf8('}}');
const COUNT_KEY = F_COUNT.length - 1;

/** `,"parent":{…}` — JSON.stringify(parentBlock(p)): the child's own name … args bytes, then pid, entity id, PE name. */
function parentBytes(p: Proc | null): Uint8Array {
  if (!p) return EMPTY;
  let b = p.parentBytes;
  if (b === undefined) {
    const nameB = stringBytes(p.name);
    const exeB = stringBytes(p.exe);
    const cmdB = commandBytes(p.cmd);
    const ofnB = stringBytes(p.bin.originalFileName);
    // The command segment without its `,"args_count":N` tail (a parent block has no args_count).
    const argsEnd = cmdB.length - COUNT_KEY - String(countOf(cmdB)).length;
    const tmp = room(F_PARENT.length + nameB.length + F_EXE.length + exeB.length + argsEnd + F_PID.length + 22 + F_ENTITY.length
      + jsonStringBound(p.entityId) + F_OFN.length + ofnB.length + F_CLOSE2.length);
    let pos = putBytes(tmp, 0, F_PARENT);
    pos = putBytes(tmp, pos, nameB);
    pos = putBytes(tmp, pos, F_EXE);
    pos = putBytes(tmp, pos, exeB);
    pos = putBytes(tmp, pos, cmdB.subarray(0, argsEnd));
    pos = putBytes(tmp, pos, F_PID);
    pos = putNumber(tmp, pos, p.pid);
    pos = putBytes(tmp, pos, F_ENTITY);
    pos = putJsonString(tmp, pos, p.entityId);
    pos = putBytes(tmp, pos, F_OFN);
    pos = putBytes(tmp, pos, ofnB);
    pos = putBytes(tmp, pos, F_CLOSE2);
    b = tmp.slice(0, pos);
    p.parentBytes = b;
  }
  return b;
}

/** The args_count at the end of a command segment (its trailing digits). */
function countOf(cmdB: Uint8Array): number {
  let n = 0;
  let mul = 1;
  for (let i = cmdB.length - 1; i >= 0; i--) {
    const c = cmdB[i];
    if (c < 48 || c > 57) break;
    n += (c - 48) * mul;
    mul *= 10;
  }
  return n;
}

// Repeated strings (paths, working folders, the many fixed command lines) are escaped once. Bounded:
// cleared when full, as command lines with GUIDs and temp names rarely repeat.
const CACHE_MAX = 8192;
const strings = new Map<string, Uint8Array>();
const commands = new Map<string, Uint8Array>();
let scratch = new Uint8Array(1 << 16);

function room(n: number): Uint8Array {
  if (scratch.length < n) scratch = new Uint8Array(n);
  return scratch;
}

/** `s` as a quoted JSON string. */
function stringBytes(s: string): Uint8Array {
  let b = strings.get(s);
  if (b === undefined) {
    const tmp = room(jsonStringBound(s));
    b = tmp.slice(0, putJsonString(tmp, 0, s));
    if (strings.size >= CACHE_MAX) strings.clear();
    strings.set(s, b);
  }
  return b;
}

/** `,"command_line":…,"args":[…],"args_count":N` of a command line. */
function commandBytes(cmd: string): Uint8Array {
  let b = commands.get(cmd);
  if (b === undefined) {
    const args = splitArgs(cmd);
    const tmp = room(F_CMD.length + F_ARGS.length + F_COUNT.length + 2 * jsonStringBound(cmd) + 3 * args.length + 24);
    let pos = putBytes(tmp, 0, F_CMD);
    pos = putJsonString(tmp, pos, cmd);
    pos = putBytes(tmp, pos, F_ARGS);
    for (let i = 0; i < args.length; i++) {
      if (i) tmp[pos++] = 44;
      pos = putJsonString(tmp, pos, args[i]);
    }
    pos = putBytes(tmp, pos, F_COUNT);
    pos = putNumber(tmp, pos, args.length);
    b = tmp.slice(0, pos);
    if (commands.size >= CACHE_MAX) commands.clear();
    commands.set(cmd, b);
  }
  return b;
}

let isoSecond = NaN;
let isoPrefix = '';

/** Collects event lines into chunks of about `size` bytes; a line is never split between chunks. */
export class NdjsonChunker {
  private b: Buffer;
  private pos = 0;
  /** Bytes of the line the last add() wrote, newline included. */
  lineLength = 0;

  constructor(private readonly size = 512 * 1024) {
    this.b = Buffer.allocUnsafe(size);
  }

  /** Appends the line of one event; returns the previous chunk when it had to be handed over first. */
  add(p: Proc, host: HostModel): Buffer | null {
    const hostB = cached(host.ecs, () => JSON.stringify(host.ecs));
    const userB = cached(p.account.ecs, () => JSON.stringify(p.account.ecs));
    const binB = binaryBytes(p.bin);
    const parentB = parentBytes(p.parent);
    const labelB = cached(p.label, () => JSON.stringify(p.label));
    const nameB = stringBytes(p.name);
    const exeB = stringBytes(p.exe);
    const cmdB = commandBytes(p.cmd);
    const cwdB = stringBytes(p.cwd);
    const need = FIXED + hostB.length + userB.length + binB.length + parentB.length + labelB.length
      + nameB.length + exeB.length + cmdB.length + cwdB.length + jsonStringBound(p.entityId);
    let full: Buffer | null = null;
    if (this.pos + need > this.b.length) {
      full = this.take();
      if (need > this.b.length) this.b = Buffer.allocUnsafe(need);
    }
    const b = this.b;
    const start = this.pos;
    let pos = putBytes(b, start, F_START);
    const t = p.t;
    const sec = Math.floor(t / 1000);
    if (sec !== isoSecond) {
      isoSecond = sec;
      isoPrefix = new Date(sec * 1000).toISOString().slice(0, 20);
    }
    pos = putAscii(b, pos, isoPrefix);
    const ms = t - sec * 1000;
    b[pos++] = 48 + Math.floor(ms / 100);
    b[pos++] = 48 + (Math.floor(ms / 10) % 10);
    b[pos++] = 48 + (ms % 10);
    b[pos++] = 90;
    pos = putBytes(b, pos, F_HOST);
    pos = putBytes(b, pos, hostB);
    pos = putBytes(b, pos, F_USER);
    pos = putBytes(b, pos, userB);
    pos = putBytes(b, pos, F_NAME);
    pos = putBytes(b, pos, nameB);
    pos = putBytes(b, pos, F_EXE);
    pos = putBytes(b, pos, exeB);
    pos = putBytes(b, pos, cmdB);
    pos = putBytes(b, pos, F_PID);
    pos = putNumber(b, pos, p.pid);
    pos = putBytes(b, pos, F_ENTITY);
    pos = putJsonString(b, pos, p.entityId);
    pos = putBytes(b, pos, F_CWD);
    pos = putBytes(b, pos, cwdB);
    pos = putBytes(b, pos, binB);
    pos = putBytes(b, pos, INTEGRITY.get(p.integrity + p.elevation) as Uint8Array);
    pos = putBytes(b, pos, parentB);
    pos = putBytes(b, pos, F_LABEL);
    pos = putBytes(b, pos, labelB);
    this.pos = putBytes(b, pos, F_END);
    this.lineLength = this.pos - start;
    return full;
  }

  /** Hands over what has been written since the last chunk (null when nothing). */
  take(): Buffer | null {
    if (!this.pos) return null;
    const out = this.b.subarray(0, this.pos);
    this.b = Buffer.allocUnsafe(this.size);
    this.pos = 0;
    return out;
  }
}
