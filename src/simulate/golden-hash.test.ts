// The simulator's bytes are a contract: the shipped classifier model and the golden end-to-end tests
// were built from them. These hashes were computed from the code before any speed work (2026-11-28);
// a speed change that moves a single byte fails here. The scenario (ground truth) hashes were updated once,
// deliberately, when `processes[].user` was added and "new to the user" became "new to the account it ran as".

import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Simulation } from './engine.js';
import { shardWorkerScript } from './parallel.js';
import { writeSimulationTo } from './write.js';
import type { SimulateOptions } from './types.js';

interface Golden {
  opts: SimulateOptions;
  events: number;
  malicious: number;
  ndjson: string;
  scenarios: string;
  /** Worker threads for the sharded run (2 and 3: even and uneven host splits). */
  workers: number;
}

const GOLDEN: Golden[] = [
  {
    opts: { users: 3, days: 5, seed: 7 },
    events: 8041, malicious: 16,
    ndjson: 'bd1de60fa6f6951d272e457f9f76740a87723b370f8eb4a49d86dd3f384bf27a',
    scenarios: '8052c928d5cdfa621567413eeb9fe6610d1907bd138a0724ae87ab587f050036',
    workers: 2,
  },
  {
    opts: { users: 6, days: 3, hosts: 9, attacks: 2, seed: 'abc' },
    events: 12964, malicious: 42,
    ndjson: 'ad285d0a95661b5ce6f22806bb9b6b4f72cf10e0640991fd571787d63701c5fb',
    scenarios: '4068de75e7fa9c3a60e2bbe1e9999c51bb45a39a758627a29dd61011c17d7cc6',
    workers: 3,
  },
];

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function hashingSink(): { sink: Writable; digest: () => string } {
  const h = createHash('sha256');
  return { sink: new Writable({ write: (c: Buffer, _e, cb) => (h.update(c), cb()) }), digest: () => h.digest('hex') };
}

describe('simulate: output bytes are frozen', () => {
  for (const g of GOLDEN) {
    it(`writeSimulationTo ${JSON.stringify(g.opts)}`, async () => {
      const { sink, digest } = hashingSink();
      const s = await writeSimulationTo(new Simulation(g.opts), sink);
      expect(s.events).toBe(g.events);
      expect(s.malicious).toBe(g.malicious);
      expect(digest()).toBe(g.ndjson);
      expect(sha(JSON.stringify(s.scenarios))).toBe(g.scenarios);
    });

    // Needs the compiled worker (dist/, built by `npm run build`): without it the writer stays in this thread.
    it.skipIf(!shardWorkerScript())(`worker threads ${JSON.stringify(g.opts)}`, async () => {
      const { sink, digest } = hashingSink();
      const s = await writeSimulationTo(new Simulation(g.opts), sink, { workers: g.workers });
      expect(s.events).toBe(g.events);
      expect(s.malicious).toBe(g.malicious);
      expect(digest()).toBe(g.ndjson);
      expect(sha(JSON.stringify(s.scenarios))).toBe(g.scenarios);
    });

    it(`JSON.stringify of events() ${JSON.stringify(g.opts)}`, () => {
      const sim = new Simulation(g.opts);
      const h = createHash('sha256');
      for (const ev of sim.events()) h.update(JSON.stringify(ev) + '\n');
      expect(h.digest('hex')).toBe(g.ndjson);
      expect(sha(JSON.stringify(sim.scenarios()))).toBe(g.scenarios);
    });
  }
});
