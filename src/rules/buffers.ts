// Bounded, time-indexed memory of scored events for the executor: the matches of each query rule (so a run
// is a binary search, not a scan) and the recently flagged events that anomaly records point back to.

import type { ScoredEvent } from '../classify/types.js';

export interface TimedEvent {
  timeMs: number;
  ev: ScoredEvent;
}

/** Events sorted by time; appends are O(1) for in-order input, out-of-order ones are inserted in place. */
export class TimeBuffer {
  private items: TimedEvent[] = [];
  private head = 0;
  dropped = 0;

  constructor(private readonly maxSize = 1_000_000) {}

  get size(): number {
    return this.items.length - this.head;
  }

  add(ev: ScoredEvent): void {
    const item = { timeMs: ev.timeMs, ev };
    const n = this.items.length;
    if (n === this.head || this.items[n - 1].timeMs <= ev.timeMs) this.items.push(item);
    else this.items.splice(this.lowerBound(ev.timeMs + 1), 0, item);
    if (this.size > this.maxSize) {
      this.head++;
      this.dropped++;
    }
    this.compact();
  }

  /** Index of the first item with timeMs ≥ t. */
  private lowerBound(t: number): number {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].timeMs < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Items with fromMs ≤ time ≤ toMs, in time order. */
  range(fromMs: number, toMs: number): TimedEvent[] {
    const out: TimedEvent[] = [];
    for (let i = this.lowerBound(fromMs); i < this.items.length && this.items[i].timeMs <= toMs; i++) out.push(this.items[i]);
    return out;
  }

  /** Forgets items older than `beforeMs`. */
  prune(beforeMs: number): void {
    this.head = this.lowerBound(beforeMs);
    this.compact();
  }

  private compact(): void {
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * Keys under which the rarity stage names an event in `explanation.event_ids`: `event.id`, else
 * `file:line` (or record / offset), exactly as src/rarity/bucket.ts writes them. Both are indexed so a
 * lookup works whichever the job used.
 */
export function eventKeys(ev: ScoredEvent): string[] {
  const o = ev.origin;
  const where = `${o.file}:${o.line ?? o.record ?? o.offset ?? ''}`;
  return ev.event.event.id ? [ev.event.event.id, where] : [where];
}

/** Recently seen flagged events by id, forgotten by age, so an anomaly alert can carry its events' details. */
export class RecentEvents {
  private readonly byKey = new Map<string, ScoredEvent>();
  private readonly order = new TimeBuffer(Number.MAX_SAFE_INTEGER);

  constructor(private readonly keyOf: (ev: ScoredEvent) => string[] = eventKeys) {}

  add(ev: ScoredEvent): void {
    for (const k of this.keyOf(ev)) this.byKey.set(k, ev);
    this.order.add(ev);
  }

  get(key: string): ScoredEvent | undefined {
    return this.byKey.get(key);
  }

  get size(): number {
    return this.byKey.size;
  }

  prune(beforeMs: number): void {
    for (const { ev } of this.order.range(Number.MIN_SAFE_INTEGER, beforeMs - 1)) {
      for (const k of this.keyOf(ev)) if (this.byKey.get(k) === ev) this.byKey.delete(k);
    }
    this.order.prune(beforeMs);
  }
}
