// Named value converters the mapping tables refer to. A converter returns the converted value, `undefined` when
// the source holds nothing usable (the next source is tried, silently), or INVALID when the source has the wrong
// type (the next source is tried and an OS_NORM_FIELD_TYPE warning is counted). A conversion that succeeds but
// changes the type (a number where a string belongs) sets `conversionNote` so the caller can warn.
// Object values are never stringified: a hostile toString is never called and "[object Object]" never leaks.

import type { CodeSignature, HashInfo } from './process-event.js';
import { parseTimestamp } from './timestamp.js';
import {
  integrityName,
  parseElevationType,
  parseHashList,
  parsePid,
  splitAccount,
  sysmonIntegrity,
} from './windows-values.js';

export const INVALID: unique symbol = Symbol('invalid');

/**
 * `text` is set by a converter that had to change a value's type; read and cleared by the mapper after each call.
 * A property of a constant object, not a module variable, so that compiled rule code (rule-code.ts) reads it inline.
 */
export const NOTE: { text: string | undefined } = { text: undefined };
export function clearConversionNote(): void {
  NOTE.text = undefined;
}

/** One scalar out of a value: keyword fields in Elasticsearch may be single-element arrays. */
function scalar(v: unknown): unknown {
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    if (v.length > 1) NOTE.text = `array of ${v.length} where one value belongs; first kept`;
    return v[0];
  }
  return v;
}

function str(v: unknown, blank: boolean): unknown {
  const s = scalar(v);
  if (typeof s === 'string') return s === '' || (blank && s === '-') ? undefined : s;
  if (typeof s === 'number' || typeof s === 'boolean') {
    if (typeof s === 'number' && !Number.isFinite(s)) return INVALID;
    NOTE.text = `${typeof s} converted to string`;
    return String(s);
  }
  if (s === null || s === undefined) return undefined;
  return INVALID;
}

/** Keyword-like identifiers where shippers legitimately write numbers (event codes, entity ids): no warning. */
function code(v: unknown): unknown {
  const s = scalar(v);
  if (typeof s === 'number') return Number.isFinite(s) ? String(s) : INVALID;
  return str(s, false);
}

function pid(v: unknown): unknown {
  const s = scalar(v);
  if (typeof s === 'number') return Number.isSafeInteger(s) && s >= 0 ? s : INVALID;
  if (typeof s === 'string') {
    if (s === '' || s === '-') return undefined;
    const n = parsePid(s.trim());
    return Number.isNaN(n) ? INVALID : n;
  }
  return s === null || s === undefined ? undefined : INVALID;
}

function bool(v: unknown): unknown {
  const s = scalar(v);
  if (typeof s === 'boolean') return s;
  if (s === 'true' || s === 'false') return s === 'true';
  return s === null || s === undefined ? undefined : INVALID;
}

function stringArray(v: unknown): unknown {
  if (typeof v === 'string') return v === '' ? undefined : [v];
  if (!Array.isArray(v)) return v === null || v === undefined ? undefined : INVALID;
  if (v.length === 0) return undefined;
  // The usual case, all strings, keeps the parsed array itself (the record is ours once parsed): no copy.
  let allStrings = true;
  for (let i = 0; i < v.length && allStrings; i++) allStrings = typeof v[i] === 'string';
  if (allStrings) return v;
  const out: string[] = [];
  for (const x of v) {
    if (typeof x === 'string') out.push(x);
    else if (typeof x === 'number' && Number.isFinite(x)) out.push(String(x));
    else NOTE.text = 'non-string array items dropped';
  }
  return out.length > 0 ? out : undefined;
}

// The same binaries start again and again: parsed hash lists and integrity names are memoized (bounded; the
// parsed object is only read, its members are copied into the event).
const MEMO_MAX = 4096;
const hashMemo = new Map<string, HashInfo | undefined>();
const integrityMemo = new Map<string, string | undefined>();
const elevationMemo = new Map<string, string | undefined>();

function memo<T>(m: Map<string, T>, key: string, compute: (k: string) => T): T {
  const hit = m.get(key);
  if (hit !== undefined || m.has(key)) return hit as T;
  if (m.size >= MEMO_MAX) m.clear();
  const v = compute(key);
  m.set(key, v);
  return v;
}

export function cachedIntegrityName(s: string): string | undefined {
  return memo(integrityMemo, s, integrityName);
}

