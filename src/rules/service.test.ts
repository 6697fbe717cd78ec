import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRuleEngine } from './engine.js';
import { startRuleService } from './service.js';
import { anomalyRecord, loadedRule, MIN, T0 } from './test-fixtures.js';

describe('service mode on the wall clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs due rules on each tick and alerts on records as they appear', () => {
    vi.useFakeTimers();
    let now = T0;
    const engine = createRuleEngine({ rules: [loadedRule({})], mode: 'wall-clock' });
    const runs: number[] = [];
    const tracked = { ...engine, advanceTo: (ms: number) => { const r = engine.advanceTo(ms); runs.push(...r.map((x) => x.runAtMs)); return r; } };
    const service = startRuleService(tracked, { tickMs: MIN, now: () => now });
    expect(runs).toEqual([T0]);
    engine.onAnomalyRecord(anomalyRecord({ timestamp: T0 + 5 * MIN, score: 90 }));
    for (let i = 0; i < 20; i++) {
      now += MIN;
      vi.advanceTimersByTime(MIN);
    }
    service.stop();
    now += 60 * MIN;
    vi.advanceTimersByTime(60 * MIN);
    expect(runs).toEqual([T0, T0 + 15 * MIN]);
    expect(engine.store.list().map((a) => a['@timestamp'])).toEqual([new Date(T0 + 15 * MIN).toISOString()]);
  });
});
