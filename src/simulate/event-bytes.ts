// NDJSON of started processes written straight into large byte chunks, byte-identical to
// JSON.stringify(toEvent(p, host)) + '\n' in UTF-8. What events share (host + account, name + path,
// binary + token, label, a parent's block) is encoded once and copied; the rest (time, pid, entity id,
// command line) is written in place. Command lines are not cached: most carry random parts, and
// hashing a 270-character line to find it costs about what writing it does (measured).

import type { Binary } from './catalog.js';
import { argsEnd, commandBound, putCommand } from './command-bytes.js';
import { binaryHash, EVENT_JSON, signature, TOKEN_LEVEL } from './event.js';
import { putIsoTime } from './iso-bytes.js';
import { SimProc } from './proc.js';
import { jsonStringBound, putBytes, putJsonString, putNumber, utf8 } from './json-bytes.js';
import type { Account, HostModel, Integrity, Proc } from './types.js';

const START = '{"@timestamp":"';
const F_PID = utf8(',"pid":');
const F_ENTITY = utf8(',"entity_id":');
const F_CWD = utf8(',"working_directory":');
const F_PARENT = utf8(',"parent":{"name":');
const F_OFN = utf8(',"pe":{"original_file_name":');
const F_CLOSE2 = utf8('}}');
const EMPTY = new Uint8Array(0);

const ELEVATIONS = ['default', 'full', 'limited'] as const;
const LEVELS = Object.keys(TOKEN_LEVEL) as Integrity[];
/** Fixed bytes per line besides the parts measured per event: keys, timestamp, pid. */
const FIXED = 64 + START.length + 30 + F_PID.length + 22 + F_ENTITY.length + F_CWD.length;

/**
 * Bytes kept for reuse: a copy with its own memory, not a view that would pin the big buffer (nor a slice
 * of Node's shared 8 KiB pool, which one long-lived entry would keep whole: memory would creep up).
 */
function keep(b: Uint8Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(to - from);
  out.set(b.subarray(from, to));
  return out;
}

let scratch = Buffer.allocUnsafe(1 << 16);

function room(n: number): Buffer {
  if (scratch.length < n) scratch = Buffer.allocUnsafe(n);
  return scratch;
}

/** `"…","event":{…},"host":{…},"user":{…},"process":{"name":` per host × account: the line after its timestamp. */
function headerOf(host: HostModel, account: Account): Uint8Array {
  return utf8(`","event":${EVENT_JSON},"host":${JSON.stringify(host.ecs)},"user":${JSON.stringify(account.ecs)},"process":{"name":`);
}

/**
 * What a chunker keeps per host: the headers of the few accounts that start processes there (a short
 * list scanned by identity beats two hash lookups per event) and the start of its entity ids.
 */
interface HostBytes {
  host: HostModel;
  ecs: object;
  accounts: object[];
  heads: Uint8Array[];
  entityHead: Uint8Array | undefined;
}

/** By host index, checked against the host (indices repeat across organisations: another one starts over). */
const hostBytes: Array<HostBytes | undefined> = [];

/** `,"pe":…,"hash":…,"code_signature":…,"integrity_level":…,"Ext":{…}}` per binary × token (12 kinds). */
const binTokens = new WeakMap<Binary, Array<Uint8Array | undefined>>();

function binTokenBytes(p: Proc): Uint8Array {
  let list = binTokens.get(p.bin);
  if (list === undefined) binTokens.set(p.bin, (list = []));
  const k = LEVELS.indexOf(p.integrity) * 3 + ELEVATIONS.indexOf(p.elevation);
  let b = list[k];
  if (b === undefined) {
    const bin = p.bin;
    b = utf8(`,"pe":${JSON.stringify({ original_file_name: bin.originalFileName })},"hash":{"sha256":"${binaryHash(bin)}"},"code_signature":${JSON.stringify(signature(bin))}`
      + `,"integrity_level":"${p.integrity}","Ext":{"token":{"elevation_type":"${p.elevation}","integrity_level_name":"${TOKEN_LEVEL[p.integrity]}"}}`);
    list[k] = b;
  }
  return b;
}

/** `},"label":{…}}\n` per label object. */
const labels = new WeakMap<object, Uint8Array>();

