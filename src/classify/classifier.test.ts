import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { CARET_CMD, CERTUTIL, EMPTY, LOOKALIKE } from '../features/golden-events.test-fixtures.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { defaultModelPath, loadClassifier } from './classifier.js';
import { loadJsonl } from './data/labelled.js';
import { parseOverrides } from './overrides.js';
import { compile, treeShap } from './gbdt/index.js';

describe('the shipped model', () => {
  const path = defaultModelPath();

  it('loads, is under 10 MB and names its sources and licences', () => {
    expect(statSync(path).size).toBeLessThan(10 * 1024 * 1024);
    const clf = loadClassifier();
    expect(clf.model.model_id).toBe('oddspawn_20261128_2');
    expect(clf.threshold).toBeGreaterThan(0);
    const train = clf.model.sources.filter((s) => s.role === 'train').map((s) => s.name);
    expect(train).not.toContain('evtx-attack-samples');
    expect(train).not.toContain('lolbas-generated');
    for (const s of clf.model.sources) expect(s.licence).not.toMatch(/GPL/);
  });

  it('scores fields with Elastic semantics and explains malicious predictions', () => {
    const clf = loadClassifier();
    for (const ev of [CERTUTIL, CARET_CMD, LOOKALIKE, EMPTY]) {
      const d = clf.toScoredDocument(ev);
      const p = d.oddspawn.classifier.malicious_probability;
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(d.problemchild.prediction).toBe(p >= clf.threshold ? 1 : 0);
      expect(d.problemchild.prediction_probability).toBeCloseTo(d.problemchild.prediction ? p : 1 - p, 5);
      if (d.problemchild.prediction) {
        expect(d.oddspawn.classifier.top_features.length).toBeGreaterThan(0);
        for (const f of d.oddspawn.classifier.top_features) {
          expect(clf.features.names).toContain(f.feature);
          expect(f.description.length).toBeGreaterThan(5);
        }
      }
    }
    const c = clf.toScoredDocument(CERTUTIL);
    expect(c.problemchild.prediction).toBe(1);
    expect(c.oddspawn.classifier.model).toBe('oddspawn_20261128_2');
  });

  it('top features are the largest TreeSHAP terms, which add up to the raw margin', () => {
    const clf = loadClassifier();
    const d = clf.toScoredDocument(CERTUTIL);
    const contribs = d.oddspawn.classifier.top_features.map((f) => Math.abs(f.contribution));
    expect([...contribs].sort((a, b) => b - a)).toEqual(contribs);
    const row = new Float32Array(clf.features.names.length);
    clf.features.featurize(CERTUTIL, row);
    const compiled = compile(clf.model.gbdt);
    const phi = treeShap(compiled, row);
    const sum = phi.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(compiled.predictRaw(row), 4);
    const top = d.oddspawn.classifier.top_features[0];
    expect(top.contribution).toBeCloseTo(phi[clf.features.names.indexOf(top.feature)], 3);
  });

  it('block forces malicious, allow vetoes, and the output names the entry', () => {
    const overrides = parseOverrides(
      '[{"id":"blk","action":"block","field":"process.name","operator":"equals","value":"explorer.exe","reason":"test"},' +
        '{"id":"alw","action":"allow","field":"process.name","operator":"equals","value":"certutil.exe"}]',
      'o.json',
    );
    const clf = loadClassifier(undefined, { overrides });
    const benign: ProcessEvent = { ...EMPTY, process: { name: 'explorer.exe', executable: 'C:\\Windows\\explorer.exe' } };
    const b = clf.toScoredDocument(benign);
    expect(b.problemchild.prediction).toBe(1);
    expect(b.oddspawn.classifier.override).toEqual({ action: 'block', entry: 'blk', reason: 'test' });
    const a = clf.toScoredDocument(CERTUTIL);
    expect(a.problemchild.prediction).toBe(0);
    expect(a.oddspawn.classifier.override).toEqual({ action: 'allow', entry: 'alw' });
  });
});

describe.skipIf(!HAS_SHARED_DATA)('scoring the shared training data', () => {
  it('adds the classifier fields to every event of every file', () => {
    // Scores only: explanations are covered above and cost far more than the prediction.
    const clf = loadClassifier(undefined, { explain: false });
    const dir = sharedPath('train');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
      const { all, issues } = loadJsonl(`${dir}/${f}`);
      expect(issues).toEqual([]);
      expect(all.length).toBeGreaterThan(100);
      let bad = 0;
      for (const ev of all) {
        const d = clf.toScoredDocument(ev);
        const ok =
          (d.problemchild.prediction === 0 || d.problemchild.prediction === 1) &&
          Number.isFinite(d.problemchild.prediction_probability) &&
          Number.isFinite(d.oddspawn.classifier.malicious_probability) &&
          d.oddspawn.classifier.model === clf.model.model_id &&
          d.oddspawn.classifier.threshold === clf.threshold;
        if (!ok) bad++;
      }
      expect(bad).toBe(0);
    }
  }, 240_000);
});
