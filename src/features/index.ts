// The feature set as data: a spec names the families (and their bucket sizes); the model file stores
// the spec, so a model always featurizes events exactly as it was trained.

import type { ProcessEvent } from '../normalize/process-event.js';
import { cmdlineShapeFamily } from './cmdline-shape.js';
import type { FeatureFamily } from './family.js';
import { DEFAULT_HASHED, hashedFamily, type HashedConfig } from './hashed-ngrams.js';
import { lineageFamily } from './lineage.js';
import { lolbinFamily } from './lolbin-family.js';
import { masqueradeFamily } from './masquerade.js';
import { parityBigramFamily, parityCoreFamily, parityFlagsFamily } from './parity.js';
import { userContextFamily } from './user-context.js';
import { eventView, type EventView } from './view.js';

/** Bump when any family's values or names change: a model records the version it was trained with. */
export const FEATURE_SPEC_VERSION = 1;

export type FamilyId = 'parity' | 'parity_core' | 'parity_bigram' | 'cmd' | 'lolbin' | 'masq' | 'lineage' | 'user' | 'hash';

export interface FeatureSpec {
  version: number;
  families: FamilyId[];
  parityBigramBuckets?: number;
  hashed?: HashedConfig;
}

export const PARITY_SPEC: FeatureSpec = { version: FEATURE_SPEC_VERSION, families: ['parity', 'parity_bigram'], parityBigramBuckets: 64 };
export const FULL_SPEC: FeatureSpec = {
  version: FEATURE_SPEC_VERSION,
  families: ['parity_core', 'cmd', 'lolbin', 'masq', 'lineage', 'user', 'hash'],
  hashed: DEFAULT_HASHED,
};

export interface FeatureSet {
  spec: FeatureSpec;
  names: string[];
  families: FeatureFamily[];
  /** Family i's first column. */
  offsets: readonly number[];
  /** Writes all features of ev into row[offset … offset + names.length). Never throws on odd events. */
  featurize(ev: ProcessEvent, row: Float32Array, offset?: number): EventView;
  /**
   * featurize() over a view already built: the families in the order featurize runs them, except those
   * with skip[i] set, whose slices are left as they are.
   */
  extract(view: EventView, row: Float32Array, offset: number, skip?: readonly boolean[]): void;
  /** A human sentence for feature `index` of this event. */
  describe(index: number, value: number, view: EventView): string;
}

function family(id: FamilyId, spec: FeatureSpec): FeatureFamily {
  switch (id) {
    case 'parity':
      return parityFlagsFamily;
    case 'parity_core':
      return parityCoreFamily;
    case 'parity_bigram':
      return parityBigramFamily(spec.parityBigramBuckets ?? 64);
    case 'cmd':
      return cmdlineShapeFamily;
    case 'lolbin':
      return lolbinFamily;
    case 'masq':
      return masqueradeFamily;
    case 'lineage':
      return lineageFamily;
    case 'user':
      return userContextFamily;
    case 'hash':
      return hashedFamily(spec.hashed ?? DEFAULT_HASHED);
  }
}

export function buildFeatureSet(spec: FeatureSpec): FeatureSet {
  if (spec.version !== FEATURE_SPEC_VERSION)
    throw new Error(`feature spec version ${spec.version} is not supported (this build has ${FEATURE_SPEC_VERSION})`);
  const families = spec.families.map((id) => family(id, spec));
  const offsets: number[] = [];
  const names: string[] = [];
  for (const f of families) {
    offsets.push(names.length);
    names.push(...f.names);
  }
  // Each family writes its own slice, so the order they run in is free: the hash family goes first, as
  // its loop over a new command line's normalised codes also scans them for the parity keyword groups
  // (which the parity families would otherwise scan for in a pass of their own).
  const order = families.map((_, i) => i).sort((a, b) => Number(families[b].id === 'hash') - Number(families[a].id === 'hash') || a - b);
  const extract = (view: EventView, row: Float32Array, offset: number, skip?: readonly boolean[]): void => {
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (skip === undefined || !skip[i]) families[i].extract(view, row, offset + offsets[i]);
    }
  };
  return {
    spec,
    names,
    families,
    offsets,
    featurize(ev, row, offset = 0) {
      const view = eventView(ev);
      extract(view, row, offset);
      return view;
    },
    extract,
    describe(index, value, view) {
      let i = families.length - 1;
      while (i > 0 && index < offsets[i]) i--;
      return families[i].describe(index - offsets[i], value, view);
    },
  };
}

/**
 * Whether a feature (by name) can change when only the command line changes: the shape family, the
 * command-line hash buckets, the keyword groups and caret flag, the command-line bigrams and the
 * lolbin argument patterns. The others read names, paths, the parent, the PE and user context.
 * Used to decide what a scorer may memoise across new command lines (a hint: the scorer's memo is
 * keyed on the exact values, so a wrong answer only costs hits).
 */
export function readsCommandLine(name: string): boolean {
  return /^(?:cmd\.|hash\.cmd_|parity\.cmd_|parity_bigram\.command_line\.|lolbin\.(?!known$|cap_))/.test(name);
}

export { eventView, type EventView } from './view.js';
