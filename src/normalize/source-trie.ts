// Reading every source field of a record in one pass. Probing ~150 dotted paths per record (each a miss or two
// on objects that do not have them) costs several times JSON.parse; walking the keys the record actually has,
// each looked up once in a dictionary, costs far less. The trie maps, at every level, each remaining dotted suffix of
// a source path to its source index and/or the next level, so "a.b.c", {a:{b:{c}}}, {"a.b":{c}} and {a:{"b.c"}}
// all reach the same source. The walk descends only into keys that lead to a source: junk nesting costs nothing.

export interface TrieEntry {
  /** Source index read when this key is reached, or -1. */
  source: number;
  /** The source is a wildcard ("labels.*"): this key holds an object whose members are collected. */
  collect: boolean;
  next: TrieNode | undefined;
}

export interface TrieNode {
  /** A null-prototype dictionary: measured ~2-3x faster than Map.get for JSON.parse's internalized keys. */
  map: Record<string, TrieEntry | undefined>;
  /** Wildcard sources whose flat keys ("labels.x") may appear at this level: prefix → source. */
  wild: Array<{ prefix: string; first: number; source: number }>;
}

function newNode(): TrieNode {
  return { map: Object.create(null) as Record<string, TrieEntry | undefined>, wild: [] };
}

function entry(node: TrieNode, key: string): TrieEntry {
  let e = node.map[key];
  if (!e) node.map[key] = e = { source: -1, collect: false, next: undefined };
  return e;
}

/** All source paths, indexed; paths ending in ".*" are wildcards. */
export class SourceRegistry {
  readonly paths: string[] = [];
  private readonly index = new Map<string, number>();

  add(path: string): number {
    let i = this.index.get(path);
    if (i === undefined) {
      i = this.paths.length;
      this.paths.push(path);
      this.index.set(path, i);
    }
    return i;
  }

  buildTrie(): TrieNode {
    const root = newNode();
    this.paths.forEach((path, source) => {
      const wildcard = path.endsWith('.*');
      const segs = (wildcard ? path.slice(0, -2) : path).split('.');
      if (segs.some((s) => s === '')) throw new Error(`bad source path "${path}"`);
      insert(root, segs, source, wildcard);
    });
    return freeze(root);
  }
}

/**
 * Rebuilds the trie with every entry created by one literal in its final state: entries mutated while building
 * end up with several hidden classes, which makes the walk's property loads polymorphic.
 */
function freeze(node: TrieNode): TrieNode {
  const map = Object.create(null) as Record<string, TrieEntry | undefined>;
  for (const k of Object.keys(node.map)) {
    const e = node.map[k] as TrieEntry;
    map[k] = { source: e.source, collect: e.collect, next: e.next ? freeze(e.next) : undefined };
  }
  return { map, wild: node.wild.map((w) => ({ prefix: w.prefix, first: w.first, source: w.source })) };
}

