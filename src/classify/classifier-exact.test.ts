// The fast scoring path (QuickScorer over the reused row) must give the shipped model's exact
// probabilities: every real labelled event is scored through the classifier and through the generic
// JSON tree walk over a plain-array copy of its feature row, and the two must be equal, not close.
// Nothing here depends on which model file is shipped.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { loadClassifier } from './classifier.js';
import { loadJsonl } from './data/labelled.js';
import { applyCalibration, predictRawTreeWalk } from './gbdt/index.js';

describe.skipIf(!HAS_SHARED_DATA)('shipped model: fast path equals the generic tree walk', () => {
  it('gives identical probabilities for every event of ../shared/data/train', () => {
    const dir = sharedPath('train');
    const events: ProcessEvent[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) events.push(...loadJsonl(join(dir, f)).all);
    expect(events.length).toBeGreaterThan(8000);
    const clf = loadClassifier(undefined, { explain: false });
    const gbdt = clf.model.gbdt;
    const row = new Float32Array(clf.features.names.length);
    let differ = 0;
    let flagged = 0;
    for (const ev of events) {
      const fast = clf.probability(ev);
      clf.features.featurize(ev, row, 0);
      const slow = applyCalibration(gbdt.calibration, predictRawTreeWalk(gbdt, Array.from(row)));
      if (fast !== slow) differ++;
      if (clf.classify(ev).classifier.malicious_probability !== Math.round(slow * 1e6) / 1e6) differ++;
      if (slow >= clf.threshold) flagged++;
    }
    expect(differ).toBe(0);
    // the comparison covered both classes of outcome
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(events.length);
  }, 60_000);
});

if (!HAS_SHARED_DATA) console.warn('[classifier-exact] ../shared/data absent: fast-path equality on real events skipped');
