import { describe, expect, it } from 'vitest';
import { compileQueryText } from './evaluate.js';
import { parseQuery, queryFields, QuerySyntaxError } from './parse.js';

const doc = {
  process: {
    name: 'certutil.exe',
    executable: 'C:\\Windows\\System32\\certutil.exe',
    args: ['certutil.exe', '-urlcache', '-f'],
    parent: { name: 'WINWORD.EXE' },
  },
  user: { id: 'S-1-5-21-1' },
  problemchild: { prediction: 1, prediction_probability: 0.991 },
  'event.code': '1',
  flag: true,
};
const q = (s: string): boolean => compileQueryText(s)(doc);

describe('query language', () => {
  it('compares strings exactly and numbers numerically', () => {
    expect(q('process.name == "certutil.exe"')).toBe(true);
    expect(q('process.name == "CERTUTIL.EXE"')).toBe(false);
    expect(q('problemchild.prediction_probability > 0.98')).toBe(true);
    expect(q('problemchild.prediction_probability <= 0.98')).toBe(false);
    expect(q('problemchild.prediction_probability >= 0.991 and problemchild.prediction_probability < 1')).toBe(true);
    expect(q('event.code == 1')).toBe(true);
    expect(q('flag == true')).toBe(true);
    expect(q('process.name != "cmd.exe"')).toBe(true);
  });

  it('has and/or/not with precedence and parentheses', () => {
    expect(q('process.name == "x" or process.name == "certutil.exe" and user.id == "S-1-5-21-1"')).toBe(true);
    expect(q('(process.name == "x" or process.name == "certutil.exe") and user.id == "nope"')).toBe(false);
    expect(q('not process.name == "x" and not (user.id == "a" or user.id == "b")')).toBe(true);
    expect(q('NOT process.name == "certutil.exe"')).toBe(false);
  });

  it('in, not in and case-insensitive in~', () => {
    expect(q('user.id in ("S-1-5-18", "S-1-5-21-1")')).toBe(true);
    expect(q('not user.id in ("S-1-5-18", "S-1-5-19", "S-1-5-20")')).toBe(true);
    expect(q('process.parent.name not in ("winword.exe")')).toBe(true);
    expect(q('process.parent.name in~ ("winword.exe")')).toBe(true);
  });

  it('wildcards with `:` are case-insensitive and cross path separators; arrays match any element', () => {
    expect(q('process.executable : "c:\\windows\\*\\CERTUTIL.exe"')).toBe(true);
    expect(q('process.executable : "C:\\Program Files*\\*.exe"')).toBe(false);
    expect(q('process.name : ("cmd.exe", "cert*")')).toBe(true);
    expect(q('process.name : ("cmd.exe" or "certutil.ex?")')).toBe(true);
    expect(q('process.args : "-urlcache"')).toBe(true);
    expect(q('process.name : certutil.exe')).toBe(true);
  });

  it('null checks, KQL exists, flat dotted keys and missing fields', () => {
    expect(q('process.parent.executable == null')).toBe(true);
    expect(q('process.parent.executable != null')).toBe(false);
    expect(q('process.parent.name : *')).toBe(true);
    expect(q('nothing.here == "x"')).toBe(false);
    expect(q('nothing.here != "x"')).toBe(true);
    expect(q('nothing.here > 1')).toBe(false);
  });

  it('ignores an EQL category prefix and lists the fields it reads', () => {
    expect(q('process where process.name == "certutil.exe"')).toBe(true);
    expect(queryFields(parseQuery('a == 1 and (b : "x" or not c in (1, 2)) and a != null'))).toEqual(['a', 'b', 'c']);
  });

  it('reports syntax errors with their column', () => {
    const bad: Array<[string, RegExp]> = [
      ['process.name ==', /expected a value but found end of query at column 16/],
      ['process.name = "x"', /unexpected '=' at column 14/],
      ['(a == 1', /expected '\)'/],
      ['a == "x', /unterminated string at column 6/],
      ['a > "x"', /a number after '>'/],
      ['a == 1 b == 2', /expected 'and', 'or' or end of query but found 'b' at column 8/],
    ];
    for (const [src, re] of bad) {
      expect(() => parseQuery(src), src).toThrow(QuerySyntaxError);
      expect(() => parseQuery(src), src).toThrow(re);
    }
  });
});
