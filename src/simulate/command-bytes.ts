// The `,"command_line":…,"args":[…],"args_count":N` segment of an event line, written in one pass:
// the command line is escaped once, and its args are cut out of those escaped bytes (splitArgs only
// drops quotes and splits at blanks, and JSON escapes character by character), so no argument string
// is ever built. Byte-identical to JSON.stringify of the command line and of splitArgs(cmd).

import { splitArgs } from './event.js';
import { putBytes, putJsonString, putNumber, utf8 } from './json-bytes.js';

export const F_CMD = utf8(',"command_line":');
const F_ARGS = utf8(',"args":[');
const F_COUNT = utf8('],"args_count":');
/** Bytes of `,"args_count":` (the `]` before it belongs to the args). */
export const COUNT_KEY = F_COUNT.length - 1;

/** Room putCommand may need: escaped command (≤ 6 bytes a unit) + args (as much again) + 3 bytes an arg. */
export function commandBound(cmd: string): number {
  return F_CMD.length + F_ARGS.length + F_COUNT.length + 15 * cmd.length + 32;
}

/** Writes the command segment of `cmd` at `pos` (`quoted`: cmd holds a `"`, when known); returns the new position. */
export function putCommand(b: Buffer, pos: number, cmd: string, quoted?: boolean): number {
  const end = putCommandAscii(b, pos, cmd, quoted);
  return end >= 0 ? end : putCommandAny(b, pos, cmd);
}

let argScratch = Buffer.allocUnsafe(1 << 14);
let rawScratch = Buffer.allocUnsafe(1 << 12);

/**
 * putCommand for a command line of ASCII only (nearly all): the text is copied out natively, then one
 * pass over its bytes writes the escaped line and, aside, its escaped args (no string is made).
 * Returns -1 (having written nothing past `pos`) when the line is not all ASCII.
 */
export function putCommandAscii(b: Buffer, pos: number, cmd: string, quoted: boolean = cmd.includes('"')): number {
  const n = cmd.length;
  // UTF-8 takes one byte a unit for ASCII and more for anything else (a lone surrogate too): equal counts mean ASCII.
  if (rawScratch.length < 3 * n) rawScratch = Buffer.allocUnsafe(3 * n + 64);
  const raw = rawScratch;
  if (raw.write(cmd, 0, 'utf8') !== n) return -1;
  if (argScratch.length < 9 * n + 8) argScratch = Buffer.allocUnsafe(9 * n + 64);
  const a = argScratch;
  pos = putBytes(b, pos, F_CMD);
  b[pos++] = 34;
  let q = 0;
  let count = 0;
  /** An argument's opening quote has been written. */
  let open = false;
  if (quoted) {
    // Quotes toggle (and are dropped); a blank or tab outside quotes ends an argument; `""` is an empty one.
    let inQuotes = false;
    let has = false;
    for (let i = 0; i < n; i++) {
      const c = raw[i];
      if (c >= 0x20 && c !== 34 && c !== 92) {
        b[pos++] = c;
        if (c === 32 && !inQuotes) {
          if (open) {
            a[q++] = 34;
            open = false;
            count++;
          } else if (has) {
            if (count) a[q++] = 44;
            a[q++] = 34;
            a[q++] = 34;
            count++;
          }
          has = false;
          continue;
        }
      } else {
        pos = putEscapeAscii(b, pos, c);
        if (c === 34) {
          inQuotes = !inQuotes;
          has = true;
          continue;
        }
        if (c === 9 && !inQuotes) {
          if (open) {
            a[q++] = 34;
            open = false;
            count++;
          } else if (has) {
            if (count) a[q++] = 44;
            a[q++] = 34;
            a[q++] = 34;
            count++;
          }
          has = false;
          continue;
        }
      }
      if (!open) {
        if (count) a[q++] = 44;
        a[q++] = 34;
        open = true;
      }
      if (c >= 0x20 && c !== 92) a[q++] = c;
      else q = putEscapeAscii(a, q, c);
    }
    if (open) {
      a[q++] = 34;
      count++;
    } else if (has) {
      if (count) a[q++] = 44;
      a[q++] = 34;
      a[q++] = 34;
      count++;
    }
  } else {
    // Split at single blanks, empty parts dropped (tabs stay inside).
    for (let i = 0; i < n; i++) {
      const c = raw[i];
      if (c === 32) {
        b[pos++] = 32;
        if (open) {
          a[q++] = 34;
          open = false;
          count++;
        }
        continue;
      }
      if (!open) {
        if (count) a[q++] = 44;
        a[q++] = 34;
        open = true;
      }
      if (c >= 0x20 && c !== 92) {
        b[pos++] = c;
        a[q++] = c;
      } else {
        pos = putEscapeAscii(b, pos, c);
        q = putEscapeAscii(a, q, c);
      }
    }
    if (open) {
      a[q++] = 34;
      count++;
    }
  }
  b[pos++] = 34;
  pos = putBytes(b, pos, F_ARGS);
  if (q < 24) for (let i = 0; i < q; i++) b[pos + i] = a[i];
  else b.set(a.subarray(0, q), pos);
  pos = putBytes(b, pos + q, F_COUNT);
  return putNumber(b, pos, count);
}