function labelBytes(p: Proc): Uint8Array {
  let b = labels.get(p.label);
  if (b === undefined) labels.set(p.label, (b = utf8(`},"label":${JSON.stringify(p.label)}}\n`)));
  return b;
}

// Repeated strings (names, paths, working folders) are escaped once. Bounded: cleared when full.
const CACHE_MAX = 1 << 15;
const strings = new Map<string, Uint8Array>();

/** `s` as a quoted JSON string. */
function stringBytes(s: string): Uint8Array {
  let b = strings.get(s);
  if (b === undefined) {
    const tmp = room(jsonStringBound(s));
    b = keep(tmp, 0, putJsonString(tmp, 0, s));
    if (strings.size >= CACHE_MAX) strings.clear();
    strings.set(s, b);
  }
  return b;
}

/** `,"working_directory":"…"` per folder. */
const cwds = new Map<string, Uint8Array>();

function cwdBytes(cwd: string): Uint8Array {
  let b = cwds.get(cwd);
  if (b === undefined) {
    const s = stringBytes(cwd);
    b = new Uint8Array(F_CWD.length + s.length);
    putBytes(b, putBytes(b, 0, F_CWD), s);
    if (cwds.size >= CACHE_MAX) cwds.clear();
    cwds.set(cwd, b);
  }
  return b;
}

/** `"name","executable":"exe"` per executable path (and the name it was started under). */
const F_EXE = utf8(',"executable":');
const nameExes = new Map<string, { name: string; b: Uint8Array }>();

function nameExeBytes(p: Proc): Uint8Array {
  let e = nameExes.get(p.exe);
  if (e === undefined || e.name !== p.name) {
    const nameB = stringBytes(p.name);
    const exeB = stringBytes(p.exe);
    const b = new Uint8Array(nameB.length + F_EXE.length + exeB.length);
    putBytes(b, putBytes(b, putBytes(b, 0, nameB), F_EXE), exeB);
    e = { name: p.name, b };
    if (nameExes.size >= CACHE_MAX) nameExes.clear();
    nameExes.set(p.exe, e);
  }
  return e.b;
}

/**
 * `,"parent":{…}` of a process whose line was not written with it (JSON.stringify(parentBlock(p))): the
 * kernel, and parents whose children started after their own line went out.
 */
function parentBytes(p: Proc | null): Uint8Array {
  if (!p) return EMPTY;
  let b = p.parentBytes;
  if (b === undefined) {
    const ofnB = stringBytes(p.bin.originalFileName);
    const tmp = room(F_PARENT.length + jsonStringBound(p.name) + F_EXE.length + jsonStringBound(p.exe) + commandBound(p.cmd)
      + F_PID.length + 22 + F_ENTITY.length + entityBound(p) + F_OFN.length + ofnB.length + F_CLOSE2.length);
    let pos = putBytes(tmp, 0, F_PARENT);
    pos = putBytes(tmp, pos, nameExeBytes(p));
    pos = argsEnd(tmp, putCommand(tmp, pos, p.cmd, p.quoted));
    pos = putBytes(tmp, pos, F_PID);
    pos = putNumber(tmp, pos, p.pid);
    pos = putEntity(tmp, pos, p);
    pos = putBytes(tmp, pos, F_OFN);
    pos = putBytes(tmp, pos, ofnB);
    pos = putBytes(tmp, pos, F_CLOSE2);
    b = keep(tmp, 0, pos);
    p.parentBytes = b;
  }
  return b;
}

const HEXU = utf8('0123456789ABCDEF');
const entityHeads = new WeakMap<HostModel, Uint8Array>();

function putHex(b: Uint8Array, pos: number, x: number, digits: number): number {
  for (let k = digits - 1; k >= 0; k--) {
    b[pos + k] = HEXU[x & 15];
    x >>>= 4;
  }
  return pos + digits;
}

