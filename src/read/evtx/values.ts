// Substitution values of Binary XML, rendered as Windows renders them in event XML: decimal integers,
// lower-case unpadded hex for the hex types, upper-case braced GUIDs, S-1-… SIDs, ISO times with 7
// fractional digits (the 100 ns precision FILETIME holds) and upper-case hex for binary blobs.

/** Value type codes of the EVTX/BinXML format (array types add 0x80). */
export const VT = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SysTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
} as const;

const HEX = '0123456789ABCDEF';
const HEX_BYTE: string[] = [];
for (let i = 0; i < 256; i++) HEX_BYTE.push(HEX[i >> 4] + HEX[i & 15]);

/** UTF-16LE text without trailing NULs (writers often include the terminator in the value size). */
export function utf16(b: Buffer, start: number, end: number): string {
  while (end - start >= 2 && b[end - 1] === 0 && b[end - 2] === 0) end -= 2;
  const n = (end - start) >> 1;
  if (n <= 0) return '';
  if (n <= 4) {
    // Very short strings (numbers as text, flags): a JS loop beats the native call.
    let s = '';
    for (let p = start; p < start + n * 2; p += 2) s += String.fromCharCode(b[p] | (b[p + 1] << 8));
    return s;
  }
  return b.toString('utf16le', start, start + n * 2);
}

function ansi(b: Buffer, start: number, end: number): string {
  while (end > start && b[end - 1] === 0) end--;
  return b.toString('latin1', start, end);
}