const HEXL = '0123456789abcdef';

/** JSON.stringify's escape of an ASCII character below 0x20, `"` or `\`. */
function putEscapeAscii(b: Uint8Array, pos: number, c: number): number {
  b[pos++] = 92;
  switch (c) {
    case 34: b[pos++] = 34; break;
    case 92: b[pos++] = 92; break;
    case 8: b[pos++] = 98; break;
    case 9: b[pos++] = 116; break;
    case 10: b[pos++] = 110; break;
    case 12: b[pos++] = 102; break;
    case 13: b[pos++] = 114; break;
    default:
      b[pos++] = 117;
      b[pos++] = 48;
      b[pos++] = 48;
      b[pos++] = HEXL.charCodeAt(c >> 4);
      b[pos++] = HEXL.charCodeAt(c & 15);
  }
  return pos;
}

/** putCommand for any command line (non-ASCII, lone surrogates). */
function putCommandAny(b: Buffer, pos: number, cmd: string): number {
  pos = putBytes(b, pos, F_CMD);
  const open = pos;
  // JSON.stringify escapes natively (lone surrogates as \udXXX, so the text is well-formed UTF-8).
  pos += b.write(JSON.stringify(cmd), pos, 'utf8');
  const end = pos - 1;
  pos = putBytes(b, pos, F_ARGS);
  const argsAt = pos;
  const quoted = cmd.includes('"');
  let count = quoted ? quotedArgs(b, open, end, pos) : blankArgs(b, open, end, pos);
  if (count < 0) {
    // Removing a quote may join two lone surrogates into a pair, escaped differently: take the slow road.
    pos = argsAt;
    const args = splitArgs(cmd);
    for (let i = 0; i < args.length; i++) {
      if (i) b[pos++] = 44;
      pos = putJsonString(b, pos, args[i]);
    }
    count = args.length;
  } else pos = argsPos;
  pos = putBytes(b, pos, F_COUNT);
  return putNumber(b, pos, count);
}

/** Where the last quotedArgs / blankArgs call stopped writing. */
let argsPos = 0;

/**
 * Args of a command line with quotes, from its escaped bytes b[open] (opening quote) … b[end] (closing
 * quote), written at `pos`: quotes toggle (and are dropped); a blank or tab outside quotes ends an
 * argument; `""` is an empty one. Returns the count, or -1 at a lone surrogate (see putCommand).
 */
function quotedArgs(b: Uint8Array, open: number, end: number, pos: number): number {
  let count = 0;
  let inQuotes = false;
  let has = false;
  let argStart = pos;
  b[pos++] = 34;
  for (let i = open + 1; i < end; i++) {
    const c = b[i];
    if (c === 92) {
      const d = b[i + 1];
      if (d === 34) {
        inQuotes = !inQuotes;
        has = true;
        i++;
        continue;
      }
      if (d === 116 && !inQuotes) {
        i++;
      } else {
        if (d === 117 && b[i + 2] === 100 && b[i + 3] >= 56) return -1;
        const n = d === 117 ? 6 : 2;
        for (let k = 0; k < n; k++) b[pos++] = b[i + k];
        i += n - 1;
        continue;
      }
    } else if (c !== 32 || inQuotes) {
      b[pos++] = c;
      continue;
    }
    // A separator.
    if (has || pos > argStart + 1) {
      b[pos++] = 34;
      b[pos++] = 44;
      count++;
      argStart = pos;
      b[pos++] = 34;
    }
    has = false;
  }
  if (has || pos > argStart + 1) {
    b[pos++] = 34;
    count++;
  } else pos = count ? argStart - 1 : argStart;
  argsPos = pos;
  return count;
}

/** Args of a command line without quotes: split at single blanks, empty parts dropped (tabs stay inside). */
function blankArgs(b: Uint8Array, open: number, end: number, pos: number): number {
  let count = 0;
  let argStart = pos;
  b[pos++] = 34;
  for (let i = open + 1; i < end; i++) {
    const c = b[i];
    if (c !== 32) {
      b[pos++] = c;
      continue;
    }
    if (pos > argStart + 1) {
      b[pos++] = 34;
      b[pos++] = 44;
      count++;
      argStart = pos;
      b[pos++] = 34;
    }
  }
  if (pos > argStart + 1) {
    b[pos++] = 34;
    count++;
  } else pos = count ? argStart - 1 : argStart;
  argsPos = pos;
  return count;
}

/** Where the args end (after their `]`) in a command segment ending at `end`: before `,"args_count":N`. */
export function argsEnd(b: Uint8Array, end: number): number {
  let i = end - 1;
  while (b[i] >= 48 && b[i] <= 57) i--;
  return i + 1 - COUNT_KEY;
}