function insert(node: TrieNode, segs: string[], source: number, wildcard: boolean): void {
  // Every split of the remaining segments: the first j+1 segments as one (possibly dotted) key.
  for (let j = 0; j < segs.length; j++) {
    const key = segs.slice(0, j + 1).join('.');
    const e = entry(node, key);
    if (j === segs.length - 1) {
      if (e.source >= 0 && e.source !== source) throw new Error(`source path registered twice: ${key}`);
      e.source = source;
      e.collect = wildcard;
    } else {
      e.next ??= newNode();
      insert(e.next, segs.slice(j + 1), source, wildcard);
    }
  }
  if (wildcard) {
    const prefix = segs.join('.') + '.';
    if (!node.wild.some((w) => w.prefix === prefix)) node.wild.push({ prefix, first: prefix.charCodeAt(0), source });
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

// Flat wildcard keys repeat on every record ("labels.recording"): their suffixes are cut once, not per record.
const SUFFIX_MAX = 1024;
let suffixes: Record<string, string | undefined> = Object.create(null) as Record<string, string | undefined>;
let suffixCount = 0;

function suffixOf(k: string, from: number): string {
  let s = suffixes[k];
  if (s === undefined) {
    if (suffixCount >= SUFFIX_MAX) {
      suffixes = Object.create(null) as Record<string, string | undefined>;
      suffixCount = 0;
    }
    suffixes[k] = s = k.slice(from);
    suffixCount++;
  }
  return s;
}

function collectInto(vals: unknown[], source: number, key: string, v: unknown): void {
  if (key === '__proto__') return;
  let bag = vals[source] as Record<string, unknown> | undefined;
  if (bag === undefined) vals[source] = bag = {};
  if (!hasOwn.call(bag, key)) bag[key] = v;
}

function collectWild(k: string, v: unknown, wild: TrieNode['wild'], vals: unknown[], touched: number[]): void {
  if (v === undefined || v === null) return;
  for (let w = 0; w < wild.length; w++) {
    const wi = wild[w];
    if (k.charCodeAt(0) !== wi.first || k.length <= wi.prefix.length || !k.startsWith(wi.prefix)) continue;
    if (vals[wi.source] === undefined) touched.push(wi.source);
    collectInto(vals, wi.source, suffixOf(k, wi.prefix.length), v);
  }
}

function collectObject(v: Record<string, unknown>, s: number, vals: unknown[], touched: number[]): void {
  // Object.keys, not for-in: a for-in here, inlined into walk's for-in, halved the speed of the common path.
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const ck = keys[i];
    const cv = v[ck];
    if (cv === undefined || cv === null) continue;
    if (vals[s] === undefined) touched.push(s);
    collectInto(vals, s, ck, cv);
  }
}

/** Rare work found during a walk, done after it: triples (value, key, node) for a key missing from the trie
 * (a wildcard candidate) or (object, null, source) for an object to collect. Values are read inside the for-in,
 * where V8 loads them fastest. Shared with the record plans (record-plan.ts), which replay the same pushes. */
export const PENDING: unknown[] = [];

function walkNode(obj: Record<string, unknown>, node: TrieNode, vals: unknown[], touched: number[]): void {
  const map = node.map;
  for (const k in obj) {
    const e = map[k];
    if (e === undefined) {
      if (node.wild.length !== 0) PENDING.push(obj[k], k, node);
      continue;
    }
    const v = obj[k];
    if (v === undefined || v === null) continue;
    const s = e.source;
    if (s >= 0) {
      if (e.collect) PENDING.push(v, null, s);
      else if (vals[s] === undefined) {
        vals[s] = v;
        touched.push(s);
      }
    }
    if (e.next !== undefined && typeof v === 'object' && !Array.isArray(v)) walkNode(v as Record<string, unknown>, e.next, vals, touched);
  }
}

/** Does the deferred wildcard work queued in PENDING, then empties it. */
export function runPending(vals: unknown[], touched: number[]): void {
  if (PENDING.length === 0) return;
  try {
    for (let i = 0; i < PENDING.length; i += 3) {
      const target = PENDING[i] as Record<string, unknown>;
      const k = PENDING[i + 1] as string | null;
      if (k !== null) collectWild(k, target, (PENDING[i + 2] as TrieNode).wild, vals, touched);
      else if (typeof target === 'object' && !Array.isArray(target)) collectObject(target, PENDING[i + 2] as number, vals, touched);
    }
  } finally {
    PENDING.length = 0;
  }
}

/** True when a key missing from `node` names a wildcard member there ("labels.x"), i.e. collectWild may use it. */
export function isWildKey(node: TrieNode, k: string): boolean {
  for (const w of node.wild) if (k.length > w.prefix.length && k.startsWith(w.prefix)) return true;
  return false;
}

/**
 * Fills vals[source] with the raw value of every source present in `obj` (first occurrence wins; null is absent).
 * `vals` must be all-undefined on entry; the caller clears what `touched` lists afterwards. The wildcard paths
 * are deferred until after the loop: calling their helpers from inside it (where V8 inlines them) made the
 * common path measurably slower (~2x on the train data).
 */
export function walk(obj: Record<string, unknown>, node: TrieNode, vals: unknown[], touched: number[]): void {
  try {
    walkNode(obj, node, vals, touched);
  } catch (e) {
    PENDING.length = 0;
    throw e;
  }
  runPending(vals, touched);
}
