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

/** Writes the command segment of `cmd` at `pos`; returns the new position. */
export function putCommand(b: Buffer, pos: number, cmd: string): number {
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
