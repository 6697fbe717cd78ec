// Building ScoredEvents directly, for the rarity tests and benchmark (the classifier is not needed to
// exercise the jobs: the feed filter only reads problemchild.* and ECS fields).

import type { ScoredEvent } from '../classify/types.js';
import { mulberry32 } from '../common/seeded-rng.js';

export interface EventSpec {
  timeMs: number;
  user: string;
  process: string;
  host?: string;
  parent?: string;
  probability?: number;
  prediction?: 0 | 1;
  line?: number;
  commandLine?: string;
}

export const MINUTE = 60_000;
export const BUCKET = 15 * MINUTE;
export const DAY = 86_400_000;
/** 2026-01-01T00:00:00Z: a round start keeps bucket timestamps readable in failures. */
export const T0 = Date.UTC(2026, 0, 1);

export function scoredEvent(s: EventSpec): ScoredEvent {
  const p = s.probability ?? 0.9;
  return {
    event: {
      '@timestamp': new Date(s.timeMs).toISOString(),
      event: { kind: 'event', category: ['process'], type: ['start'], module: 'endpoint' },
      host: { name: s.host ?? `${s.user}-pc` },
      user: { name: s.user, domain: 'CORP' },
      process: {
        name: s.process,
        executable: `C:\\Windows\\System32\\${s.process}`,
        command_line: s.commandLine ?? `${s.process} /run`,
        parent: { name: s.parent ?? 'explorer.exe' },
      },
    },
    timeMs: s.timeMs,
    shape: 'ecs',
    origin: { file: 'synthetic.ndjson', line: s.line ?? 0 },
    problemchild: { prediction: s.prediction ?? 1, prediction_probability: p },
    classifier: { malicious_probability: p, model: 'test', top_features: [] },
  };
}

/** A deterministic PRNG (mulberry32) for synthetic histories. */
export const rng = mulberry32;

/**
 * A user's routine: on each of `days` days, in each bucket of [fromBucket, toBucket) (of the day's 96), each
 * process occurs with probability `density`, at a random minute of the bucket.
 */
export function routine(
  user: string, procs: readonly string[], days: number, r: () => number,
  opts: { density?: number; fromBucket?: number; toBucket?: number; startDay?: number } = {},
): ScoredEvent[] {
  const { density = 0.8, fromBucket = 32, toBucket = 64, startDay = 0 } = opts;
  const out: ScoredEvent[] = [];
  for (let d = startDay; d < startDay + days; d++) {
    for (let b = fromBucket; b < toBucket; b++) {
      for (const p of procs) {
        if (r() < density) out.push(scoredEvent({ timeMs: T0 + d * DAY + b * BUCKET + Math.floor(r() * 14) * MINUTE, user, process: p }));
      }
    }
  }
  return out;
}

/** Sorts by time (stable), numbering events by their line so every event has a distinct id. */
export function timeline(events: ScoredEvent[]): ScoredEvent[] {
  const sorted = events.map((e, i) => [e, i] as const).sort((a, b) => a[0].timeMs - b[0].timeMs || a[1] - b[1]).map(([e]) => e);
  sorted.forEach((e, i) => (e.origin = { file: 'synthetic.ndjson', line: i + 1 }));
  return sorted;
}
