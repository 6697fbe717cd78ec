import { describe, expect, it } from 'vitest';
import type { ProcessEvent } from '../normalize/process-event.js';
import { scalarFamily } from './family.js';
import { BoundedMemo, memoFamily, memoized, tupleKey } from './memo.js';
import { eventView } from './view.js';

describe('bounded memos', () => {
  it('clears when full instead of growing', () => {
    const m = new BoundedMemo<number>(3);
    for (let i = 0; i < 3; i++) m.set(`k${i}`, i);
    expect(m.size).toBe(3);
    expect(m.get('k1')).toBe(1);
    m.set('k3', 3);
    expect(m.size).toBe(1);
    expect(m.get('k0')).toBeUndefined();
    expect(m.get('k3')).toBe(3);
  });

  it('memoized calls the function once per key', () => {
    let calls = 0;
    const f = memoized(16, (s: string) => (calls++, s.length));
    expect([f('abc'), f('abc'), f('de')]).toEqual([3, 3, 2]);
    expect(calls).toBe(2);
  });

  it('tuple keys cannot collide across part boundaries', () => {
    expect(tupleKey('a', 'bc')).not.toBe(tupleKey('ab', 'c'));
    expect(tupleKey('1:a', '')).not.toBe(tupleKey('1', 'a'));
    expect(tupleKey('x', 'y', 'z')).toBe(tupleKey('x', 'y', 'z'));
  });

  it('a memoised family writes the same slice on a hit as on the miss, at any offset', () => {
    let calls = 0;
    const fam = scalarFamily('t', [
      { id: 'len', value: (v) => (calls++, v.cmd.length), describe: () => 'len' },
      { id: 'name', value: (v) => (v.name === 'a.exe' ? 1 : NaN), describe: () => 'name' },
    ]);
    const memo = memoFamily(fam, 8, (v) => v.cmd, (v) => v.name);
    const a = eventView({ process: { name: 'a.exe', command_line: 'a.exe /x' } } as ProcessEvent);
    const b = eventView({ process: { name: 'b.exe', command_line: 'a.exe /x' } } as ProcessEvent);
    const row = new Float32Array(6).fill(-1);
    memo.extract(a, row, 1);
    memo.extract(a, row, 3);
    expect(Array.from(row)).toEqual([-1, 8, 1, 8, 1, -1]);
    expect(calls).toBe(1);
    memo.extract(b, row, 0);
    expect(row[0]).toBe(8);
    expect(row[1]).toBeNaN();
    expect(calls).toBe(2);
    expect(memo.names).toEqual(['t.len', 't.name']);
  });
});
