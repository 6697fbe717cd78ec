// The ProblemChild-parity families: Elastic's scalar inputs and keyword groups (parity_flags) and its
// positional bigrams (parity_bigrams). DFA fed each (field, position) bigram to its trees through
// frequency and target-mean encodings; we hash (field, position, bigram) into a fixed number of buckets
// per field instead, which needs no fitted state, keeps the row dense, and is reproducible from the
// feature spec alone. `event_action` is left out: it names the log source, not the process.

import { b, scalarFamily, type FeatureFamily, type ScalarFeature } from './family.js';
import { KEYWORD_GROUPS, positionalBigrams } from './parity-keywords.js';
import { BoundedMemo } from './memo.js';
import { PPATH_CLASSES, type ParityFields } from './parity-normalize.js';
import { fnv1a } from './text.js';
import type { EventView } from './view.js';

export function integrityCode(level: string): number {
  const l = level.toLowerCase();
  if (l === 'unknown' || l === '') return NaN;
  if (l.includes('untrusted')) return 0;
  if (l.includes('low')) return 1;
  if (l.includes('medium')) return 2;
  if (l.includes('high')) return 3;
  if (l.includes('system') || l.includes('protected')) return 4;
  return NaN;
}

/** 1 default (full token, UAC off or built-in admin), 2 full (elevated), 3 limited; NaN unknown. */
export function elevationCode(t: string): number {
  const l = t.toLowerCase();
  if (l.includes('%%1936') || l.includes('default') || l.includes('(1)')) return 1;
  if (l.includes('%%1937') || l.includes('full') || l.includes('(2)')) return 2;
  if (l.includes('%%1938') || l.includes('limited') || l.includes('(3)')) return 3;
  return NaN;
}

const P = (v: EventView): ParityFields => v.parity;

const FLAGS: ScalarFeature[] = [
  {
    id: 'filename_mismatch',
    value: (v) => b(P(v).filenameMismatch),
    describe: (v) => `process name "${P(v).processName}" differs from the PE original name "${P(v).originalFileName}" (case-sensitive)`,
  },
  { id: 'running_as_system', value: (v) => b(P(v).runningAsSystem), describe: () => 'runs as SYSTEM, LocalService or NetworkService' },
  { id: 'ends_with_exe', value: (v) => b(P(v).endsWithExe), describe: (v) => `process name "${P(v).processName}" contains ".exe"` },
  { id: 'cmd_obfuscation', value: (v) => b(P(v).cmdObfuscation), describe: () => 'command line has two or more carets (^)' },
  { id: 'elevated', value: (v) => b(P(v).elevated), describe: () => 'token elevation reported' },
  { id: 'signed', value: (v) => b(P(v).signed), describe: () => 'the executable is signed' },
  { id: 'signer_trusted', value: (v) => b(P(v).signerTrusted), describe: () => 'the signature is trusted' },
  {
    id: 'normalized_ppath',
    value: (v) => PPATH_CLASSES.indexOf(P(v).normalizedPpath),
    describe: (v) => `executable folder class ${P(v).normalizedPpath}`,
  },
  { id: 'integrity_level', value: (v) => integrityCode(P(v).integrityLevel), describe: (v) => `integrity level ${P(v).integrityLevel}` },
  { id: 'elevation_type', value: (v) => elevationCode(P(v).elevationType), describe: (v) => `token elevation type ${P(v).elevationType}` },
  ...KEYWORD_GROUPS.map(
    (g, i): ScalarFeature => ({
      id: `cmd_${g.id}`,
      value: (v) => (P(v).keywords >>> i) & 1,
      describe: () => `command line has ${g.description}`,
    }),
  ),
];

export const parityFlagsFamily: FeatureFamily = scalarFamily('parity', FLAGS);

/**
 * The parity inputs that describe the process rather than the log source: keyword groups, caret
 * obfuscation, the folder class, `.exe` and SYSTEM. Signed/trusted/elevated and the case-sensitive
 * original-name test mostly say which sensor wrote the event (Sysmon vs 4688 vs Defend), so the
 * project's own model leaves them to the families that treat missing data as missing.
 */