/** `,"entity_id":"{prefix-` of a host's simulator processes. */
function entityHeadOf(host: HostModel): Uint8Array {
  let head = entityHeads.get(host);
  if (head === undefined) {
    const q = utf8(`,"entity_id":${JSON.stringify(`{${host.guidPrefix}-`)}`);
    entityHeads.set(host, (head = q.subarray(0, q.length - 1)));
  }
  return head;
}

/**
 * `,"entity_id":` and the id as a JSON string: a simulator process's from its words (after `head`, its
 * host's entityHeadOf when known), any other from its string.
 */
function putEntity(b: Uint8Array, pos: number, p: Proc, head?: Uint8Array): number {
  if (!(p instanceof SimProc)) return putJsonString(b, putBytes(b, pos, F_ENTITY), p.entityId);
  pos = putBytes(b, pos, head ?? entityHeadOf(p.host));
  pos = putHex(b, pos, p.id0 >>> 16, 4);
  b[pos++] = 45;
  pos = putHex(b, pos, p.id0 & 0xffff, 4);
  b[pos++] = 45;
  pos = putHex(b, pos, p.id1 >>> 16, 4);
  b[pos++] = 45;
  pos = putHex(b, pos, p.id1 & 0xffff, 4);
  pos = putHex(b, pos, p.id2, 8);
  b[pos++] = 125;
  b[pos++] = 34;
  return pos;
}

function entityBound(p: Proc): number {
  return p instanceof SimProc ? 96 : jsonStringBound(p.entityId);
}

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
    let hb = hostBytes[host.index];
    if (hb === undefined || hb.host !== host || hb.ecs !== host.ecs) {
      hb = { host, ecs: host.ecs, accounts: [], heads: [], entityHead: undefined };
      hostBytes[host.index] = hb;
    }
    const acctEcs = p.account.ecs;
    const accounts = hb.accounts;
    let k = 0;
    while (k < accounts.length && accounts[k] !== acctEcs) k++;
    if (k === accounts.length) {
      // Hosts see a handful of accounts; a host that sees many starts its list over.
      if (k >= 64) {
        accounts.length = 0;
        hb.heads.length = 0;
        k = 0;
      }
      accounts.push(acctEcs);
      hb.heads.push(headerOf(host, p.account));
    }
    const headB = hb.heads[k];
    const nameExeB = nameExeBytes(p);
    const cwdB = cwdBytes(p.cwd);
    const binB = binTokenBytes(p);
    const parentB = parentBytes(p.parent);
    const labelB = labelBytes(p);
    const need = FIXED + headB.length + nameExeB.length + commandBound(p.cmd) + entityBound(p) + cwdB.length
      + binB.length + parentB.length + labelB.length;
    let full: Buffer | null = null;
    if (this.pos + need > this.b.length) {
      full = this.take();
      if (need > this.b.length) this.b = Buffer.allocUnsafe(need);
    }
    const b = this.b;
    const start = this.pos;
    let pos = putIsoTime(b, start, p.t, START);
    pos = putBytes(b, pos, headB);
    const nameAt = pos;
    pos = putBytes(b, pos, nameExeB);
    pos = putCommand(b, pos, p.cmd, p.quoted);
    const cmdEnd = pos;
    pos = putBytes(b, pos, F_PID);
    pos = putNumber(b, pos, p.pid);
    pos = putEntity(b, pos, p, p instanceof SimProc && p.host === host ? (hb.entityHead ??= entityHeadOf(host)) : undefined);
    const entityEnd = pos;
    pos = putBytes(b, pos, cwdB);
    pos = putBytes(b, pos, binB);
    pos = putBytes(b, pos, parentB);
    this.pos = putBytes(b, pos, labelB);
    this.lineLength = this.pos - start;
    // A process whose children are already queued gets its parent block from the bytes just written.
    if (p.kids && p.parentBytes === undefined) p.parentBytes = parentFromLine(b, nameAt, cmdEnd, entityEnd, p);
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

/** The parent block of `p` cut from its own line: name … args, then pid and entity id, then its PE name. */
function parentFromLine(b: Uint8Array, nameAt: number, cmdEnd: number, entityEnd: number, p: Proc): Uint8Array {
  const ofnB = stringBytes(p.bin.originalFileName);
  const argsAt = argsEnd(b, cmdEnd);
  const out = new Uint8Array(F_PARENT.length + (argsAt - nameAt) + (entityEnd - cmdEnd) + F_OFN.length + ofnB.length + F_CLOSE2.length);
  let pos = putBytes(out, 0, F_PARENT);
  out.set(b.subarray(nameAt, argsAt), pos);
  pos += argsAt - nameAt;
  for (let i = cmdEnd; i < entityEnd; i++) out[pos++] = b[i];
  pos = putBytes(out, pos, F_OFN);
  pos = putBytes(out, pos, ofnB);
  putBytes(out, pos, F_CLOSE2);
  return out;
}
