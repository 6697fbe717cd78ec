import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { StoredRow } from '../store/stored-row.js';
import { packRows, rowCount, rowsOf, transferList, unpackForStore, unpackRows, type PackedRows } from './packed-rows.js';

/** No lone surrogate: the text survives UTF-8. */
const wellFormed = (s: string): boolean => Buffer.from(s, 'utf8').toString('utf8') === s;

// Strings a row can carry: event ids and names come from the input as they are.
const VALUES: Array<string | null> = [
  null,
  '',
  'cmd.exe',
  'C:\\Windows\\System32\\cmd.exe /c "echo"',
  'é',
  'ÿ\u0080',
  '用户',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  'a\ud800b',
  'x\udc00\ud800y',
  '\ud83d\ude00\ud800',
  '\u0000\u2028\u2029\ufeff\ufffd',
  'z'.repeat(70_000),
  'é'.repeat(40_000) + '\ud800',
];

function row(i: number): StoredRow {
  const v = (k: number): string | null => VALUES[(i * 7 + k * 3) % VALUES.length];
  return {
    key: v(0) ?? `id:${i}`,
    timeMs: [1741000000000 + i, -62135596800000, 0.5, -0, 8.64e15][i % 5],
    hostName: v(1),
    userName: v(2),
    processName: v(3),
    parentName: v(4),
    shape: v(5) ?? 'ecs',
    source: v(6) ?? 'f.ndjson',
    doc: JSON.stringify({ i, s: v(7) }) + (v(8) ?? ''),
  };
}

describe('packed rows', () => {
  it('give back every row exactly, lone surrogates, nulls and long strings included', () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(i));
    const p = packRows(rows);
    expect(p.count).toBe(500);
    const back = unpackRows(p);
    expect(back).toHaveLength(500);
    for (let i = 0; i < rows.length; i++) {
      expect(Object.keys(back[i])).toEqual(Object.keys(rows[i]));
      for (const k of Object.keys(rows[i]) as Array<keyof StoredRow>) expect(Object.is(back[i][k], rows[i][k]), `row ${i} ${k}`).toBe(true);
    }
    expect(unpackRows(packRows([]))).toEqual([]);
  });

  it('own their buffers, which survive a transfer to another thread', () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    const p = packRows(rows);
    expect(p.bytes.byteOffset).toBe(0);
    expect(p.bytes.buffer.byteLength).toBe(p.bytes.byteLength);
    // A second pack reuses the scratch space: the first must not change.
    const copy = Uint8Array.from(p.bytes);
    packRows(Array.from({ length: 40 }, (_, i) => row(i + 1)));
    expect(Buffer.compare(p.bytes, copy)).toBe(0);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(p, transferList(p));
    expect(p.bytes.byteLength).toBe(0);
    const got = receiveMessageOnPort(port2)?.message as PackedRows;
    port1.close();
    expect(unpackRows(got)).toEqual(rows);
  });

  it('are counted and read the same packed or not', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i));
    expect(rowCount(rows)).toBe(10);
    expect(rowCount(packRows(rows))).toBe(10);
    expect(rowsOf(rows)).toBe(rows);
    expect(rowsOf(packRows(rows))).toEqual(rows);
  });

  it('refuse bytes that do not end with the last row', () => {
    const p = packRows([row(2)]);
    expect(() => unpackRows({ ...p, bytes: Uint8Array.from([...p.bytes, 0, 0, 0, 0]) })).toThrow(/left after/);
    expect(() => unpackForStore({ ...p, bytes: Uint8Array.from([...p.bytes, 0, 0, 0, 0]) })).toThrow(/left after/);
    expect(() => unpackForStore({ ...p, bytes: p.bytes.subarray(0, p.bytes.length - 1) })).toThrow(/past the end/);
  });

  it('give the store their text as UTF-8 bytes, or as the string when it has a lone surrogate', () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(i));
    const p = packRows(rows);
    const forStore = unpackForStore(p);
    expect(forStore).toHaveLength(rows.length);
    const kinds = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      expect(Object.keys(forStore[i])).toEqual(Object.keys(rows[i]));
      for (const k of Object.keys(rows[i]) as Array<keyof StoredRow>) {
        const want = rows[i][k];
        const got = forStore[i][k];
        if (typeof want !== 'string' || !wellFormed(want)) {
          kinds.add(want === null ? 'null' : typeof want);
          expect(Object.is(got, want), `row ${i} ${k}`).toBe(true);
        } else {
          kinds.add('bytes');
          expect(got).toBeInstanceOf(Uint8Array);
          expect(Buffer.from(got as Uint8Array).equals(Buffer.from(want, 'utf8')), `row ${i} ${k}`).toBe(true);
          // A view into the message's buffer, not a copy.
          expect((got as Uint8Array).buffer).toBe(p.bytes.buffer);
        }
      }
    }
    expect([...kinds].sort()).toEqual(['bytes', 'null', 'number', 'string']);
  });
});
