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
import { InputMemo, variantHash } from './input-memo.js';

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

  // One command line under many parents and accounts (fresh objects and strings for every lookup, as a
  // reader's). alike(i, spread): parent executables of one length and the same first and last
  // characters; the middle one (index 7 of 14) takes `spread` values, so up to V / spread of them hash alike and only
  // === tells them apart.
  const V = 90;
  const values: unknown[] = ['S-1-5-18', 'S-1-5-21-1-2-3-1001', 42, -0, true, null, 'Ω \ud800', 10n];
  const alike = (i: number, spread: number): string =>
    `C:\\T\\${String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26), 65 + (i % spread))}\\p.exe`;
  const variant = (i: number, spread: number): ProcessEvent => {
    const v = {
      process: {
        command_line: '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
        name: 'conhost.exe',
        integrity_level: 'x',
        parent: { name: `p${i % 5}.exe`, executable: alike(i, spread) },
      },
      user: i % 3 === 0 ? { id: values[i % 2] } : { name: `u${i % 4}`, domain: 'corp' },
    };
    const fresh = JSON.parse(JSON.stringify(v)) as ProcessEvent;
    (fresh.process as { integrity_level: unknown }).integrity_level = values[i % values.length];
    return fresh;
  };
  const fill = (memo: InputMemo, spread: number): void => {
    for (let i = 0; i < V; i++) {
      expect(memo.lookup(variant(i, spread))).toBeUndefined();
      memo.store(i);
    }
  };

  it('finds every variant of a line with many parents and accounts, comparing all inputs', () => {
    const memo = new InputMemo();
    fill(memo, 26);
    expect(memo.size).toBe(V);
    for (let round = 0; round < 2; round++)
      for (let i = V - 1; i >= 0; i--) expect(memo.lookup(variant(i, 26))).toBe(i);
    expect(memo.hits).toBe(2 * V);
    expect(memo.size).toBe(V);
    // NaN is never === itself: such an event misses, as it did before the line was indexed
    const nan = variant(1, 26);
    (nan.process as { integrity_level: unknown }).integrity_level = NaN;
    expect(memo.lookup(nan)).toBeUndefined();
    memo.store(7);
    expect(memo.lookup(nan)).toBeUndefined();
    // 0 and -0 are ===, an unseen parent is not
    const zero = variant(3, 26);
    (zero.process as { integrity_level: unknown }).integrity_level = 0;
    expect(memo.lookup(zero)).toBe(3);
    const other = variant(4, 26);
    (other.process.parent as { executable: string }).executable = alike(V + 1, 26);
    expect(memo.lookup(other)).toBeUndefined();
  });

  it('never returns another variant\'s margin when all variants hash alike', () => {
    const memo = new InputMemo();
    fill(memo, 1);
    let hits = 0;
    for (let i = V - 1; i >= 0; i--) {
      const got = memo.lookup(variant(i, 1));
      if (got !== undefined) {
        expect(got).toBe(i);
        hits++;
      }
    }
    // the newest entries of the one hash chain are always found
    expect(hits).toBeGreaterThanOrEqual(8);
  });

  it('chains an indexed line again after the table is dropped', () => {
    const memo = new InputMemo(20);
    const ev = (parent: string, cmd = 'a b'): ProcessEvent => ({ process: { command_line: cmd, parent: { name: parent } } }) as unknown as ProcessEvent;
    const stored = (n: number, from = 0): void => {
      for (let i = from; i < from + n; i++) {
        expect(memo.lookup(ev(`p${i}`))).toBeUndefined();
        memo.store(i);
      }
    };
    stored(12);
    for (let i = 0; i < 12; i++) expect(memo.lookup(ev(`p${i}`))).toBe(i);
    stored(8, 12);
    expect(memo.size).toBe(20);
    // full: the next store drops everything, and the line starts a plain chain
    expect(memo.lookup(ev('q'))).toBeUndefined();
    memo.store(100);
    expect(memo.size).toBe(1);
    expect(memo.lookup(ev('p0'))).toBeUndefined();
    memo.store(0);
    expect([memo.lookup(ev('q')), memo.lookup(ev('p0')), memo.lookup(ev('p1'))]).toEqual([100, 0, undefined]);
  });

  it('hashes === inputs alike', () => {
    const a = ['x', 'abc', undefined, true, false, null, 0, 1.5, Symbol.for('s'), 3n, '', 'C:\\w\\p.exe', 'S-1-5-18', 'High', 'b'];
    const b = a.map((v) => (typeof v === 'string' ? JSON.parse(JSON.stringify(v)) as string : v === 0 ? -0 : v));
    expect(variantHash(b, 0, 3)).toBe(variantHash(a, 0, 3));
    expect(variantHash([0, ...a], 1, 3)).toBe(variantHash(a, 0, 3));
    expect(variantHash(a, 0, 4)).not.toBe(variantHash(a, 0, 3));
    expect(variantHash(a, 0, 3)).toBeGreaterThanOrEqual(0);
  });

  it('scores a stream with lines of many variants exactly as featurizing every event does', async () => {
    const evs = await stream();
    // the same command lines under many parents and accounts, interleaved
    const mixed: ProcessEvent[] = [];
    const parents = ['explorer.exe', 'cmd.exe', 'powershell.exe', 'winword.exe', 'svchost.exe', 'services.exe'];
    evs.slice(0, 400).forEach((ev, i) => {
      mixed.push(ev);
      const v = JSON.parse(JSON.stringify(ev)) as { process: Record<string, unknown>; user?: Record<string, unknown> };
      const p = parents[i % parents.length];
      v.process.parent = { name: p, executable: `C:\\Windows\\System32\\${p}` };
      v.user = i % 4 === 0 ? { id: 'S-1-5-18' } : { id: `S-1-5-21-9-${i % 7}`, name: `u${i % 5}` };
      v.process.integrity_level = ['High', 'Medium', 'System'][i % 3];
      mixed.push(v as unknown as ProcessEvent);
    });
    const clf = loadClassifier(undefined, { explain: false });
    const reference = loadClassifier(undefined, { explain: false });
    const compiled = compile(clf.model.gbdt);
    const row = new Float32Array(clf.features.names.length);
    let differ = 0;
    for (let pass = 0; pass < 3; pass++)
      for (const ev of mixed) {
        reference.features.featurize(ev, row, 0);
        const want = applyCalibration(compiled.flat.calibration, compiled.predictRaw(row, 0));
        if (!Object.is(clf.probability(ev), want)) differ++;
      }
    expect(differ).toBe(0);
    expect(clf.memoStats!().inputHits).toBeGreaterThan(mixed.length * 2);
  }, 60_000);
});
