import { describe, expect, it } from 'vitest';
import { fileTime, guid, isoMillis, renderArray, renderScalar, sid, utf16, VT } from './values.js';

const u64 = (n: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
};

describe('EVTX value rendering', () => {
  it('FILETIME keeps all 7 fractional digits exactly (no float rounding)', () => {
    // 2019-04-27T15:57:53.3682934Z
    const ms = BigInt(Date.UTC(2019, 3, 27, 15, 57, 53, 368));
    expect(fileTime(u64((ms + 11644473600000n) * 10000n + 2934n), 0)).toBe('2019-04-27T15:57:53.3682934Z');
    expect(fileTime(u64(0n), 0)).toBe('1601-01-01T00:00:00.0000000Z');
    expect(fileTime(u64((11644473600000n + 1n) * 10000n + 9999n), 0)).toBe('1970-01-01T00:00:00.0019999Z');
  });

  it('isoMillis agrees with Date#toISOString over four centuries', () => {
    for (let ms = Date.UTC(1601, 0, 1); ms < Date.UTC(2400, 0, 1); ms += 86_400_000 * 37 + 3_723_456) {
      expect(isoMillis(ms) + 'Z').toBe(new Date(ms).toISOString());
    }
  });

  it('GUIDs are braced upper-case with the first three groups little-endian', () => {
    const b = Buffer.from([0x03, 0x1c, 0x5a, 0x7e, 0x01, 0x7c, 0xc4, 0x5c, 0, 0, 0, 0x10, 0x2b, 0x3e, 0x0c, 0]);
    expect(guid(b, 0)).toBe('{7E5A1C03-7C01-5CC4-0000-00102B3E0C00}');
  });

  it('SIDs: revision, big-endian authority, little-endian sub-authorities', () => {
    const b = Buffer.from([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0]);
    expect(sid(b, 0, b.length)).toBe('S-1-5-32-544');
    expect(renderScalar(b, VT.Sid, 0, 4)).toBe('');
  });

  it('integers, hex, bool, binary and sizes that do not fit', () => {
    const b = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(renderScalar(b, VT.Int32, 0, 4)).toBe('-1');
    expect(renderScalar(b, VT.UInt32, 0, 4)).toBe('4294967295');
    expect(renderScalar(b, VT.UInt64, 0, 8)).toBe('18446744073709551615');
    expect(renderScalar(b, VT.Int64, 0, 8)).toBe('-1');
    expect(renderScalar(b, VT.HexInt32, 0, 4)).toBe('0xffffffff');
    expect(renderScalar(b, VT.HexInt64, 0, 8)).toBe('0xffffffffffffffff');
    expect(renderScalar(Buffer.from([0x2c, 0x1a, 0, 0, 0, 0, 0, 0]), VT.HexInt64, 0, 8)).toBe('0x1a2c');
    expect(renderScalar(Buffer.from([1, 0, 0, 0]), VT.Bool, 0, 4)).toBe('true');
    expect(renderScalar(Buffer.from([0xab, 0x01]), VT.Binary, 0, 2)).toBe('AB01');
    expect(renderScalar(b, VT.Null, 0, 0)).toBeNull();
    // A fixed-size type with too few bytes is shown as hex, not read past its value.
    expect(renderScalar(b, VT.UInt64, 0, 3)).toBe('FFFFFF');
  });

  it('UTF-16 strings drop trailing NULs; arrays split per item', () => {
    const s = Buffer.from('cmd.exe\0\0', 'utf16le');
    expect(utf16(s, 0, s.length)).toBe('cmd.exe');
    const arr = Buffer.from('a\0bc\0\0', 'utf16le');
    expect(renderArray(arr, 0x81, 0, arr.length)).toEqual(['a', 'bc', '']);
    const nums = Buffer.from([1, 0, 2, 0, 3, 0]);
    expect(renderArray(nums, 0x86, 0, nums.length)).toEqual(['1', '2', '3']);
  });
});
