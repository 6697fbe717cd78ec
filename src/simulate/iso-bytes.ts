// An event time as Date.prototype.toISOString writes it, straight into bytes: the date part is
// formatted once per day, the time of day by arithmetic (almost every event has a new second, and
// building a Date and its string per event cost more than the rest of the timestamp).

import { putAscii, putBytes, utf8 } from './json-bytes.js';

const DAY = 86_400_000;
let day = NaN;
let leadText = '';
let prefix: Uint8Array = utf8('');

/**
 * Writes `lead` + `YYYY-MM-DDTHH:mm:ss.sssZ` of the epoch-ms `t` at `pos` (room: lead + 30); returns the
 * new position. `lead` (the text before the time in a line) must be the same on every call.
 */
export function putIsoTime(b: Uint8Array, pos: number, t: number, lead = ''): number {
  if (!Number.isSafeInteger(t)) return putAscii(b, pos, lead + new Date(t).toISOString());
  const d = Math.floor(t / DAY);
  if (d !== day || lead !== leadText) {
    const iso = new Date(d * DAY).toISOString();
    day = d;
    leadText = lead;
    prefix = utf8(lead + iso.slice(0, iso.length - 13));
  }
  pos = putBytes(b, pos, prefix);
  let r = t - d * DAY;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const s = Math.floor(r / 1000);
  const ms = r - s * 1000;
  b[pos] = 48 + Math.floor(h / 10);
  b[pos + 1] = 48 + (h % 10);
  b[pos + 2] = 58;
  b[pos + 3] = 48 + Math.floor(m / 10);
  b[pos + 4] = 48 + (m % 10);
  b[pos + 5] = 58;
  b[pos + 6] = 48 + Math.floor(s / 10);
  b[pos + 7] = 48 + (s % 10);
  b[pos + 8] = 46;
  b[pos + 9] = 48 + Math.floor(ms / 100);
  b[pos + 10] = 48 + (Math.floor(ms / 10) % 10);
  b[pos + 11] = 48 + (ms % 10);
  b[pos + 12] = 90;
  return pos + 13;
}
