// JSON text written straight into a byte buffer, byte-identical to Buffer.from(JSON.stringify(x)):
// the simulator's output is hundreds of MB of NDJSON, and building it as JS strings (concatenate,
// flatten, encode to UTF-8) cost more than generating the events.

const HEX = '0123456789abcdef';

/** Worst-case bytes of `s` as a JSON string: every UTF-16 unit may become `\u00XX` (6 bytes), plus quotes. */
export function jsonStringBound(s: string): number {
  return 6 * s.length + 2;
}

function putUnicodeEscape(b: Uint8Array, pos: number, c: number): number {
  b[pos++] = 92;
  b[pos++] = 117;
  b[pos++] = HEX.charCodeAt((c >> 12) & 15);
  b[pos++] = HEX.charCodeAt((c >> 8) & 15);
  b[pos++] = HEX.charCodeAt((c >> 4) & 15);
  b[pos++] = HEX.charCodeAt(c & 15);
  return pos;
}

/** Escapes exactly as JSON.stringify does (well-formed stringify: lone surrogates as `\udXXX`). */
function putEscape(b: Uint8Array, pos: number, c: number): number {
  let e = 0;
  switch (c) {
    case 34: e = 34; break;
    case 92: e = 92; break;
    case 8: e = 98; break;
    case 9: e = 116; break;
    case 10: e = 110; break;
    case 12: e = 102; break;
    case 13: e = 114; break;
    default: return putUnicodeEscape(b, pos, c);
  }
  b[pos++] = 92;
  b[pos++] = e;
  return pos;
}

/** Writes `s` as a quoted JSON string in UTF-8 at `pos` (room: jsonStringBound(s)); returns the new position. */
export function putJsonString(b: Uint8Array, pos: number, s: string): number {
  b[pos++] = 34;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 34 && c !== 92) b[pos++] = c;
      else pos = putEscape(b, pos, c);
    } else if (c < 0x800) {
      b[pos++] = 0xc0 | (c >> 6);
      b[pos++] = 0x80 | (c & 63);
    } else if (c < 0xd800 || c > 0xdfff) {
      b[pos++] = 0xe0 | (c >> 12);
      b[pos++] = 0x80 | ((c >> 6) & 63);
      b[pos++] = 0x80 | (c & 63);
    } else {
      const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        b[pos++] = 0xf0 | (cp >> 18);
        b[pos++] = 0x80 | ((cp >> 12) & 63);
        b[pos++] = 0x80 | ((cp >> 6) & 63);
        b[pos++] = 0x80 | (cp & 63);
        i++;
      } else pos = putUnicodeEscape(b, pos, c);
    }
  }
  b[pos++] = 34;
  return pos;
}

/** Copies text known to be ASCII (digits, fixed keys, ISO dates) byte by byte. */
export function putAscii(b: Uint8Array, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[pos++] = s.charCodeAt(i);
  return pos;
}

/** A finite number in decimal, as JSON.stringify writes it. */
export function putNumber(b: Uint8Array, pos: number, n: number): number {
  if (n >= 0 && n < 1e9 && (n | 0) === n) {
    // Small non-negative integers (pids, counts) by arithmetic: no string per number.
    let digits = 1;
    for (let x = n; x >= 10; x = (x / 10) | 0) digits++;
    for (let i = pos + digits - 1; i >= pos; i--) {
      b[i] = 48 + (n % 10);
      n = (n / 10) | 0;
    }
    return pos + digits;
  }
  return putAscii(b, pos, String(n));
}

/** Copies pre-encoded bytes. */
export function putBytes(b: Uint8Array, pos: number, src: Uint8Array): number {
  if (src.length < 24) {
    for (let i = 0; i < src.length; i++) b[pos + i] = src[i];
  } else b.set(src, pos);
  return pos + src.length;
}

export const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
