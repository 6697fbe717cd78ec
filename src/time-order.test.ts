import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('discards everything it held, spill files included, and can be drained empty afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oddspawn-to-'));
    const o = new TimeOrder({ maxInMemory: 64, tmpDir: dir });
    for (let i = 0; i < input.length; i += 50) await o.add(input.slice(i, i + 50));
    expect(o.spilledRuns).toBeGreaterThan(5);
    expect(readdirSync(dir).length).toBe(1);
    o.discard();
    expect(o.spilledRuns).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(await collect(o)).toEqual([]);
    rmSync(dir, { recursive: true });
  });

  it('reads spilled lines back whole: carriage returns, U+2028, tabs and long multi-byte lines inside an item', async () => {
    const codec = {
      timeOf: (s: string) => Number(s.slice(0, s.indexOf('|'))),
      encode: (s: string) => s,
      decode: (line: string) => line,
    };
    const items = Array.from({ length: 300 }, (_, i) => `${(i * 37) % 101}|${i}\r x\u2028y\tz\r${'é€😀'.repeat(i % 7 === 0 ? 200_000 : 3)}\r`);
    const o = new TimeOrder<string>({ maxInMemory: 30, codec });
    for (let i = 0; i < items.length; i += 30) await o.add(items.slice(i, i + 30));
    expect(o.spilledRuns).toBeGreaterThan(5);
    const out: string[] = [];
    for await (const b of o.drain(16)) out.push(...b);
    const want = items.map((s, i) => ({ s, i })).sort((a, b) => codec.timeOf(a.s) - codec.timeOf(b.s) || a.i - b.i).map((x) => x.s);
    expect(out).toEqual(want);
  });

  it('drains nothing when empty', async () => {
    expect(await collect(new TimeOrder())).toEqual([]);
  });
});
