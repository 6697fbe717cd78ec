import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocFiles, DocWriter, docFilePath } from './doc-files.js';

/** Documents that stress the UTF-8 round trip and the writer's buffer: multi-byte, astral, empty, bigger than the buffer. */
function hostileDocs(seed: number): string[] {
  const out: string[] = [];
  let x = seed;
  const rnd = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  const pieces = ['{"a":1}', 'é', '€', '𝒳', '\u2028', '\t', '\r', '"\\ud800"', 'C:\\Windows\\System32\\cmd.exe', '\u00ff', ''];
  for (let i = 0; i < 300; i++) {
    let s = '';
    const n = rnd(40);
    for (let k = 0; k < n; k++) s += pieces[rnd(pieces.length)];
    out.push(s);
  }
  out.push('x'.repeat(3 << 20)); // larger than the writer's 1 MiB buffer: written on its own
  out.push('é'.repeat(400_000)); // fits in characters, not in bytes, after other documents
  out.push('');
  return out;
}

describe('document files', () => {
  it('gives back every document exactly, across batches, workers and documents larger than the buffer', () => {
    const files = new DocFiles();
    const writers = [new DocWriter(docFilePath(files.dir, 0)), new DocWriter(docFilePath(files.dir, 1))];
    const placed: Array<{ w: number; doc: string; offset: number; bytes: number }> = [];
    for (let batch = 0; batch < 6; batch++) {
      const w = batch % 2;
      const docs = hostileDocs(batch + 1);
      const at = writers[w].append(docs);
      expect(at.length).toBe(docs.length * 2);
      docs.forEach((doc, i) => placed.push({ w, doc, offset: at[2 * i], bytes: at[2 * i + 1] }));
    }
    expect(writers[0].append([])).toEqual(new Float64Array(0));
    for (const p of placed) {
      expect(p.bytes).toBe(Buffer.byteLength(p.doc, 'utf8'));
      expect(files.read(p.w, p.offset, p.bytes)).toBe(p.doc);
    }
    // Reading in any order, more than once.
    for (const p of [...placed].reverse().slice(0, 50)) expect(files.read(p.w, p.offset, p.bytes)).toBe(p.doc);
    files.close();
    expect(existsSync(files.dir)).toBe(false);
    expect(() => files.read(0, 0, 1)).toThrow(/after the hunt ended/);
  });

  it('says so when a place lies beyond the end of the file', () => {
    const files = new DocFiles();
    const at = new DocWriter(docFilePath(files.dir, 0)).append(['abc']);
    expect(files.read(0, at[0], at[1])).toBe('abc');
    expect(() => files.read(0, 1, 10)).toThrow(/ends before byte 11/);
    files.close();
  });
});