function hashes(v: unknown): unknown {
  const s = scalar(v);
  if (typeof s === 'string') return memo(hashMemo, s, parseHashList);
  if (s === null || s === undefined) return undefined;
  if (typeof s !== 'object') return INVALID;
  // Written out per member: a loop over the four names made each read a megamorphic keyed load.
  const o = s as HashInfo;
  let out: HashInfo | undefined;
  let x: unknown = o.md5;
  if (typeof x === 'string' && x !== '') (out ??= {}).md5 = x;
  x = o.sha1;
  if (typeof x === 'string' && x !== '') (out ??= {}).sha1 = x;
  x = o.sha256;
  if (typeof x === 'string' && x !== '') (out ??= {}).sha256 = x;
  x = o.imphash;
  if (typeof x === 'string' && x !== '') (out ??= {}).imphash = x;
  return out;
}

function signature(v: unknown): unknown {
  let s = v;
  if (Array.isArray(s)) s = s.find((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
  if (s === null || s === undefined) return undefined;
  if (typeof s !== 'object') return INVALID;
  const o = s as Record<string, unknown>;
  const out: CodeSignature = {};
  if (typeof o.exists === 'boolean') out.exists = o.exists;
  if (typeof o.trusted === 'boolean') out.trusted = o.trusted;
  if (typeof o.subject_name === 'string' && o.subject_name !== '') out.subject_name = o.subject_name;
  if (typeof o.status === 'string' && o.status !== '') out.status = o.status;
  return out;
}

// accountName and accountDomain read the same value one after the other: split it once.
let lastAccount = '';
let lastAccountParts: [domain: string, name: string] | undefined;

function splitCached(s: string): [domain: string, name: string] | undefined {
  if (s !== lastAccount) {
    lastAccount = s;
    lastAccountParts = splitAccount(s);
  }
  return lastAccountParts;
}

function accountName(v: unknown): unknown {
  const s = str(v, true);
  if (typeof s !== 'string') return s;
  const parts = splitCached(s);
  return parts ? parts[1] : s;
}

function accountDomain(v: unknown): unknown {
  const s = str(v, true);
  if (typeof s !== 'string') return s;
  const parts = splitCached(s);
  return parts ? parts[0] : undefined;
}

/** A SID or account id. Integer ids (an Elastic bug) become strings; the NULL SID and "-" mean "none". */
function sid(v: unknown): unknown {
  const s = str(v, true);
  return s === 'S-1-0-0' ? undefined : s;
}

function elevationType(v: unknown): unknown {
  const s = str(v, true);
  return typeof s === 'string' ? memo(elevationMemo, s, parseElevationType) : s;
}

function integrity(v: unknown): unknown {
  const s = str(v, true);
  if (typeof s !== 'string') return s;
  const name = s.startsWith('S-1-16-') || s.startsWith('s-1-16-') ? cachedIntegrityName(s) : undefined;
  return name ? sysmonIntegrity(name) : s;
}

function integrityLevelName(v: unknown): unknown {
  const s = str(v, true);
  return typeof s === 'string' ? cachedIntegrityName(s) : s;
}

function timestamp(v: unknown): unknown {
  const s = scalar(v);
  if (s === null || s === undefined || s === '') return undefined;
  const t = parseTimestamp(s);
  return Number.isNaN(t) ? INVALID : t;
}

function labels(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) return INVALID;
  const o = v as Record<string, unknown>;
  let allStrings = true;
  let any = false;
  for (const k in o) {
    any = true;
    if (typeof o[k] !== 'string') {
      allStrings = false;
      break;
    }
  }
  // The collected `labels.*` bag is built fresh per record by the source walk, so it can be handed on as is.
  if (allStrings) return any ? o : undefined;
  let out: Record<string, string> | undefined;
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'string') (out ??= {})[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') (out ??= {})[k] = String(x);
    else if (x !== null && x !== undefined) NOTE.text = `labels.${k} is not a scalar; dropped`;
  }
  return out;
}

export const CONVERTERS = {
  /** A string as written; "" is nothing. */
  string: (v: unknown) => str(v, false),
  /** A string as Windows event data writes it: "" and "-" are nothing. */
  winString: (v: unknown) => str(v, true),
  code,
  pid,
  bool,
  stringArray,
  hashes,
  signature,
  accountName,
  accountDomain,
  sid,
  elevationType,
  /** Process integrity in Sysmon's spelling; a mandatory-label SID is translated ("S-1-16-12288" → "High"). */
  integrity,
  /** Elastic's lowercase integrity name from a SID, a Sysmon level or text. */
  integrityLevelName,
  timestamp,
  labels,
} as const satisfies Record<string, (v: unknown) => unknown>;

export type ConverterName = keyof typeof CONVERTERS;
