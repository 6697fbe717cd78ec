import { describe, expect, it } from 'vitest';
import { isoTime, splitArgs } from './event.js';

describe('simulate: event helpers', () => {
  it('splits command lines the Windows way', () => {
    expect(splitArgs('net  user /domain')).toEqual(['net', 'user', '/domain']);
    expect(splitArgs('"C:\\Program Files\\A b\\x.exe" --flag "two words" tail')).toEqual(['C:\\Program Files\\A b\\x.exe', '--flag', 'two words', 'tail']);
    expect(splitArgs('"x.exe" ')).toEqual(['x.exe']);
    expect(splitArgs('a "" b')).toEqual(['a', '', 'b']);
    expect(splitArgs('--url="a b"c')).toEqual(['--url=a bc']);
    expect(splitArgs('')).toEqual([]);
  });

  it('formats timestamps exactly like toISOString', () => {
    for (const t of [0, 1, 999, 1000, 1_740_960_000_123, 1_740_960_000_045, 1_740_960_000_007, 1_740_960_001_000, 1_740_960_000_999]) {
      expect(isoTime(t)).toBe(new Date(t).toISOString());
    }
  });
});
