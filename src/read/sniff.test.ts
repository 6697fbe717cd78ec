import { describe, expect, it } from 'vitest';
import { sniffFormat } from './sniff.js';

const b = (s: string): Buffer => Buffer.from(s);

describe('sniffFormat', () => {
  it.each([
    ['NDJSON', '{"a":1}\n{"a":2}\n', 'ndjson'],
    ['NDJSON with leading blank lines and BOM', '\ufeff\n\n{"a":1}\n', 'ndjson'],
    ['NDJSON whose first line is broken', '{"a":\n{"a":2}\n{"a":3}\n', 'ndjson'],
    ['NDJSON of hits', '{"_index":"i","_id":"1","_source":{"a":1}}\n', 'ndjson'],
    ['NDJSON whose first line is a non-response object with a hits field', '{"hits":[1,2]}\n{"a":2}\n', 'ndjson'],
    ['a one-line search response', '{"took":1,"hits":{"hits":[]}}\n', 'document'],
    ['a pretty-printed search response', '{\n  "took": 1,\n  "hits": {\n    "hits": []\n  }\n}\n', 'document'],
    ['a pretty-printed single event', '{\n  "process": {\n    "name": "cmd.exe"\n  }\n}\n', 'document'],
    ['a JSON array', '  [\n{"a":1}]', 'document'],
    ['text that is not JSON', 'hello world\n', 'ndjson'],
    ['whitespace only', ' \n\r\n', 'empty'],
    ['nothing', '', 'empty'],
  ])('%s → %s', (_label, text, expected) => {
    expect(sniffFormat(b(text), true)).toBe(expected);
  });

  it('decides a first line longer than the window by the "hits" key', () => {
    expect(sniffFormat(b(`{"took":1,"hits" : {"total":1,"hits":[{"_source":{"x":"${'a'.repeat(100)}`), false)).toBe('document');
    expect(sniffFormat(b(`{"process.name":"cmd.exe","x":"${'a'.repeat(100)}`), false)).toBe('ndjson');
  });

  it('recognizes EVTX and UTF-16 by their magic bytes', () => {
    expect(sniffFormat(Buffer.concat([Buffer.from('ElfFile\0', 'latin1'), Buffer.alloc(100)]), false)).toBe('evtx');
    expect(sniffFormat(Buffer.from('\ufeff{"a":1}', 'utf16le'), true)).toBe('utf16');
  });

  it('does not call a window that is only whitespace so far empty when more input follows', () => {
    expect(sniffFormat(b('   '), false)).toBe('ndjson');
  });
});
