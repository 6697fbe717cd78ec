// Service mode: the rule engine on the wall clock. A timer ticks (every `tickMs`) and runs the rules that
// are due; a gap left by downtime is covered by the executor's widened window on the first run after it.

import type { RuleEngine } from './engine.js';

export interface RuleServiceOptions {
  tickMs?: number;
  now?: () => number;
}

export interface RuleService {
  stop(): void;
}

export function startRuleService(engine: RuleEngine, opts: RuleServiceOptions = {}): RuleService {
  const now = opts.now ?? Date.now;
  const tick = (): void => {
    engine.advanceTo(now());
  };
  tick();
  const timer = setInterval(tick, opts.tickMs ?? 10_000);
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
