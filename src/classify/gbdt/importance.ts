// Global feature importance from the trees (for the model card and feature selection).

import type { GbdtModel } from './types.js';

export interface FeatureImportance {
  feature: string;
  /** Total loss reduction of the feature's splits. */
  gain: number;
  /** Number of splits on the feature. */
  splits: number;
  /** Total hessian cover of the feature's split nodes. */
  cover: number;
}

/** Importance per feature, sorted by gain (descending), then name; unused features are left out. */
export function featureImportance(model: GbdtModel): FeatureImportance[] {
  const acc = new Map<number, FeatureImportance>();
  for (const t of model.trees) {
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i];
      if (f < 0) continue;
      let e = acc.get(f);
      if (!e) {
        e = { feature: model.featureNames[f], gain: 0, splits: 0, cover: 0 };
        acc.set(f, e);
      }
      e.gain += t.gain[i];
      e.splits++;
      e.cover += t.cover[i];
    }
  }
  return [...acc.values()].sort((a, b) => b.gain - a.gain || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
}
