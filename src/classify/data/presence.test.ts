import { describe, expect, it } from 'vitest';
import type { ProcessEvent } from '../../normalize/process-event.js';
import type { LabelledEvent } from './labelled.js';
import { equalizePresence } from './presence.js';

function ev(source: string, y: 0 | 1, fields: { elevation?: boolean; original?: boolean; integrity?: boolean }, i: number): LabelledEvent {
  const event: ProcessEvent = {
    '@timestamp': '2026-01-01T00:00:00Z',
    event: { category: ['process'], type: ['start'] },
    host: { name: 'h' },
    user: { name: 'u' },
    process: {
      name: `p${i}.exe`,
      command_line: `p${i}.exe /x`,
      ...(fields.original ? { pe: { original_file_name: `p${i}.exe` } } : {}),
      ...(fields.integrity ? { integrity_level: 'Medium' } : {}),
      ...(fields.elevation ? { Ext: { token: { elevation_type: 'limited' } } } : {}),
    },
  } as ProcessEvent;
  return { event, y, weight: 1, source, recording: `${source}/r${i % 5}`, technique: [] };
}

const present = (e: LabelledEvent, f: 'elevation' | 'original' | 'integrity'): boolean =>
  f === 'elevation' ? e.event.process.Ext?.token?.elevation_type !== undefined : f === 'original' ? e.event.process.pe?.original_file_name !== undefined : e.event.process.integrity_level !== undefined;

const rate = (list: LabelledEvent[], f: 'elevation' | 'original' | 'integrity'): number => list.filter((e) => present(e, f)).length / list.length;

describe('equalizePresence', () => {
  // Like msticpy: every malicious event has an elevation type and no integrity level; 25 % of the
  // background has the elevation type and 75 % the integrity level. A second source is already balanced.
  const events: LabelledEvent[] = [];
  for (let i = 0; i < 400; i++) events.push(ev('leaky', 1, { elevation: true }, i));
  for (let i = 0; i < 1600; i++) events.push(ev('leaky', 0, { elevation: i % 4 === 0, integrity: i % 4 !== 3 }, i));
  for (let i = 0; i < 600; i++) events.push(ev('balanced', (i % 3 === 0 ? 1 : 0) as 0 | 1, { original: i % 2 === 0 }, i));
  const snapshot = JSON.stringify(events);
  const { events: out, changes } = equalizePresence(events, 1);

  it('makes presence equal between the classes of a source, within sampling noise', () => {
    const leaky = out.filter((e) => e.source === 'leaky');
    const pos = leaky.filter((e) => e.y === 1);
    const neg = leaky.filter((e) => e.y === 0);
    expect(Math.abs(rate(pos, 'elevation') - rate(neg, 'elevation'))).toBeLessThan(0.05);
    expect(rate(neg, 'elevation')).toBe(0.25);
    // No positive has an integrity level, so it goes from the whole background.
    expect(rate(neg, 'integrity')).toBe(0);
  });

  it('leaves balanced sources, labels, weights and order alone, and never mutates its input', () => {
    const balanced = out.filter((e) => e.source === 'balanced');
    expect(balanced.every((e, k) => e === events[2000 + k])).toBe(true);
    expect(out.map((e) => [e.y, e.weight, e.source])).toEqual(events.map((e) => [e.y, e.weight, e.source]));
    expect(JSON.stringify(events)).toBe(snapshot);
  });

  it('reports what it removed, and is deterministic per seed', () => {
    expect(changes.map((c) => [c.source, c.field, c.label])).toEqual([
      ['leaky', 'integrity', 0],
      ['leaky', 'elevation', 1],
    ]);
    expect(changes[0].removed).toBe(1200);
    expect(JSON.stringify(equalizePresence(events, 1).events)).toBe(JSON.stringify(out));
    expect(JSON.stringify(equalizePresence(events, 2).events)).not.toBe(JSON.stringify(out));
  });

  it('holds a single-class source to the other class of the whole corpus', () => {
    const gen = [...Array.from({ length: 100 }, (_, i) => ev('generated', 1, { original: true }, i)), ...Array.from({ length: 100 }, (_, i) => ev('real', 0, { original: i < 30 }, i))];
    const r = equalizePresence(gen, 3).events;
    const g = rate(r.filter((e) => e.source === 'generated'), 'original');
    expect(g).toBeGreaterThan(0.15);
    expect(g).toBeLessThan(0.45);
    expect(rate(r.filter((e) => e.source === 'real'), 'original')).toBe(0.3);
  });
});
