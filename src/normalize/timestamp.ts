// Timestamps from every shipper: ISO-8601 with or without zone ("Z", "+02:00", "+0200"), Sysmon UtcTime
// ("2019-07-18 03:34:01.261", UTC), epoch milliseconds (number or digit string), epoch seconds, Windows FILETIME
// (Endgame). Parsed with a charCode scan, not a regex and not Date.parse: Date.parse accepts far too much junk.

/** Latest instant toISOString renders as a 4-digit year (9999-12-31T23:59:59.999Z). */
const MAX_MS = 253402300799999;
/** Epoch seconds below this (year 5138 as ms) are read as seconds: real ms timestamps are ≥ 1e11 since 1973. */
const SECONDS_LIMIT = 1e11;
/** FILETIME (100 ns since 1601) values are ≥ 1.16e17 for any date after 1970. */
const FILETIME_MIN = 1e16;
const FILETIME_EPOCH_MS = 11644473600000;

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The value of two ASCII digits at `at`, or -1. */
function two(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * "YYYY-MM-DDTHH:MM:SS.mmmZ", what nearly every shipper writes, without the general parser's branches: the same
 * checks and the same result as parseIsoLike, or -2 when `s` is not exactly that form (the caller then falls back).
 */
function parseCanonical(s: string): number {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58) return -2;
  if (s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return -2;
  const y1 = two(s, 0);
  const y2 = two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const se = two(s, 17);
  const m1 = two(s, 20);
  const m2 = s.charCodeAt(22) - 48;
  if (y1 < 0 || y2 < 0 || m1 < 0 || m2 < 0 || m2 > 9 || se > 59) return -2;
  const y = y1 * 100 + y2;
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0) return NaN;
  return dayMs(y, mo, d) + h * 3600000 + mi * 60000 + se * 1000 + m1 * 10 + m2;
}

/** Epoch ms of an ISO-like date-time string, or NaN. */
export function parseIsoLike(s: string): number {
  const n = s.length;
  if (n === 24) {
    const t = parseCanonical(s);
    if (t !== -2) return t;
  }
  if (n < 19 || n > 40) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32 && sep !== 116)) return NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return NaN;
  let i = 19;
  let ms = 0;
  if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
    i++;
    let scale = 100;
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return NaN;
    ms = Math.floor(ms);
  }
  let offsetMin = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if ((c === 90 || c === 122) && i === n - 1) {
      // Z
    } else if (c === 43 || c === 45) {
      const oh = digits(s, i + 1, 2);
      let om: number;
      if (n === i + 6 && s.charCodeAt(i + 3) === 58) om = digits(s, i + 4, 2);
      else if (n === i + 5) om = digits(s, i + 3, 2);
      else if (n === i + 3) om = 0;
      else return NaN;
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
      offsetMin = (c === 43 ? 1 : -1) * (oh * 60 + om);
    } else return NaN;
  }
  if (se === 60) {
    // A leap second rolls over into the next minute (and, at a month's end, into a day that fails the check).
    const t = Date.UTC(y, mo - 1, d, h, mi, se, ms) - offsetMin * 60000;
    if (d > 28 && new Date(t + offsetMin * 60000).getUTCDate() !== d) return NaN;
    return t;
  }
  const day = dayMs(y, mo, d);
  return day + h * 3600000 + mi * 60000 + se * 1000 + ms - offsetMin * 60000;
}

// Events arrive in bursts from the same day: the day's epoch ms (and its validity) is computed once per day.
let lastDayKey = -1;
let lastDayMs = NaN;

/** Epoch ms of 00:00 UTC on y-mo-d, or NaN for a day the month does not have (31 Feb is not 3 Mar). */
function dayMs(y: number, mo: number, d: number): number {
  const key = y * 10000 + mo * 100 + d;
  if (key !== lastDayKey) {
    const t = Date.UTC(y, mo - 1, d);
    lastDayMs = d > 28 && new Date(t).getUTCDate() !== d ? NaN : t;
    lastDayKey = key;
  }
  return lastDayMs;
}

function fromNumber(v: number): number {
  if (!Number.isFinite(v) || v < 0) return NaN;
  if (v >= FILETIME_MIN) return Math.floor(v / 1e4) - FILETIME_EPOCH_MS;
  if (v < SECONDS_LIMIT) return Math.floor(v * 1000);
  return Math.floor(v);
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 20) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// Most inputs already carry the canonical form; remembering the last one parsed saves a toISOString per record.
let lastCanonicalMs = NaN;
let lastCanonicalIso = '';

/** True when `s` is already "YYYY-MM-DDTHH:MM:SS.mmmZ" (seconds < 60), so it can be reused instead of re-rendered. */
function isCanonicalIso(s: string): boolean {
  return s.length === 24 && s.charCodeAt(10) === 84 && s.charCodeAt(19) === 46 && s.charCodeAt(23) === 90 && s.charCodeAt(17) < 54;
}

/** Epoch ms of a timestamp value in any supported form, or NaN when unusable. */
export function parseTimestamp(v: unknown): number {
  let t: number;
  if (typeof v === 'string') {
    t = isDigits(v) ? fromNumber(Number(v)) : parseIsoLike(v);
    if (t >= 0 && t <= MAX_MS && isCanonicalIso(v)) {
      lastCanonicalMs = t;
      lastCanonicalIso = v;
    }
  } else if (typeof v === 'number') t = fromNumber(v);
  else return NaN;
  // "+ 0" turns -0 into 0.
  return t >= 0 && t <= MAX_MS ? t + 0 : NaN;
}

/** ISO-8601 UTC with milliseconds and "Z". */
export function formatIso(ms: number): string {
  return ms === lastCanonicalMs ? lastCanonicalIso : new Date(ms).toISOString();
}
