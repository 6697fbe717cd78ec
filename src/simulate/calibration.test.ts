import { describe, expect, it } from 'vitest';
import { CalibrationAccumulator } from './calibration.js';
import { renderMarkdown } from './report.js';

describe('simulate: calibration accumulator', () => {
  it('measures flat and nested records alike', () => {
    const acc = new CalibrationAccumulator();
    const user = 'S-1-5-21-1-2-3-1104';
    for (let i = 0; i < 40; i++) {
      acc.add({ '@timestamp': '2025-01-06T10:00:00Z', 'user.id': user, 'user.name': 'ann', 'process.name': i % 2 ? 'A.exe' : 'b.exe', 'process.parent.name': 'explorer.exe' });
    }
    for (let i = 0; i < 25; i++) {
      acc.add({ '@timestamp': '2025-01-06T11:00:00Z', user: { id: 'S-1-5-18', name: 'SYSTEM' }, process: { name: 'svchost.exe', parent: { name: 'services.exe' } } });
    }
    acc.add({ '@timestamp': '2025-01-07T09:00:00Z', user: { id: user, name: 'ann' }, process: { name: 'c.exe' } });
    const s = acc.result();
    expect(s.events).toBe(66);
    expect(s.accountShares.system).toBeCloseTo(25 / 66, 3);
    expect(s.accountShares.human).toBeCloseTo(41 / 66, 3);
    expect(s.topNames[0]).toEqual(['svchost.exe', Math.round((25 / 66) * 10000) / 10000]);
    expect(s.topPairs.map(([p]) => p)).toContain('explorer.exe → a.exe');
    // The second day has one event: below the user-day threshold, so only one user-day counts.
    expect(s.userDayEvents).toMatchObject({ n: 1, median: 40 });
    expect(s.userDayDistinct).toMatchObject({ n: 1, median: 2 });
  });

  it('renders a markdown report without the real side', () => {
    const acc = new CalibrationAccumulator();
    acc.add({ '@timestamp': '2025-01-06T10:00:00Z', user: { id: 'S-1-5-18' }, process: { name: 'x.exe', parent: { name: 'y.exe' } } });
    const md = renderMarkdown({ simulation: { users: 1, days: 1, seed: 1, events: 1, malicious: 0 }, generated: acc.result(), real: null, realSource: null });
    expect(md).toContain('| system | 100.0% | — |');
    expect(md).toContain('`y.exe → x.exe`');
  });
});
