// A feature family: a fixed list of stable feature ids, an extractor that writes them into a slice of a
// preallocated Float32Array row, and a describer that turns one feature of one event into a sentence.

import type { EventView } from './view.js';

export interface FeatureFamily {
  readonly id: string;
  readonly names: readonly string[];
  /** Writes names.length values at row[offset…]. Missing data is NaN or an explicit 0/1 flag, never a throw. */
  extract(view: EventView, row: Float32Array, offset: number): void;
  /** A short human sentence for feature `local` (index into names) of this event. */
  describe(local: number, value: number, view: EventView): string;
}

/** Helper for families made of named scalar features, each with its own value and description. */
export interface ScalarFeature {
  id: string;
  value: (v: EventView) => number;
  describe: (v: EventView, value: number) => string;
}

export function scalarFamily(id: string, features: readonly ScalarFeature[]): FeatureFamily {
  const names = features.map((f) => `${id}.${f.id}`);
  return {
    id,
    names,
    extract(view, row, offset) {
      for (let i = 0; i < features.length; i++) row[offset + i] = features[i].value(view);
    },
    describe(local, value, view) {
      return features[local].describe(view, value);
    },
  };
}

export const b = (x: boolean): number => (x ? 1 : 0);

/** "certutil.exe" or "the process" when the name is unknown: sentences stay readable on sparse events. */
export function procLabel(v: EventView): string {
  return v.name || 'the process';
}
export function parentLabel(v: EventView): string {
  return v.parentName || 'an unknown parent';
}
