// Hashed bags of tokens and character trigrams (the feature-hashing trick): command-line tokens,
// command-line trigrams, the process and parent names, and the executable's folder components. Each
// field has its own fixed bucket count, so the row stays dense and small; bucket values are counts.
// Strings are taken after parity normalisation (user names, GUIDs, hex and long numbers removed).

import type { FeatureFamily } from './family.js';
import { Arena } from './arena.js';
import { commandLineCodes } from './cmdline-codes.js';
import { PRIMER_LINES } from './jit-primer.js';
import { BoundedMemo } from './memo.js';
import { keywordMaskOfScan, keywordScanner } from './parity-keywords.js';
import { fnv1a } from './text.js';
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

/** Math.imul(Math.imul(SEEDS[1] ^ c0, FNV prime) ^ c1, FNV prime) for ASCII c0, c1 at (c0 << 7) | c1. */
const TRIGRAM_PAIR = new Int32Array(128 * 128);
for (let c0 = 0; c0 < 128; c0++)
  for (let c1 = 0; c1 < 128; c1++) TRIGRAM_PAIR[(c0 << 7) | c1] = Math.imul(Math.imul((SEEDS[1] | 0) ^ c0, 0x01000193) ^ c1, 0x01000193);

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
  // Slot lists of the command-line records live in an arena (8 MB: about 10,000 command lines of ~100
  // slots, more than the record memo holds; no array per new command line).
  const arena = new Arena(new Int32Array(Math.max(1 << 21, 2 * (sizes[0] + sizes[1]))));
  const dirMemo = new BoundedMemo<Uint32Array>(16384);
  const counts = new Int32Array(sizes[0] + sizes[1]);
  const touched = new Int32Array(sizes[0] + sizes[1]);
  // (h >>> 0) % m is h & (m - 1) when m is a power of two: no floating-point modulo per token or trigram.
  const pow2 = (m: number): boolean => m > 0 && (m & (m - 1)) === 0;
  const tokenMask = pow2(sizes[0]) ? sizes[0] - 1 : -1;
  const trigramMask = pow2(sizes[1]) ? sizes[1] - 1 : -1;
  const kw = keywordScanner;
  /** cmdSlots scans for the keywords in its one-pass loop (cmdSlotsApart does not). */
  const fusedKeywords = sizes[0] > 0 && sizes[1] > 0 && tokenMask >= 0 && trigramMask >= 0;
  const tokenSlot = (h: number): number => (tokenMask >= 0 ? h & tokenMask : (h >>> 0) % sizes[0]);
  const trigramSlot = (h: number): number => sizes[0] + (trigramMask >= 0 ? h & trigramMask : (h >>> 0) % sizes[1]);
  /**
   * Token and trigram counts of a normalised command line (its code units s[0 … len)) as [family-local
   * slot, count, …] pairs, in one pass without substrings: the tokens of cmdTokens (FNV-1a of the token,
   * hashed while scanning, and of its tail after the last slash) and every trigram of the first
   * MAX_TRIGRAM_CHARS characters, each counted as its last character is read. Counts are integers and
   * token and trigram slots are apart, so the row gets exactly what adding each occurrence would give.
   * With `keywords`, the same loop drives the keyword groups' scan (keywordScanner) over the codes.
   */
  const cmdSlots = (s: Uint16Array, len: number, keywords: boolean): number => {
    if (!sizes[0] || !sizes[1] || tokenMask < 0 || trigramMask < 0) return cmdSlotsApart(s, len);
    if (keywords) kw.begin();
    let n = 0;
    const tokenSeed = SEEDS[0] | 0;
    const trigramSeed = SEEDS[1] | 0;
    const trigramBase = sizes[0];
    // Trigrams end at characters 2 … trigramEnd - 1.
    const trigramEnd = Math.min(len, MAX_TRIGRAM_CHARS);
    let inToken = false;
    let h = tokenSeed;
    let slash = -1;
    let scheme = false;
    let a = 0;
    let ab = 0;
    // The previous code for the keyword scan's pairs (128: none yet).
    let prev = 128;
    for (let i = 0; i <= len; i++) {
      const c = i < len ? s[i] : 32;
      if (keywords && (prev | c) < 128 && i < len) {
        const p = (prev << 7) | c;
        if (kw.firstPair(p) && kw.nextFits(p, i + 1 < len ? s[i + 1] : 128)) kw.matchAt(s, len, i - 1, p);
      }
      prev = c;
      if (i < trigramEnd) {
        if (i >= 2) {
          const slot = trigramBase + (Math.imul(ab ^ c, 0x01000193) & trigramMask);
          if (counts[slot]++ === 0) touched[n++] = slot;
        }
        // The trigram's first two FNV-1a steps roll with the text: `a` is the first step from c (the
        // next trigram's first character), `ab` the first two from the last two characters.
        ab = Math.imul(a ^ c, 0x01000193);
        a = Math.imul(trigramSeed ^ c, 0x01000193);
      }
      if (c < 128 ? SEPARATOR_ASCII[c] === 1 : isTokenSeparator(c)) {
        if (!inToken) continue;
        // The token s[start … i) ends here (a space stands for the end of the text).
        inToken = false;
        let slot = h & tokenMask;
        if (counts[slot]++ === 0) touched[n++] = slot;
        if (slash >= 0 && slash < i - 1 && !scheme) {
          let tail = tokenSeed;
          for (let k = slash + 1; k < i; k++) tail = Math.imul(tail ^ s[k], 0x01000193);
          slot = tail & tokenMask;
          if (counts[slot]++ === 0) touched[n++] = slot;
        }
        continue;
      }
      if (!inToken) {
        inToken = true;
        h = tokenSeed;
        slash = -1;
        scheme = false;
      }
      h = Math.imul(h ^ c, 0x01000193);
      if (c === 92 || c === 47) slash = i;
      else if (c === 58 && i + 2 < len && s[i + 1] === 47 && s[i + 2] === 47) scheme = true;
    }
    return n;
  };
  /** cmdSlots for bucket counts that are not powers of two (or zero): tokens, then trigrams. */
  const cmdSlotsApart = (s: Uint16Array, len: number): number => {
    let n = 0;
    if (sizes[0]) {
      const seed = SEEDS[0] | 0;
      let i = 0;
      while (i < len) {
        while (i < len && isTokenSeparator(s[i])) i++;
        if (i >= len) break;
        let h = seed;
        let slash = -1;
        let scheme = false;
        while (i < len) {
          const c = s[i];
          if (isTokenSeparator(c)) break;
          h = Math.imul(h ^ c, 0x01000193);
          if (c === 92 || c === 47) slash = i;
          else if (c === 58 && i + 2 < len && s[i + 1] === 47 && s[i + 2] === 47) scheme = true;
          i++;
        }
        let slot = tokenSlot(h);
        if (counts[slot]++ === 0) touched[n++] = slot;
        if (slash >= 0 && slash < i - 1 && !scheme) {
          let tail = seed;
          for (let k = slash + 1; k < i; k++) tail = Math.imul(tail ^ s[k], 0x01000193);
          slot = tokenSlot(tail);
          if (counts[slot]++ === 0) touched[n++] = slot;
        }
      }
    }
    const end = sizes[1] ? Math.max(0, Math.min(len, MAX_TRIGRAM_CHARS) - 2) : 0;
    if (end > 0) {
      const seed = SEEDS[1] | 0;
      let c1 = s[0];
      let c2 = s[1];
      for (let i = 0; i < end; i++) {
        const c0 = c1;
        c1 = c2;
        c2 = s[i + 2];
        const ab = (c0 | c1) < 128 ? TRIGRAM_PAIR[(c0 << 7) | c1] : Math.imul(Math.imul(seed ^ c0, 0x01000193) ^ c1, 0x01000193);
        const slot = trigramSlot(Math.imul(ab ^ c2, 0x01000193));
        if (counts[slot]++ === 0) touched[n++] = slot;
      }
    }
    return n;
  };
  /** Moves the n touched slots of the last cmdSlots into out[at …] as (slot, count) pairs, clearing the counts. */
  const drain = (n: number, out: Int32Array, at: number): void => {
    for (let k = 0; k < n; k++) {
      const slot = touched[k];
      out[at + 2 * k] = slot;
      out[at + 2 * k + 1] = counts[slot];
      counts[slot] = 0;
    }
  };
  // Every branch of the token and trigram loop (and the keyword scan it drives) taken once before any
  // real command line (see jit-primer.ts); drain clears the counts again.
  const primed = new Int32Array(2 * (sizes[0] + sizes[1]));
  for (const line of PRIMER_LINES) {
    const c = commandLineCodes(line);
    drain(cmdSlots(c.norm, c.normLength, fusedKeywords), primed, 0);
    if (fusedKeywords) keywordMaskOfScan();
  }
  /** dirTokens reads v.exe only for emptiness, which the caller has checked; the rest is parity.executable. */
  const dirSlots = (v: EventView): Uint32Array => Uint32Array.from(dirTokens(v), (t) => offsets[4] + bucket(4, t));

  const family: FeatureFamily = {
    id: 'hash',
    names,
    extract(v, row, offset) {
      row.fill(0, offset, offset + names.length);
      // A command line's normalisation is its record's (an empty one has no tokens or trigrams).
      if (v.cmd) {
        const rec = v.parity.cmdParts;
        const data = arena.data;
        if (rec.hashOwner !== family || !arena.holds(rec.hashAt)) {
          const c = commandLineCodes(rec.raw);
          // The keyword groups read the same codes: scanned in this loop unless already known.
          const keywords = !rec.keywordsKnown && fusedKeywords;
          const n = cmdSlots(c.norm, c.normLength, keywords);
          if (keywords) rec.noteKeywords(keywordMaskOfScan());
          rec.hashAt = arena.reserve(2 * n);
          rec.hashLength = 2 * n;
          rec.hashOwner = family;
          drain(n, data, arena.index(rec.hashAt));
        }
        for (let i = arena.index(rec.hashAt), e = i + rec.hashLength; i < e; i += 2) row[offset + data[i]] = data[i + 1];
      }
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
