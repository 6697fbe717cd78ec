// Hashed bags of tokens and character trigrams (the feature-hashing trick): command-line tokens,
// command-line trigrams, the process and parent names, and the executable's folder components. Each
// field has its own fixed bucket count, so the row stays dense and small; bucket values are counts.
// Strings are taken after parity normalisation (user names, GUIDs, hex and long numbers removed).

import type { FeatureFamily } from './family.js';
import { BoundedMemo } from './memo.js';
import { fnv1a, fnv1aRange } from './text.js';
import type { EventView } from './view.js';

export interface HashedConfig {
  cmdTokens: number;
  cmdTrigrams: number;
  name: number;
  parentName: number;
  dirTokens: number;
}

export const DEFAULT_HASHED: HashedConfig = { cmdTokens: 256, cmdTrigrams: 128, name: 64, parentName: 64, dirTokens: 32 };

const FIELDS = ['cmd_token', 'cmd_trigram', 'name', 'parent_name', 'dir_token'] as const;
const SEEDS = [0x2545f491, 0x9e3779b9, 0x7f4a7c15, 0x68e31da4, 0x1b873593];
const MAX_TRIGRAM_CHARS = 512;
const TOKEN_SPLIT = /[\s"'=,;()|&<>{}]+/;

/** Separators of TOKEN_SPLIT: JavaScript's \s plus the listed punctuation. */
function isTokenSeparator(c: number): boolean {
  if (c < 128) return SEPARATOR_ASCII[c] === 1;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const SEPARATOR_ASCII = new Uint8Array(128);
for (const ch of ' \t\n\v\f\r"\'=,;()|&<>{}') SEPARATOR_ASCII[ch.charCodeAt(0)] = 1;

/**
 * Calls f(start, end, slash) for every token of cmdTokens(s) without building strings: slash is the
 * position of the token's last slash when cmdTokens also emits the part after it, else -1.
 */
function forEachToken(s: string, f: (start: number, end: number, slash: number) => void): void {
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isTokenSeparator(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    const start = i;
    let slash = -1;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (isTokenSeparator(c)) break;
      if (c === 92 || c === 47) slash = i;
      i++;
    }
    const hasTail = slash >= 0 && slash < i - 1 && !hasSchemeMark(s, start, i);
    f(start, i, hasTail ? slash : -1);
  }
}

/** s.slice(start, end).includes('://') */
function hasSchemeMark(s: string, start: number, end: number): boolean {
  const k = s.indexOf('://', start);
  return k >= 0 && k + 3 <= end;
}

export function cmdTokens(cmdNorm: string): string[] {
  const out: string[] = [];
  for (const t of cmdNorm.split(TOKEN_SPLIT)) {
    if (!t) continue;
    out.push(t);
    const slash = Math.max(t.lastIndexOf('\\'), t.lastIndexOf('/'));
    if (slash >= 0 && slash < t.length - 1 && !t.includes('://')) out.push(t.slice(slash + 1));
  }
  return out;
}

function dirTokens(v: EventView): string[] {
  const exe = v.parity.executable;
  const slash = exe.lastIndexOf('\\');
  if (slash <= 0 || !v.exe) return [];
  return exe.slice(0, slash).split('\\').filter((t) => t.length > 0 && !/^[a-z]:$/.test(t));
}

export function hashedFamily(cfg: HashedConfig = DEFAULT_HASHED): FeatureFamily {
  const sizes = [cfg.cmdTokens, cfg.cmdTrigrams, cfg.name, cfg.parentName, cfg.dirTokens];
  const offsets: number[] = [];
  const names: string[] = [];
  for (let f = 0; f < FIELDS.length; f++) {
    offsets.push(names.length);
    for (let i = 0; i < sizes[f]; i++) names.push(`hash.${FIELDS[f]}.${i}`);
  }
  const bucket = (f: number, s: string): number => fnv1a(s, SEEDS[f]) % sizes[f];
  const trigramBucket = (s: string, i: number): number => fnv1aRange(s, i, i + 3, SEEDS[1]) % sizes[1];

  /** The strings of field f of this event (for explanations; extraction avoids building them). */
  const items = (f: number, v: EventView): string[] => {
    switch (f) {
      case 0:
        return cmdTokens(v.cmdNorm);
      case 1: {
        const s = v.cmdNorm.slice(0, MAX_TRIGRAM_CHARS);
        const out: string[] = [];
        for (let i = 0; i + 3 <= s.length; i++) out.push(s.slice(i, i + 3));
        return out;
      }
      case 2:
        return v.name ? [v.name] : [];
      case 3:
        return v.parentName ? [v.parentName] : [];
      default:
        return dirTokens(v);
    }
  };

  // Token and trigram slots (family-local indices, one entry per occurrence) of a normalised command
  // line, and folder-token slots of a normalised executable: memoised, since both repeat endlessly.
  const cmdMemo = new BoundedMemo<Float64Array>(8192);
  const dirMemo = new BoundedMemo<Uint32Array>(16384);
  const cmdScratch = new Float32Array(sizes[0] + sizes[1]);
  const touched = new Int32Array(sizes[0] + sizes[1]);
  /**
   * Token and trigram counts of a normalised command line as (family-local slot, count) pairs: the
   * counts are summed by += 1 in a Float32Array, exactly as adding each occurrence to the row would.
   */
  const cmdSlots = (s: string): Float64Array => {
    const end = sizes[1] ? Math.max(0, Math.min(s.length, MAX_TRIGRAM_CHARS) - 2) : 0;
    const counts = cmdScratch;
    let n = 0;
    const add = (slot: number): void => {
      if (counts[slot] === 0) touched[n++] = slot;
      counts[slot] += 1;
    };
    // The tokens of cmdTokens(s), hashed in place (same order, no substrings).
    if (sizes[0])
      forEachToken(s, (a, b, slash) => {
        add(fnv1aRange(s, a, b, SEEDS[0]) % sizes[0]);
        if (slash >= 0) add(fnv1aRange(s, slash + 1, b, SEEDS[0]) % sizes[0]);
      });
    for (let i = 0; i < end; i++) add(sizes[0] + trigramBucket(s, i));
    // offsets[0] = 0 and offsets[1] = sizes[0]: the scratch index is the family-local slot.
    const out = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const slot = touched[k];
      out[2 * k] = slot;
      out[2 * k + 1] = counts[slot];
      counts[slot] = 0;
    }
    return out;
  };
  /** dirTokens reads v.exe only for emptiness, which the caller has checked; the rest is parity.executable. */
  const dirSlots = (v: EventView): Uint32Array => Uint32Array.from(dirTokens(v), (t) => offsets[4] + bucket(4, t));

  const family: FeatureFamily = {
    id: 'hash',
    names,
    extract(v, row, offset) {
      row.fill(0, offset, offset + names.length);
      const s = v.cmdNorm;
      // cmdNorm is the parity record's normalised command line whenever it is not empty.
      const rec = v.parity.cmdParts;
      let cmdHits: Float64Array;
      if (s && rec.commandLine === s) {
        if (rec.hashOwner !== family || !rec.hashSlots) {
          rec.hashSlots = cmdSlots(s);
          rec.hashOwner = family;
        }
        cmdHits = rec.hashSlots;
      } else cmdHits = cmdMemo.get(s) ?? cmdMemo.set(s, cmdSlots(s));
      for (let i = 0; i < cmdHits.length; i += 2) row[offset + cmdHits[i]] = cmdHits[i + 1];
      if (sizes[2] && v.name) row[offset + offsets[2] + bucket(2, v.name)] = 1;
      if (sizes[3] && v.parentName) row[offset + offsets[3] + bucket(3, v.parentName)] = 1;
      if (sizes[4] && v.exe) {
        const exe = v.parity.executable;
        const dirHits = dirMemo.get(exe) ?? dirMemo.set(exe, dirSlots(v));
        for (let i = 0; i < dirHits.length; i++) row[offset + dirHits[i]] += 1;
      }
    },
    describe(local, _value, v) {
      let f = FIELDS.length - 1;
      while (f > 0 && local < offsets[f]) f--;
      const bkt = local - offsets[f];
      const hits = [...new Set(items(f, v).filter((s) => bucket(f, s) === bkt || (f === 1 && fnv1a(s, SEEDS[1]) % sizes[1] === bkt)))];
      const shown = hits.slice(0, 3).map((h) => `"${h}"`).join(', ');
      switch (f) {
        case 0:
          return hits.length ? `command line has token ${shown}` : `command line lacks tokens of hash bucket ${bkt}`;
        case 1:
          return hits.length ? `command line contains ${shown}` : `command line lacks trigrams of hash bucket ${bkt}`;
        case 2:
          return hits.length ? `process name is ${shown}` : `process name is not one of hash bucket ${bkt}`;
        case 3:
          return hits.length ? `parent name is ${shown}` : `parent name is not one of hash bucket ${bkt}`;
        default:
          return hits.length ? `executable folder contains ${shown}` : `executable folder lacks components of hash bucket ${bkt}`;
      }
    },
  };
  return family;
}
