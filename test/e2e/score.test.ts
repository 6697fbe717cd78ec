// `oddspawn score` (the real CLI) over every file of the shared labelled data: it never fails, and every event comes
// out with problemchild.* and oddspawn.classifier.* (Elastic semantics: the probability of the predicted class;
// flagged events explained).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../shared-data.js';
import { runCli } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'oddspawn-e2e-score-'));

interface Scored {
  problemchild?: { prediction?: unknown; prediction_probability?: unknown };
  oddspawn?: { classifier?: { malicious_probability?: unknown; model?: unknown; threshold?: unknown; top_features?: unknown } };
}

/** What is wrong with a scored line's fields, or '' when nothing is. */
function problem(d: Scored): string {
  const pc = d.problemchild;
  const c = d.oddspawn?.classifier;
  if (!pc || !c) return 'missing problemchild or oddspawn.classifier';
  if (pc.prediction !== 0 && pc.prediction !== 1) return `prediction ${String(pc.prediction)}`;
  const p = c.malicious_probability;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) return `malicious_probability ${String(p)}`;
  const predicted = pc.prediction === 1 ? p : 1 - p;
  if (typeof pc.prediction_probability !== 'number' || Math.abs(pc.prediction_probability - predicted) > 2e-6)
    return `prediction_probability ${String(pc.prediction_probability)} is not that of the predicted class (${predicted})`;
  if (typeof c.model !== 'string' || typeof c.threshold !== 'number') return 'model or threshold missing';
  if ((pc.prediction === 1) !== (p >= c.threshold)) return `prediction ${pc.prediction} disagrees with ${p} against ${c.threshold}`;
  if (!Array.isArray(c.top_features)) return 'top_features is not a list';
  if (pc.prediction === 1 && c.top_features.length === 0) return 'a flagged event without explanation';
  return '';
}

describe.skipIf(!HAS_SHARED_DATA)('oddspawn score over ../shared/data/train (real CLI)', () => {
  const files = HAS_SHARED_DATA ? readdirSync(sharedPath('train')).filter((f) => f.endsWith('.jsonl')).sort() : [];

  it.each(files)('scores every event of %s', (name) => {
    const input = sharedPath('train', name);
    const out = join(tmp, `${name}.scored.ndjson`);
    const r = runCli(['score', input, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const records = readFileSync(input, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
    const lines = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines.length).toBe(records);
    expect(r.stderr).toMatch(new RegExp(`scored ${records} events .*skipped 0; issues 0`));
    const bad: string[] = [];
    let flagged = 0;
    for (const [i, l] of lines.entries()) {
      const d = JSON.parse(l) as Scored;
      const why = problem(d);
      if (why) bad.push(`line ${i + 1}: ${why}`);
      if (d.problemchild?.prediction === 1) flagged++;
    }
    expect(bad.slice(0, 5)).toEqual([]);
    // Every file holds attacks: some events are flagged, and not all of them.
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(records);
  }, 60_000);
});
