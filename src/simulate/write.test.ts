import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Simulation } from './engine.js';
import { simulate, simulateScenarios, writeSimulation, writeSimulationTo } from './index.js';
import { shardWorkerScript } from './parallel.js';

const OPTS = { users: 3, days: 2, attacks: 1, seed: 11 };
const dir = mkdtempSync(join(tmpdir(), 'oddspawn-sim-write-'));

function failing(code: string, after: number): Writable {
  let n = 0;
  return new Writable({
    write(_chunk, _enc, cb) {
      n++;
      if (n > after) cb(Object.assign(new Error(code), { code }));
      else cb();
    },
  });
}

describe('simulate: writing', () => {
  it('writes the same NDJSON as the event API, plus the truth sidecar', async () => {
    const out = join(dir, 'a.ndjson');
    const truth = join(dir, 'a.truth.json');
    const s = await writeSimulation(OPTS, out, { truthPath: truth });
    const text = readFileSync(out, 'utf8');
    const expected: string[] = [];
    for await (const ev of simulate(OPTS)) expected.push(JSON.stringify(ev));
    expect(text).toBe(expected.join('\n') + '\n');
    expect(s.bytes).toBe(Buffer.byteLength(text));
    expect(s.truncated).toBe(false);
    const t = JSON.parse(readFileSync(truth, 'utf8')) as { scenarios: unknown[] };
    expect(t.scenarios).toEqual(s.scenarios);
    expect(simulateScenarios(OPTS)).toEqual(s.scenarios);
  });

  it('stops quietly when the reader goes away and fails on other write errors', async () => {
    const cut = await writeSimulationTo(new Simulation(OPTS), failing('EPIPE', 1));
    expect(cut.truncated).toBe(true);
    await expect(writeSimulationTo(new Simulation(OPTS), failing('ENOSPC', 1))).rejects.toThrow('ENOSPC');
  });

  it.skipIf(!shardWorkerScript())('stops its worker threads when the reader goes away', async () => {
    const big = { users: 12, days: 4, seed: 3 };
    const cut = await writeSimulationTo(new Simulation(big), failing('EPIPE', 1), { workers: 2 });
    expect(cut.truncated).toBe(true);
    expect(cut.events).toBeLessThan(20_000);
    await expect(writeSimulationTo(new Simulation(big), failing('ENOSPC', 2), { workers: 2 })).rejects.toThrow('ENOSPC');
  });
});
