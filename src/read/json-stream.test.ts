import { describe, expect, it } from 'vitest';
import { JsonScanner } from './json-stream.js';

type Out = Array<[string, string, number]>;

function scan(text: string | Buffer, chunkSize: number, max = 1 << 20): Out {
  const out: Out = [];
  const s = new JsonScanner(max, {
    element: (t, kind, line) => out.push([kind, t.trim(), line]),
    bad: (code, kind, line) => out.push([kind, code, line]),
    truncated: (kind, line) => out.push([kind, 'TRUNCATED', line]),
  });
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < buf.length; i += chunkSize) s.push(buf.subarray(i, i + chunkSize));
  s.end();
  return out;
}

const sizes = [1, 2, 3, 7, 1 << 16];

describe('JsonScanner', () => {
  it.each(sizes)('cuts the elements of a top-level array, strings with escapes and brackets included (chunk %i)', (cs) => {
    const doc = '[\n {"a":"x\\"]}{[\\\\"},\n  {"b":[1,{"c":"\\\\\\""}]} ,\n 42, "s,]", null,\n [1,2]\n]\n';
    expect(scan(doc, cs)).toEqual([
      ['item', '{"a":"x\\"]}{[\\\\"}', 2],
      ['item', '{"b":[1,{"c":"\\\\\\""}]}', 3],
      ['item', '42', 4],
      ['item', '"s,]"', 4],
      ['item', 'null', 4],
      ['item', '[1,2]', 5],
    ]);
  });

  it.each(sizes)('walks into hits.hits of a search response and skips everything else (chunk %i)', (cs) => {
    const doc = JSON.stringify({
      took: 3,
      _shards: { hits: { hits: [{ wrong: 1 }] } },
      hits: { total: { value: 2 }, max_score: null, hits: [{ _id: '1', _source: { n: 1 } }, { _id: '2', _source: { n: '}' } }] },
      aggregations: { hits: { hits: [{ wrong: 2 }] } },
    });
    expect(scan(doc, cs)).toEqual([
      ['hit', '{"_id":"1","_source":{"n":1}}', 1],
      ['hit', '{"_id":"2","_source":{"n":"}"}}', 1],
    ]);
  });

  it.each(sizes)('reads several top-level values one after another (chunk %i)', (cs) => {
    const doc = '{\n  "a": 1,\n  "hits": [1]\n}\n{"hits": {"hits": [{"_source": {}}]}}\n[{"b": 2}]\n7\n';
    expect(scan(doc, cs)).toEqual([
      ['root', '{\n  "a": 1,\n  "hits": [1]\n}', 1],
      ['hit', '{"_source": {}}', 5],
      ['item', '{"b": 2}', 6],
      ['root', '7', 7],
    ]);
  });

  it.each(sizes)('keeps the complete elements of a truncated array and reports where it breaks (chunk %i)', (cs) => {
    expect(scan('[{"a":1},\n{"b":2},\n{"c":"unterminated', cs)).toEqual([
      ['item', '{"a":1}', 1],
      ['item', '{"b":2}', 2],
      ['item', 'TRUNCATED', 3],
    ]);
    expect(scan('[{"a":1},\n', cs)).toEqual([
      ['item', '{"a":1}', 1],
      ['container', 'TRUNCATED', 1],
    ]);
  });

  it('skips an element larger than the cap without keeping it and goes on', () => {
    const doc = `[{"a":1},{"big":"${'x'.repeat(5000)}"},{"b":2}]`;
    for (const cs of [3, 100, 1 << 16]) {
      expect(scan(doc, cs, 1000)).toEqual([
        ['item', '{"a":1}', 1],
        ['item', 'OS_READ_RECORD_TOO_LARGE', 1],
        ['item', '{"b":2}', 1],
      ]);
    }
  });

  it('reports an element that is not UTF-8 as binary', () => {
    const doc = Buffer.concat([Buffer.from('[{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"},{"b":1}]')]);
    expect(scan(doc, 4)).toEqual([
      ['item', 'OS_READ_BINARY', 1],
      ['item', '{"b":1}', 1],
    ]);
  });

  it('hands garbage to the caller as values (which JSON.parse then rejects) instead of losing sync', () => {
    expect(scan('[{"a":1}, oops, {"b":2}]', 5)).toEqual([
      ['item', '{"a":1}', 1],
      ['item', 'oops', 1],
      ['item', '{"b":2}', 1],
    ]);
  });
});

