// The classifier scores the rows it featurizes with the split scorer (the state after the columns that
// do not read the command line is memoised). On the shipped model its margins must equal the full
// QuickScorer's and the JSON tree walk's bit for bit: on every real event, on the same events with
// every command line made new (the cold path: names, paths and users repeat, the memo hits), and on a
// simulated organisation.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { readsCommandLine } from '../features/index.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { simulate } from '../simulate/index.js';
import { loadClassifier } from './classifier.js';
import { loadJsonl } from './data/labelled.js';
import { compile, predictRawTreeWalk, quickScorerTables, SplitScorer } from './gbdt/index.js';

function withCommandLine(ev: ProcessEvent, i: number): ProcessEvent {
  const c = ev.process?.command_line;
  return { ...ev, process: { ...ev.process, command_line: `${typeof c === 'string' ? c : ''} /cold:${i}` } };
}

describe('split scorer on the shipped model', () => {
  const clf = loadClassifier(undefined, { explain: false });
  const gbdt = clf.model.gbdt;
  const compiled = compile(gbdt);
  const row = new Float32Array(clf.features.names.length);

  function check(events: ProcessEvent[], walkEvery: number): { hits: number; differ: number } {
    const sc = new SplitScorer(quickScorerTables(compiled.flat), (c) => !readsCommandLine(clf.features.names[c]));
    let differ = 0;
    events.forEach((ev, i) => {
      clf.features.featurize(ev, row, 0);
      const split = sc.raw32(row, 0);
      if (!Object.is(split, compiled.predictRaw(row, 0))) differ++;
      if (i % walkEvery === 0 && !Object.is(split, predictRawTreeWalk(gbdt, Array.from(row)))) differ++;
    });
    return { hits: sc.stats().hits, differ };
  }

  it('calls only command-line columns per-row', () => {
    const dynamic = clf.features.names.filter(readsCommandLine);
    expect(dynamic).toContain('cmd.length');
    expect(dynamic).toContain('hash.cmd_trigram.0');
    expect(dynamic).toContain('lolbin.certutil_download');
    expect(dynamic).not.toContain('lolbin.cap_shell');
    expect(dynamic).not.toContain('hash.parent_name.0');
    expect(dynamic).not.toContain('masq.name_entropy');
  });

  it.skipIf(!HAS_SHARED_DATA)('equals QuickScorer and the tree walk on real events, warm and cold', () => {
    const dir = sharedPath('train');
    const events: ProcessEvent[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) events.push(...loadJsonl(join(dir, f)).all);
    expect(events.length).toBeGreaterThan(8000);
    const cold = events.map(withCommandLine);
    const r = check([...events, ...cold], 4);
    expect(r.differ).toBe(0);
    // the cold copies reuse the memoised static states
    expect(r.hits).toBeGreaterThan(events.length);
    // and the classifier's own path (the split scorer) gives the same probabilities
    let differ = 0;
    for (const ev of cold) {
      clf.features.featurize(ev, row, 0);
      const want = clf.probability(ev);
      clf.features.featurize(ev, row, 0);
      if (want !== compiled.predictProba(row, 0)) differ++;
    }
    expect(differ).toBe(0);
  }, 60_000);

  it('equals QuickScorer and the tree walk on a simulated organisation', async () => {
    const events: ProcessEvent[] = [];
    for await (const ev of simulate({ users: 4, days: 1, seed: 31 })) events.push(ev);
    expect(events.length).toBeGreaterThan(500);
    const r = check([...events, ...events.map(withCommandLine)], 2);
    expect(r.differ).toBe(0);
    expect(r.hits).toBeGreaterThan(0);
  }, 60_000);
});
