import { describe, expect, it } from 'vitest';
import { LineSplitter, PIECE_BYTES } from './line-splitter.js';

type Out = Array<[number, string]>;

function split(input: Buffer, chunkSize: number, max = 1024): Out {
  const out: Out = [];
  const s = new LineSplitter(max, {
    line: (text, n) => out.push([n, text]),
    bad: (code, n) => out.push([n, code]),
  });
  for (let i = 0; i < input.length; i += chunkSize) s.push(input.subarray(i, i + chunkSize));
  s.end();
  return out;
}

const chunkSizes = [1, 2, 3, 5, 64, 1 << 20];

describe('LineSplitter', () => {
  it.each(chunkSizes)('splits LF and CRLF lines, keeps blank lines, flushes a last line without newline (chunk %i)', (cs) => {
    const input = Buffer.from('a\r\nbé\n\n日本\r\n\r\nlast');
    expect(split(input, cs)).toEqual([
      [1, 'a'],
      [2, 'bé'],
      [3, ''],
      [4, '日本'],
      [5, ''],
      [6, 'last'],
    ]);
  });

  it.each(chunkSizes)('strips a UTF-8 BOM from the first line only (chunk %i)', (cs) => {
    expect(split(Buffer.from('\ufeff{"a":1}\n\ufeffx\n'), cs)).toEqual([
      [1, '{"a":1}'],
      [2, '\ufeffx'],
    ]);
  });

  it.each(chunkSizes)('reports a too-long line once with its number and goes on (chunk %i)', (cs) => {
    const input = Buffer.from(`ok\n${'x'.repeat(50)}\nfine\n${'y'.repeat(50)}`);
    expect(split(input, cs, 20)).toEqual([
      [1, 'ok'],
      [2, 'OS_READ_LINE_TOO_LONG'],
      [3, 'fine'],
      [4, 'OS_READ_LINE_TOO_LONG'],
    ]);
  });

  it('accepts a line of exactly the maximum length, with or without CR', () => {
    const input = Buffer.from(`${'x'.repeat(20)}\r\n${'y'.repeat(20)}\n${'z'.repeat(21)}\n`);
    for (const cs of [1, 7, 100]) {
      expect(split(input, cs, 20)).toEqual([
        [1, 'x'.repeat(20)],
        [2, 'y'.repeat(20)],
        [3, 'OS_READ_LINE_TOO_LONG'],
      ]);
    }
  });

  it.each(chunkSizes)('reports NUL bytes and invalid UTF-8 as binary, per line (chunk %i)', (cs) => {
    const input = Buffer.concat([
      Buffer.from('{"a":1}\n'),
      Buffer.from([0x7b, 0x00, 0x7d, 0x0a]),
      Buffer.from([0x22, 0xff, 0xfe, 0x22, 0x0a]),
      Buffer.from('{"b":"é"}\n'),
      Buffer.from([0xc3]), // a truncated 2-byte sequence at end of input
    ]);
    expect(split(input, cs)).toEqual([
      [1, '{"a":1}'],
      [2, 'OS_READ_BINARY'],
      [3, 'OS_READ_BINARY'],
      [4, '{"b":"é"}'],
      [5, 'OS_READ_BINARY'],
    ]);
  });

  it('counts lines across a skipped over-long line spanning many chunks', () => {
    const got: Out = [];
    const s2 = new LineSplitter(100, { line: (t, n) => got.push([n, t]), bad: (c, n) => got.push([n, c]) });
    const big = Buffer.alloc(64 * 1024, 0x61);
    s2.push(Buffer.from('first\n'));
    for (let i = 0; i < 100; i++) s2.push(big); // 6.4 MB line, never held
    s2.push(Buffer.from('\nafter\n'));
    s2.end();
    expect(got).toEqual([
      [1, 'first'],
      [2, 'OS_READ_LINE_TOO_LONG'],
      [3, 'after'],
    ]);
    expect(s2.lines).toBe(3);
  });

  it('decodes large ASCII chunks piece by piece with the same lines, numbers and too-long reports', () => {
    // Lines of every length around the piece size, CRLF and LF, blank lines, a line longer than a piece, over-long
    // lines: whatever the chunking, the output is the plain split of the text.
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length < 6 * PIECE_BYTES; i++) {
      const kind = next(10);
      const len = kind === 0 ? PIECE_BYTES - 2 + next(5) : kind === 1 ? 0 : kind === 2 ? PIECE_BYTES + next(3 * PIECE_BYTES) : next(400);
      lines.push(String.fromCharCode(97 + (i % 26)).repeat(len) + (next(3) === 0 ? '\r' : ''));
    }
    lines.push(`{"k":"${'v'.repeat(PIECE_BYTES * 2)}"}`);
    const input = Buffer.from(lines.join('\n') + '\n', 'latin1');
    const max = 2 * PIECE_BYTES;
    const expected: Out = lines.map((l, i) => {
      const t = l.endsWith('\r') ? l.slice(0, -1) : l;
      return [i + 1, t.length > max ? 'OS_READ_LINE_TOO_LONG' : t];
    });
    for (const cs of [1 << 20, 3 * PIECE_BYTES + 17, PIECE_BYTES - 1, 4099]) expect(split(input, cs, max)).toEqual(expected);
  });

  it('keeps non-ASCII lines intact next to ASCII pieces', () => {
    const lines = [`{"a":"${'x'.repeat(PIECE_BYTES)}"}`, '{"b":"é日本"}', '{"c":"\ud800"}', `${'y'.repeat(PIECE_BYTES + 5)}`];
    const input = Buffer.from(lines.join('\n') + '\n');
    const expected: Out = lines.map((l, i) => [i + 1, Buffer.from(l).toString('utf8')]);
    for (const cs of [1 << 20, PIECE_BYTES + 3, 1000]) expect(split(input, cs, 1 << 20)).toEqual(expected);
  });
});