const CORE_IDS = new Set(['running_as_system', 'ends_with_exe', 'cmd_obfuscation', 'normalized_ppath']);
const CORE_FLAGS = FLAGS.filter((f) => CORE_IDS.has(f.id) || f.id.startsWith('cmd_'));
const coreGeneric = scalarFamily('parity', CORE_FLAGS);
/** The per-feature definition the fast extractor must equal (the property test compares them). */
export const parityCoreReference: FeatureFamily = coreGeneric;
if (CORE_FLAGS.map((f) => f.id).join() !== ['running_as_system', 'ends_with_exe', 'cmd_obfuscation', 'normalized_ppath', ...KEYWORD_GROUPS.map((g) => `cmd_${g.id}`)].join())
  throw new Error('parity core: feature order changed, update extractCore');

/** The same values as CORE_FLAGS, written directly (it runs on every event). */
function extractCore(v: EventView, row: Float32Array, o: number): void {
  const p = v.parity;
  row[o] = b(p.runningAsSystem);
  row[o + 1] = b(p.endsWithExe);
  row[o + 2] = b(p.cmdObfuscation);
  row[o + 3] = PPATH_CLASSES.indexOf(p.normalizedPpath);
  for (let i = 0; i < KEYWORD_GROUPS.length; i++) row[o + 4 + i] = (p.keywords >>> i) & 1;
}

export const parityCoreFamily: FeatureFamily = { id: coreGeneric.id, names: coreGeneric.names, extract: extractCore, describe: coreGeneric.describe };

const BIGRAM_FIELDS = ['process_name', 'parent_name', 'executable', 'parent_executable', 'command_line'] as const;

function bigramText(v: EventView, field: number): string {
  const p = v.parity;
  switch (field) {
    case 0:
      return p.processName;
    case 1:
      return p.parentName;
    case 2:
      return p.executable;
    case 3:
      return p.parentExecutable;
    default:
      return p.commandLine;
  }
}

/** Bucket of one (field, position, bigram) triple. */
export function bigramBucket(field: number, position: number, bigram: string, buckets: number): number {
  return fnv1a(bigram, Math.imul(field + 1, 0x9e3779b1) ^ Math.imul(position + 1, 0x85ebca6b)) % buckets;
}

export function parityBigramFamily(bucketsPerField: number): FeatureFamily {
  const names: string[] = [];
  for (const f of BIGRAM_FIELDS) for (let i = 0; i < bucketsPerField; i++) names.push(`parity_bigram.${f}.${i}`);
  // The bucket of every bigram of a text, memoised per field and text (counts are added in order).
  const memos = BIGRAM_FIELDS.map(() => new BoundedMemo<Uint32Array>(8192));
  const bigramBuckets = (f: number, text: string): Uint32Array => {
    const grams = positionalBigrams(text);
    const out = new Uint32Array(grams.length);
    for (let i = 0; i < grams.length; i++) out[i] = bigramBucket(f, i, grams[i], bucketsPerField);
    return out;
  };
  return {
    id: 'parity_bigram',
    names,
    extract(v, row, offset) {
      row.fill(0, offset, offset + names.length);
      for (let f = 0; f < BIGRAM_FIELDS.length; f++) {
        const text = bigramText(v, f);
        const buckets = memos[f].get(text) ?? memos[f].set(text, bigramBuckets(f, text));
        const base = offset + f * bucketsPerField;
        for (let i = 0; i < buckets.length; i++) row[base + buckets[i]] += 1;
      }
    },
    describe(local, _value, v) {
      const f = Math.floor(local / bucketsPerField);
      const bucket = local % bucketsPerField;
      const grams = positionalBigrams(bigramText(v, f));
      const hits: string[] = [];
      for (let i = 0; i < grams.length && hits.length < 3; i++)
        if (bigramBucket(f, i, grams[i], bucketsPerField) === bucket) hits.push(`"${grams[i]}"@${i}`);
      const field = BIGRAM_FIELDS[f].replace('_', ' ');
      return hits.length ? `${field} bigram ${hits.join(', ')}` : `${field} has no bigram in hash bucket ${bucket}`;
    },
  };
}
