// Featurization of an event whose command line is new but whose context (every other input of
// features/inputs.ts) was seen before: the families that never read the command line get the values
// computed then, and the view reuses the path and name lookups made then (view.ts ViewContext).
// Only the command-line families and the parity fields run. The row is the one featureSet.featurize
// writes: those families' values and the view's context are pure functions of the context inputs,
// which the memo compares with === (context-featurize.test.ts checks the rows on real and hostile events).

import type { FeatureSet } from '../features/index.js';
import type { KnownLine } from '../features/parity-normalize.js';
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
   * readFeatureInputs' values for ev (undefined: ev cannot be keyed, featurized in full); `line`: its
   * command line as the caller holds it (parity-normalize.ts KnownLine).
   */
  featurize(ev: ProcessEvent, inputs: readonly unknown[] | undefined, row: Float32Array, offset: number, line?: KnownLine): EventView;
  readonly memo: ContextMemo<ContextEntry>;
}

export function contextFeaturizer(features: FeatureSet, capacity?: number): ContextFeaturizer {
  const { families, offsets } = features;
  const context = families.map((f) => CONTEXT_FAMILIES.has(f.id));
  let contextWidth = 0;
  for (let i = 0; i < families.length; i++) if (context[i]) contextWidth += families[i].names.length;
  const memo = new ContextMemo<ContextEntry>(capacity);

  return {
    memo,
    featurize(ev, inputs, row, offset, line) {
      if (inputs === undefined || contextWidth === 0) {
        const view = eventView(ev, viewContext(ev), line);
        features.extract(view, row, offset);
        return view;
      }
      const hit = memo.lookup(inputs);
      if (hit === undefined) {
        const ctx = viewContext(ev);
        const view = eventView(ev, ctx, line);
        features.extract(view, row, offset);
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
      const view = eventView(ev, hit.view, line);
      const values = hit.values;
      let at = 0;
      for (let i = 0; i < families.length; i++) {
        if (!context[i]) continue;
        const o = offset + offsets[i];
        const n = families[i].names.length;
        for (let j = 0; j < n; j++) row[o + j] = values[at + j];
        at += n;
      }
      features.extract(view, row, offset, context);
      return view;
    },
  };
}
