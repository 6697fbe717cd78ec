// The classifier featurizes straight into the split scorer's row (in the scorer's wasm memory): on
// the shipped model that row must score as the JSON tree walk does on every real event and their
// cold copies (new command lines), a simulated organisation, and hostile rows (real rows with
// columns set to NaN, ±0, ±Infinity, huge and tiny values); a foreign row is copied in whole, and
// one that does not fit is refused.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { readsCommandLine } from '../features/index.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { simulate } from '../simulate/index.js';
import { loadClassifier } from './classifier.js';
import { loadJsonl } from './data/labelled.js';
import { predictRawTreeWalk, quickScorerTables, SplitScorer } from './gbdt/index.js';
import { compile } from './gbdt/compile.js';
import { Rng } from './gbdt/prng.js';

function withCommandLine(ev: ProcessEvent, i: number): ProcessEvent {
  const c = ev.process?.command_line;
  return { ...ev, process: { ...ev.process, command_line: `${typeof c === 'string' ? c : ''} -x${i} é\u{1F600}\uD800` } };
}

describe('split scorer row on the shipped model', () => {
  const clf = loadClassifier(undefined, { explain: false });
  const gbdt = clf.model.gbdt;
  const W = clf.features.names.length;
  const tables = quickScorerTables(compile(gbdt).flat);
  const isStatic = (c: number): boolean => !readsCommandLine(clf.features.names[c]);

  /** Featurizes each event into the scorer's own row, then perturbs it: every margin must be the walk's. */
  function check(events: ProcessEvent[], hostileEvery: number): number {
    const sc = new SplitScorer(tables, isStatic, 256, W);
    expect(sc.row.length).toBe(W);
    const rng = new Rng(17);
    const odd = [NaN, 0, -0, Infinity, -Infinity, 1e-45, 3.4e38, -1, 0.5];
    let differ = 0;
    events.forEach((ev, i) => {
      clf.features.featurize(ev, sc.row, 0);
      if (!Object.is(sc.raw32(sc.row, 0), predictRawTreeWalk(gbdt, Array.from(sc.row)))) differ++;
      if (i % hostileEvery === 0) {
        for (let k = 0; k < 12; k++) sc.row[tables.usedFeatures[rng.int(tables.usedFeatures.length)]] = odd[rng.int(odd.length)];
        if (!Object.is(sc.raw32(sc.row, 0), predictRawTreeWalk(gbdt, Array.from(sc.row)))) differ++;
      }
    });
    return differ;
  }

  it.skipIf(!HAS_SHARED_DATA)('equals the tree walk on real events, their cold copies and hostile rows', () => {
    const dir = sharedPath('train');
    const events: ProcessEvent[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) events.push(...loadJsonl(join(dir, f)).all);
    expect(events.length).toBeGreaterThan(8000);
    expect(check([...events, ...events.map(withCommandLine)], 3)).toBe(0);
  }, 60_000);

  it('equals the tree walk on a simulated organisation and hostile rows', async () => {
    const events: ProcessEvent[] = [];
    for await (const ev of simulate({ users: 4, days: 1, seed: 32 })) events.push(ev);
    expect(events.length).toBeGreaterThan(500);
    expect(check([...events, ...events.map(withCommandLine)], 2)).toBe(0);
  }, 60_000);

  it('copies a foreign row in whole and refuses one that does not fit', () => {
    const sc = new SplitScorer(tables, isStatic, 16, W);
    const rows = new Float32Array(3 * W);
    const rng = new Rng(3);
    for (let i = 0; i < rows.length; i++) rows[i] = rng.next() < 0.5 ? 0 : rng.int(5);
    for (let r = 0; r < 3; r++) expect(sc.raw32(rows, r * W)).toBe(predictRawTreeWalk(gbdt, rows, r * W));
    expect(() => sc.raw32(rows, 2 * W + 1)).toThrow(RangeError);
    expect(() => sc.raw32(new Float32Array(W - 1), 0)).toThrow(RangeError);
  });
});
