import { describe, expect, it } from 'vitest';
import { jsonStringBound, putJsonString, putNumber } from './json-bytes.js';
import { Prng } from './prng.js';

function encode(s: string): string {
  const b = new Uint8Array(jsonStringBound(s));
  return Buffer.from(b.subarray(0, putJsonString(b, 0, s))).toString('hex');
}

const expected = (s: string): string => Buffer.from(JSON.stringify(s), 'utf8').toString('hex');

describe('simulate: JSON bytes', () => {
  it('escapes strings exactly as JSON.stringify + UTF-8', () => {
    const cases = [
      '', 'plain', 'C:\\Windows\\System32\\cmd.exe', '"quoted" and \\"escaped\\"', '\b\f\n\r\t', '\u0000\u0001\u001f\u007f',
      'é ß ü Ω', 'ḱ € \u2028 \u2029 \uffff', '😀 𝒳', '\ud800', '\udfff', 'a\ud800b', 'x\udc00\ud800y', '\ud83d', 'end\ud83d',
      'Müller\\Documents\\"Q1 report".docx', '<script>&amp;</script>', '\u0080\u07ff\u0800',
    ];
    for (const s of cases) expect(encode(s), JSON.stringify(s)).toBe(expected(s));
  });

  it('matches JSON.stringify on random strings over all of UTF-16', () => {
    const r = new Prng(3, 'json-bytes');
    for (let n = 0; n < 3000; n++) {
      let s = '';
      const len = r.int(0, 40);
      for (let i = 0; i < len; i++) {
        const pick = r.int(0, 5);
        const c = pick === 0 ? r.int(0, 0x1f) : pick === 1 ? r.int(0xd800, 0xdfff) : pick === 2 ? r.int(0x80, 0xffff) : pick === 3 ? r.pick([34, 92]) : r.int(0x20, 0x7e);
        s += String.fromCharCode(c);
      }
      expect(encode(s)).toBe(expected(s));
    }
  });

  it('writes numbers as JSON.stringify does', () => {
    for (const x of [0, 7, 9, 10, 24, 5996, 23996, 4294967295, -1, 1.5, 1e21]) {
      const b = new Uint8Array(32);
      expect(Buffer.from(b.subarray(0, putNumber(b, 0, x))).toString()).toBe(JSON.stringify(x));
    }
  });
});