describe('JsonScanner, scalars at the end of input', () => {
  it.each(sizes)('ends a root scalar that spans chunks at end of input (chunk %i)', (cs) => {
    expect(scan('{"a":1}\n12345678', cs)).toEqual([
      ['root', '{"a":1}', 1],
      ['root', '12345678', 2],
    ]);
  });
});

describe('JsonScanner, randomized', () => {
  // Seeded, so a failure is reproducible.
  function rng(seed: number): () => number {
    let s = seed;
    return () => {
      s = (s * 1103515245 + 12345) >>> 0;
      return s / 4294967296;
    };
  }
  const alphabet = ['a', '"', '\\', '{', '}', '[', ']', ',', ':', 'é', '日', '🚀', '\n', '\t', ' ', '\u0000', 'hits'];

  function value(r: () => number, depth: number): unknown {
    const t = Math.floor(r() * (depth > 3 ? 4 : 6));
    if (t === 0) return Math.floor(r() * 1e6) / 100;
    if (t === 1) return r() < 0.5 ? null : r() < 0.5;
    if (t === 2 || t === 3) return Array.from({ length: Math.floor(r() * 8) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    if (t === 4) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    const o: Record<string, unknown> = {};
    for (let k = Math.floor(r() * 5); k > 0; k--) o[String(value(r, 9))] = value(r, depth + 1);
    return o;
  }

  it('cuts exactly the elements JSON.parse sees, for 200 random documents and chunkings', () => {
    const r = rng(42);
    for (let doc = 0; doc < 200; doc++) {
      const items = Array.from({ length: 1 + Math.floor(r() * 6) }, () => value(r, 0));
      const text = r() < 0.5 ? JSON.stringify(items) : JSON.stringify(items, null, 2);
      const cs = 1 + Math.floor(r() * 40);
      const got = scan(text, cs).map(([kind, t]) => {
        expect(kind).toBe('item');
        return JSON.parse(t) as unknown;
      });
      expect(got).toEqual(items);
    }
  });
});

describe('JsonScanner, scroll dumps', () => {
  it.each(sizes)('streams the hits of each response in a top-level array, and still cuts plain items (chunk %i)', (cs) => {
    const page = (a: number, b: number): string =>
      JSON.stringify({ _scroll_id: 'x', took: 1, hits: { total: 2, hits: [{ _source: { n: a } }, { _source: { n: b } }] } });
    const doc = `[\n${page(1, 2)},\n{"plain":{"hits":{"hits":[]}}},\n${page(3, 4)}\n]`;
    expect(scan(doc, cs, 60)).toEqual([
      ['hit', '{"_source":{"n":1}}', 2],
      ['hit', '{"_source":{"n":2}}', 2],
      ['item', '{"plain":{"hits":{"hits":[]}}}', 3],
      ['hit', '{"_source":{"n":3}}', 4],
      ['hit', '{"_source":{"n":4}}', 4],
    ]);
  });
});

describe('JsonScanner, objects that only look like responses', () => {
  it.each(sizes)('keeps an event whose "hits" field is an object without a hits array (chunk %i)', (cs) => {
    expect(scan('[{"a":1,"hits":{"count":3,"x":[1]},"b":2}]\n{"hits":{"hits":{"no":"array"}}}', cs)).toEqual([
      ['item', '{"a":1,"hits":{"count":3,"x":[1]},"b":2}', 1],
      ['root', '{"hits":{"hits":{"no":"array"}}}', 2],
    ]);
  });
});
