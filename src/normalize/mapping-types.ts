// The vocabulary of the mapping data: shape detection rules and field rules. Tables are plain data in
// detect-table.ts and mappings/*.ts; compile.ts turns them into fast accessors once at load.

import type { ContainerFormat } from '../read/types.js';
import type { ConverterName } from './converters.js';
import type { SourceShape } from './process-event.js';

/** Why a record was skipped (counted, not an error). */
export type SkipReason = 'not-windows' | 'not-process' | 'not-start' | 'not-process-start';

/** A predicate on a record. `in` compares case-insensitively, numbers as their decimal text, arrays by any element. */
export type Condition =
  | { readonly path: string; readonly in: readonly string[] }
  | { readonly path: string; readonly prefix: string }
  | { readonly path: string; readonly exists: true }
  | { readonly format: ContainerFormat }
  | { readonly any: readonly Condition[] };

/** Detection rules are evaluated in order; the first whose conditions all hold decides. */
export type DetectRule =
  | { readonly when: readonly Condition[]; readonly shape: SourceShape }
  | { readonly when: readonly Condition[]; readonly skip: SkipReason };

/**
 * Fill `to` from the first source path that yields a usable value after `conv`. Several rules may name the same
 * target: the first that produces a value wins (set-if-absent), so table order is priority. A source path ending
 * in ".*" collects `prefix.X` flat keys and the nested object at `prefix`.
 */
export interface FieldRule {
  readonly to: string;
  readonly from: readonly string[];
  readonly conv: ConverterName;
}

/**
 * Fill several targets together from the first acceptable option, so that values from different accounts are
 * never mixed (4688: the target account, unless it is "-" or the NULL SID, else the subject account).
 */
export interface ChoiceRule {
  readonly choose: readonly string[];
  readonly options: readonly (readonly string[])[];
  readonly conv: readonly ConverterName[];
  /** Indices of values in an option that must convert to something for the option to be taken. */
  readonly require: readonly number[];
  /** The option is refused when the raw value at `index` equals `value` (case-insensitive). */
  readonly rejectIf?: readonly (readonly [index: number, value: string])[];
}

export type MappingRule = FieldRule | ChoiceRule;

export interface ShapeMapping {
  readonly shape: SourceShape;
  readonly rules: readonly MappingRule[];
}