function u64hex(b: Buffer, p: number): string {
  const hi = b.readUInt32LE(p + 4);
  const lo = b.readUInt32LE(p);
  if (hi === 0) return '0x' + lo.toString(16);
  return '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** FILETIME (100 ns ticks since 1601-01-01) → "YYYY-MM-DDTHH:MM:SS.fffffffZ", exact without BigInt. */
export function fileTime(b: Buffer, p: number): string {
  const lo = b.readUInt32LE(p);
  const hi = b.readUInt32LE(p + 4);
  // 2^32 = 429496 * 10000 + 7296: split so every intermediate stays below 2^53.
  const mid = hi * 7296 + lo;
  const ms = hi * 429496 + Math.floor(mid / 10000) - 11644473600000;
  const sub = mid % 10000;
  return isoMillis(ms) + String(sub).padStart(4, '0') + 'Z';
}

/** "YYYY-MM-DDTHH:MM:SS.mmm" for ms since the Unix epoch (civil-from-days; Date#toISOString is slower). */
export function isoMillis(ms: number): string {
  const days = Math.floor(ms / 86400000);
  let rem = ms - days * 86400000;
  const h = Math.floor(rem / 3600000);
  rem -= h * 3600000;
  const mi = Math.floor(rem / 60000);
  rem -= mi * 60000;
  const s = Math.floor(rem / 1000);
  const milli = rem - s * 1000;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return (
    String(y).padStart(4, '0') + '-' + pad2(m) + '-' + pad2(d) + 'T' + pad2(h) + ':' + pad2(mi) + ':' + pad2(s) + '.' +
    (milli < 10 ? '00' + milli : milli < 100 ? '0' + milli : String(milli))
  );
}

function sysTime(b: Buffer, p: number): string {
  const y = b.readUInt16LE(p);
  const mo = b.readUInt16LE(p + 2);
  const d = b.readUInt16LE(p + 6);
  const h = b.readUInt16LE(p + 8);
  const mi = b.readUInt16LE(p + 10);
  const s = b.readUInt16LE(p + 12);
  const ms = b.readUInt16LE(p + 14);
  return `${String(y).padStart(4, '0')}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}.${String(ms).padStart(3, '0')}0000Z`;
}

export function guid(b: Buffer, p: number): string {
  const x = (i: number): string => HEX_BYTE[b[p + i]];
  return (
    '{' + x(3) + x(2) + x(1) + x(0) + '-' + x(5) + x(4) + '-' + x(7) + x(6) + '-' + x(8) + x(9) + '-' +
    x(10) + x(11) + x(12) + x(13) + x(14) + x(15) + '}'
  );
}

/** A SID: revision, sub-authority count, 48-bit big-endian authority, then 32-bit LE sub-authorities. */
export function sid(b: Buffer, p: number, size: number): string {
  if (size < 8) return '';
  const count = b[p + 1];
  const auth = b.readUIntBE(p + 2, 6);
  let s = 'S-' + b[p] + '-' + auth;
  for (let i = 0; i < count && 8 + i * 4 + 4 <= size; i++) s += '-' + b.readUInt32LE(p + 8 + i * 4);
  return s;
}

function binary(b: Buffer, p: number, size: number): string {
  let s = '';
  for (let i = 0; i < size; i++) s += HEX_BYTE[b[p + i]];
  return s;
}

const FIXED_SIZE: Record<number, number> = {
  [VT.Int8]: 1, [VT.UInt8]: 1, [VT.Int16]: 2, [VT.UInt16]: 2, [VT.Int32]: 4, [VT.UInt32]: 4,
  [VT.Int64]: 8, [VT.UInt64]: 8, [VT.Real32]: 4, [VT.Real64]: 8, [VT.Bool]: 4, [VT.Guid]: 16,
  [VT.FileTime]: 8, [VT.SysTime]: 16, [VT.HexInt32]: 4, [VT.HexInt64]: 8,
};

/**
 * Render one scalar value (not BinXml, not an array) of `size` bytes at `p`.
 * Returns null for a null value or a size that does not fit the type (treated as absent, like Windows).
 */
export function renderScalar(b: Buffer, type: number, p: number, size: number): string | null {
  switch (type) {
    case VT.Null: return null;
    case VT.String: return utf16(b, p, p + size);
    case VT.AnsiString: return ansi(b, p, p + size);
    case VT.EvtXml: return utf16(b, p, p + size);
  }
  if (type === VT.SizeT) {
    if (size === 4) return '0x' + b.readUInt32LE(p).toString(16).padStart(8, '0');
    if (size === 8) return '0x' + u64hex(b, p).slice(2).padStart(16, '0');
    return null;
  }
  if (type === VT.Binary) return binary(b, p, size);
  if (type === VT.Sid) return sid(b, p, size);
  if (type === VT.EvtHandle) return size === 4 ? String(b.readUInt32LE(p)) : size === 8 ? b.readBigUInt64LE(p).toString() : null;
  const need = FIXED_SIZE[type];
  if (need === undefined || size < need) return size === 0 ? null : binary(b, p, size);
  switch (type) {
    case VT.Int8: return String(b.readInt8(p));
    case VT.UInt8: return String(b[p]);
    case VT.Int16: return String(b.readInt16LE(p));
    case VT.UInt16: return String(b.readUInt16LE(p));
    case VT.Int32: return String(b.readInt32LE(p));
    case VT.UInt32: return String(b.readUInt32LE(p));
    case VT.Int64: return b.readBigInt64LE(p).toString();
    case VT.UInt64: {
      const hi = b.readUInt32LE(p + 4);
      return hi === 0 ? String(b.readUInt32LE(p)) : b.readBigUInt64LE(p).toString();
    }
    case VT.Real32: return String(b.readFloatLE(p));
    case VT.Real64: return String(b.readDoubleLE(p));
    case VT.Bool: return b.readUInt32LE(p) !== 0 ? 'true' : 'false';
    case VT.Guid: return guid(b, p);
    case VT.FileTime: return fileTime(b, p);
    case VT.SysTime: return sysTime(b, p);
    case VT.HexInt32: return '0x' + b.readUInt32LE(p).toString(16);
    case VT.HexInt64: return u64hex(b, p);
  }
  return null;
}

/** Render an array value (type with 0x80) element by element (string arrays are NUL-separated). */
export function renderArray(b: Buffer, type: number, p: number, size: number): string[] {
  const base = type & 0x7f;
  const parts: string[] = [];
  if (base === VT.String) {
    let start = p;
    const end = p + size - (size & 1);
    for (let q = p; q + 1 < end; q += 2) {
      if (b[q] === 0 && b[q + 1] === 0) {
        parts.push(utf16(b, start, q));
        start = q + 2;
      }
    }
    if (start < end) parts.push(utf16(b, start, end));
  } else if (base === VT.AnsiString) {
    for (const s of b.toString('latin1', p, p + size).split('\0')) if (s) parts.push(s);
  } else {
    const w = base === VT.SizeT ? 8 : FIXED_SIZE[base];
    if (!w) return [binary(b, p, size)];
    for (let q = p; q + w <= p + size; q += w) parts.push(renderScalar(b, base, q, w) ?? '');
  }
  return parts;
}
