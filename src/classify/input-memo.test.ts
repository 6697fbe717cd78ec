// The classifier's input memo skips featurization for events whose inputs it has seen together: its
// probabilities must be exactly those of featurizing and scoring every event (a simulated stream in
// time order, with hostile variants interleaved: the same command line under other parents and
// accounts, odd value types, an event object mutated and scored again), and explanations must be
// those of a classifier that never memoised anything.

import { describe, expect, it } from 'vitest';
import type { ProcessEvent } from '../normalize/process-event.js';
import { simulate } from '../simulate/index.js';
import { createClassifier, loadClassifier } from './classifier.js';
import { applyCalibration, compile } from './gbdt/index.js';
import { InputMemo } from './input-memo.js';

async function stream(): Promise<ProcessEvent[]> {
  const out: ProcessEvent[] = [];
  let k = 0;
  for await (const ev of simulate({ users: 6, days: 2, attacks: 2, seed: 7 })) {
    out.push(ev);
    if (k++ % 7 === 0) {
      const v = JSON.parse(JSON.stringify(ev)) as { process: Record<string, unknown>; user: Record<string, unknown> };
      const variants: Array<(e: typeof v) => void> = [
        (e) => (e.process.parent = { name: 'winword.exe', executable: 'C:\\Program Files\\Office\\WINWORD.EXE' }),
        (e) => (e.user = { id: 'S-1-5-18' }),
        (e) => (e.user = { name: 'svc$', domain: 'corp' }),
        (e) => (e.process.name = 42),
        (e) => (e.process.integrity_level = NaN),
        (e) => (e.process.pe = { original_file_name: ['x'] }),
        (e) => (e.process.executable = 'C:\\Users\\Public\\' + String(e.process.name)),
      ];
      variants[k % variants.length](v);
      out.push(v as unknown as ProcessEvent, ev);
    }
  }
  return out;
}

describe('input memo', () => {
  it('scores a stream exactly as featurizing every event does', async () => {
    const evs = await stream();
    const clf = loadClassifier(undefined, { explain: false });
    const reference = loadClassifier(undefined, { explain: false });
    const compiled = compile(clf.model.gbdt);
    const row = new Float32Array(clf.features.names.length);
    let differ = 0;
    for (let pass = 0; pass < 2; pass++)
      for (const ev of evs) {
        reference.features.featurize(ev, row, 0);
        const want = applyCalibration(compiled.flat.calibration, compiled.predictRaw(row, 0));
        if (!Object.is(clf.probability(ev), want)) differ++;
      }
    expect(differ).toBe(0);
    const st = clf.memoStats!();
    expect(st.inputHits).toBeGreaterThan(evs.length);
    expect(st.rows).toBeLessThan(evs.length);
  }, 60_000);

  it('sees a mutated event object as the new event it is', () => {
    const clf = loadClassifier(undefined, { explain: false });
    const fresh = (): ReturnType<typeof loadClassifier> => loadClassifier(undefined, { explain: false });
    const ev = { process: { name: 'powershell.exe', executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', command_line: 'powershell -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA', parent: { name: 'explorer.exe' } }, user: { id: 'S-1-5-21-1' } } as unknown as ProcessEvent;
    const p1 = clf.probability(ev);
    expect(clf.probability(ev)).toBe(p1);
    (ev.process.parent as { name: string }).name = 'winword.exe';
    expect(clf.probability(ev)).toBe(fresh().probability(ev));
    ev.user.id = 'S-1-5-18';
    expect(clf.probability(ev)).toBe(fresh().probability(ev));
  });

  it('explains a memoised event as a fresh classifier does', async () => {
    const evs = (await stream()).slice(0, 3000);
    const clf = loadClassifier();
    let explained = 0;
    for (const ev of evs) {
      const got = clf.classify(ev);
      if (got.classifier.top_features.length === 0) continue;
      explained++;
      expect(got).toEqual(createClassifier(clf.model).classify(ev));
      // and again, now from the memo
      expect(clf.classify(ev)).toEqual(got);
    }
    expect(explained).toBeGreaterThan(0);
  }, 60_000);

  it('chains entries per command line and drops everything when full', () => {
    const memo = new InputMemo(3);
    const ev = (parent: string, cmd = 'a b'): ProcessEvent => ({ process: { command_line: cmd, parent: { name: parent } } }) as unknown as ProcessEvent;
    for (const [i, p] of ['x', 'y', 'z'].entries()) {
      expect(memo.lookup(ev(p))).toBeUndefined();
      memo.store(i);
    }
    expect([memo.lookup(ev('x')), memo.lookup(ev('y')), memo.lookup(ev('z'))]).toEqual([0, 1, 2]);
    expect(memo.lookup(ev('w'))).toBeUndefined();
    memo.store(3);
    expect(memo.size).toBe(1);
    expect([memo.lookup(ev('x')), memo.lookup(ev('w'))]).toEqual([undefined, 3]);
    // an event it cannot key is never stored
    expect(memo.lookup({ process: { command_line: '' } } as unknown as ProcessEvent)).toBeUndefined();
    memo.store(9);
    expect(memo.size).toBe(1);
  });
});
