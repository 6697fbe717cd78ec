import { describe, expect, it } from 'vitest';
import { TimeOrder } from './time-order.js';
import type { NormalizedEvent } from './normalize/process-event.js';

function ev(t: number, line: number): NormalizedEvent {
  return {
    event: {
      '@timestamp': new Date(t).toISOString(),
      event: { kind: 'event', category: ['process'], type: ['start'] },
      host: { name: 'h' },
      user: { name: 'u' },
      process: { name: `p${line}.exe` },
    },
    timeMs: t,
    shape: 'ecs',
    origin: { file: 'f', line },
  };
}

async function collect(o: TimeOrder): Promise<NormalizedEvent[]> {
  const all: NormalizedEvent[] = [];
  for await (const b of o.drain(7)) all.push(...b);
  return all;
}

describe('TimeOrder', () => {
  const times = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 211) * 1000);
  const input = times.map((t, i) => ev(t, i + 1));
  const expected = input
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.timeMs - b.e.timeMs || a.i - b.i)
    .map((x) => x.e.origin.line);

  it('sorts in memory, ties in input order', async () => {
    const o = new TimeOrder();
    await o.add(input);
    const out = await collect(o);
    expect(o.spilledRuns).toBe(0);
    expect(out.map((e) => e.origin.line)).toEqual(expected);
  });

  it('gives the same order through spilled runs and a k-way merge', async () => {
    const o = new TimeOrder({ maxInMemory: 64 });
    for (let i = 0; i < input.length; i += 50) await o.add(input.slice(i, i + 50));
    expect(o.spilledRuns).toBeGreaterThan(5);
    const out = await collect(o);
    expect(out.map((e) => e.origin.line)).toEqual(expected);
    expect(out[0]).toEqual(input.find((e) => e.origin.line === expected[0]));
  });

  it('drains nothing when empty', async () => {
    expect(await collect(new TimeOrder())).toEqual([]);
  });
});
