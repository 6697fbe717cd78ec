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
  const cmdMemo = new BoundedMemo<Uint32Array>(8192);
  const dirMemo = new BoundedMemo<Uint32Array>(16384);
  const cmdSlots = (s: string): Uint32Array => {
    const out: number[] = [];
    if (sizes[0]) for (const t of cmdTokens(s)) out.push(offsets[0] + bucket(0, t));
    if (sizes[1]) {
      const end = Math.min(s.length, MAX_TRIGRAM_CHARS);
      for (let i = 0; i + 3 <= end; i++) out.push(offsets[1] + trigramBucket(s, i));
    }
    return Uint32Array.from(out);
  };
  /** dirTokens reads v.exe only for emptiness, which the caller has checked; the rest is parity.executable. */
  const dirSlots = (v: EventView): Uint32Array => Uint32Array.from(dirTokens(v), (t) => offsets[4] + bucket(4, t));

  return {
    id: 'hash',
    names,
    extract(v, row, offset) {
      row.fill(0, offset, offset + names.length);
      const s = v.cmdNorm;
      const cmdHits = cmdMemo.get(s) ?? cmdMemo.set(s, cmdSlots(s));
      for (let i = 0; i < cmdHits.length; i++) row[offset + cmdHits[i]] += 1;
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
}