describe('LineSplitter byte positions', () => {
  /** Every line with where the splitter says its bytes are. */
  function placed(input: Buffer, chunkSize: number, max: number): Array<{ n: number; text: string; at: number; bytes: number }> {
    const out: Array<{ n: number; text: string; at: number; bytes: number }> = [];
    const s = new LineSplitter(max, { line: (text, n, at, bytes) => out.push({ n, text, at, bytes }), bad: () => {} });
    for (let i = 0; i < input.length; i += chunkSize) s.push(input.subarray(i, i + chunkSize));
    s.end();
    return out;
  }

  function hostileInput(): Buffer {
    let seed = 777;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const parts: Buffer[] = [Buffer.from('\ufeff{"first":"line after a BOM"}\r\n')];
    const pieces = ['{"a":1}', 'é', '日本', '𝒳', '\u2028', 'x'.repeat(100), ''];
    for (let i = 0; i < 400; i++) {
      const kind = next(12);
      if (kind === 0) parts.push(Buffer.from([0x7b, 0x00, 0x7d])); // binary: reported, not emitted
      else if (kind === 1) parts.push(Buffer.from([0x22, 0xff, 0x22]));
      else if (kind === 2) parts.push(Buffer.from('z'.repeat(PIECE_BYTES + next(2 * PIECE_BYTES))));
      else if (kind === 3) parts.push(Buffer.from('w'.repeat(4 * PIECE_BYTES + 1))); // over the maximum: skipped
      else {
        let s = '';
        for (let k = next(30); k > 0; k--) s += pieces[next(pieces.length)];
        parts.push(Buffer.from(s));
      }
      parts.push(Buffer.from(next(3) === 0 ? '\r\n' : '\n'));
    }
    parts.push(Buffer.from('{"last":"no newline"}\r'));
    return Buffer.concat(parts);
  }

  it.each([1, 2, 3, 7, 64, 4099, PIECE_BYTES - 1, 3 * PIECE_BYTES + 17, 1 << 20])(
    'gives the bytes each line was decoded from, whatever the chunking (chunk %i)',
    (cs) => {
      const input = hostileInput();
      const lines = placed(input, cs, 4 * PIECE_BYTES);
      expect(lines.length).toBeGreaterThan(200);
      // The same lines as the splitter without positions gives, in order.
      expect(lines.map((l) => [l.n, l.text])).toEqual(split(input, cs, 4 * PIECE_BYTES).filter(([, t]) => !t.startsWith('OS_READ_')));
      for (const l of lines) {
        const bytes = input.subarray(l.at, l.at + l.bytes);
        expect(bytes.toString('utf8')).toBe(l.text);
        expect(l.bytes).toBe(Buffer.byteLength(l.text));
        // A whole line: a line end (or the BOM, or nothing) before, a line end (or the end of input) after.
        const before = l.at === 0 ? -1 : input[l.at - 1];
        expect(before === -1 || before === 0x0a || (l.at === 3 && l.n === 1)).toBe(true);
        const after = input[l.at + l.bytes];
        expect(after === undefined || after === 0x0a || after === 0x0d).toBe(true);
      }
      expect(lines[0]).toMatchObject({ n: 1, at: 3, text: '{"first":"line after a BOM"}' });
    },
  );
});
