import { describe, expect, it } from 'vitest';
import { formatIso, parseIsoLike, parseTimestamp } from './timestamp.js';

describe('parseTimestamp', () => {
  it('reads ISO-8601 forms, Sysmon UtcTime, epoch ms / s, and Windows FILETIME', () => {
    const t = Date.UTC(2019, 6, 18, 3, 34, 1, 261);
    expect(parseTimestamp('2019-07-18T03:34:01.261Z')).toBe(t);
    expect(parseTimestamp('2019-07-18 03:34:01.261')).toBe(t);
    expect(parseTimestamp('2019-07-18T03:34:01.2619999Z')).toBe(t);
    expect(parseTimestamp('2019-07-18T05:34:01.261+02:00')).toBe(t);
    expect(parseTimestamp('2019-07-18T05:34:01.261+0200')).toBe(t);
    expect(parseTimestamp('2019-07-18T01:34:01.261-02')).toBe(t);
    expect(parseTimestamp('2019-07-18t03:34:01,261z')).toBe(t);
    expect(parseTimestamp(t)).toBe(t);
    expect(parseTimestamp(String(t))).toBe(t);
    expect(parseTimestamp(1563420841)).toBe(Date.UTC(2019, 6, 18, 3, 34, 1));
    // FILETIME: 100 ns ticks since 1601-01-01 (Endgame)
    expect(parseTimestamp((t + 11644473600000) * 1e4)).toBe(t);
  });

  it('rejects junk instead of guessing', () => {
    for (const bad of ['', 'now', '2019-07-18', '2019-02-29T00:00:00Z', '2019-07-18T24:00:00Z', '2019-07-18T03:34:01.Z', '2019-07-18T03:34:01Zjunk', '0999-01-01T00:00:00Z', '1969-12-31T23:59:59Z', -1, NaN, Infinity, null, {}, []]) {
      expect(Number.isNaN(parseTimestamp(bad)), String(bad)).toBe(true);
    }
    expect(parseIsoLike('2020-02-29T00:00:00Z')).toBe(Date.UTC(2020, 1, 29));
  });

  it('the per-day cache gives the same instants as Date.UTC, across days, months, offsets and leap seconds', () => {
    // Same day twice (cache hit), then other days; each compared with Date.UTC computed independently.
    const cases: Array<[string, number]> = [
      ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
      ['2024-02-29T00:00:00.000Z', Date.UTC(2024, 1, 29)],
      ['2024-03-01T00:30:00+01:00', Date.UTC(2024, 1, 29, 23, 30)],
      ['2024-06-15T10:00:60Z', Date.UTC(2024, 5, 15, 10, 1)],
      ['2024-01-31T12:00:00.5Z', Date.UTC(2024, 0, 31, 12, 0, 0, 500)],
    ];
    for (const [s, t] of cases) expect(parseIsoLike(s), s).toBe(t);
    // A day the month lacks stays rejected after a valid day of the same month was cached, and the other way round.
    expect(parseIsoLike('2023-04-30T00:00:00Z')).toBe(Date.UTC(2023, 3, 30));
    expect(Number.isNaN(parseIsoLike('2023-04-31T00:00:00Z'))).toBe(true);
    expect(Number.isNaN(parseIsoLike('2023-04-31T10:00:00Z'))).toBe(true);
    expect(parseIsoLike('2023-04-30T10:00:00Z')).toBe(Date.UTC(2023, 3, 30, 10));
    // A leap second at the end of a month's last day rolls out of that day: rejected, as before.
    expect(Number.isNaN(parseIsoLike('2023-04-30T23:59:60Z'))).toBe(true);
  });

  it('formats as ISO with milliseconds and Z, reusing an already canonical input', () => {
    expect(formatIso(parseTimestamp('2019-07-18T05:34:01+02:00'))).toBe('2019-07-18T03:34:01.000Z');
    const canonical = '2021-03-04T05:06:07.089Z';
    expect(formatIso(parseTimestamp(canonical))).toBe(canonical);
    expect(formatIso(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
