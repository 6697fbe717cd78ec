// Featurization of an event whose command line is new but whose context (every other input of
// features/inputs.ts) was seen before: the families that never read the command line get the values
// computed then, and the view reuses the path and name lookups made then (view.ts ViewContext).
// Only the command-line families and the parity fields run. The row is the one featureSet.featurize
// writes: those families' values and the view's context are pure functions of the context inputs,
// which the memo compares with === (context-featurize.test.ts checks the rows on real and hostile events).

import type { FeatureSet } from '../features/index.js';
import { eventView, viewContext, type EventView, type ViewContext } from '../features/view.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { ContextMemo } from './context-memo.js';

/**
 * Families whose values read no command line (names, paths, parent, PE name, user, token): their
 * code reads only the view's names and paths and the event's user and token fields.
 */
export const CONTEXT_FAMILIES: ReadonlySet<string> = new Set(['masq', 'lineage', 'user']);

interface ContextEntry {
  view: ViewContext;
  /** The context families' slices, one after another in family order. */
  values: Float32Array;
}

export interface ContextFeaturizer {
  /**
   * Writes the features of ev into row[offset …] exactly as featureSet.featurize does; `inputs`:
   * readFeatureInputs' values for ev (undefined: ev cannot be keyed, featurized in full).
   */
  featurize(ev: ProcessEvent, inputs: readonly unknown[] | undefined, row: Float32Array, offset: number): EventView;
  readonly memo: ContextMemo<ContextEntry>;
}

export function contextFeaturizer(features: FeatureSet, capacity?: number): ContextFeaturizer {
  const families = features.families;
  const offsets: number[] = [];
  let width = 0;
  for (const f of families) {
    offsets.push(width);
    width += f.names.length;
  }
  // The hash family first, as featureSet.featurize runs it (its loop over a new command line also
  // finds the keyword groups the parity family reads); each family writes its own slice.
  const order = families.map((_, i) => i).sort((a, b) => Number(families[b].id === 'hash') - Number(families[a].id === 'hash') || a - b);
  const context = families.map((f) => CONTEXT_FAMILIES.has(f.id));
  let contextWidth = 0;
  for (let i = 0; i < families.length; i++) if (context[i]) contextWidth += families[i].names.length;
  const memo = new ContextMemo<ContextEntry>(capacity);

  const full = (ev: ProcessEvent, row: Float32Array, offset: number, ctx: ViewContext): EventView => {
    const view = eventView(ev, ctx);
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      families[i].extract(view, row, offset + offsets[i]);
    }
    return view;
  };

  return {
    memo,
    featurize(ev, inputs, row, offset) {
      if (inputs === undefined || contextWidth === 0) return full(ev, row, offset, viewContext(ev));
      const hit = memo.lookup(inputs);
      if (hit === undefined) {
        const ctx = viewContext(ev);
        const view = full(ev, row, offset, ctx);
        const values = new Float32Array(contextWidth);
        let at = 0;
        for (let i = 0; i < families.length; i++) {
          if (!context[i]) continue;
          const n = families[i].names.length;
          values.set(row.subarray(offset + offsets[i], offset + offsets[i] + n), at);
          at += n;
        }
        memo.store(inputs, { view: ctx, values });
        return view;
      }
      const view = eventView(ev, hit.view);
      const values = hit.values;
      let at = 0;
      for (let i = 0; i < families.length; i++) {
        if (!context[i]) continue;
        const o = offset + offsets[i];
        const n = families[i].names.length;
        for (let j = 0; j < n; j++) row[o + j] = values[at + j];
        at += n;
      }
      for (let k = 0; k < order.length; k++) {
        const i = order[k];
        if (!context[i]) families[i].extract(view, row, offset + offsets[i]);
      }
      return view;
    },
  };
}
