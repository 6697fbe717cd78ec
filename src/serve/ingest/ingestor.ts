// What both ingest endpoints share: the capacity check (back-pressure) and the durable enqueue.

import { ApiError } from '../errors.js';
import type { ServeMetrics } from '../metrics.js';
import type { IngestQueue, QueuedEvent } from './queue.js';

export interface IngestLimits {
  maxIngestBytes: number;
  maxDecompressedBytes: number;
  maxPendingEvents: number;
  maxLineBytes: number;
}

export class Ingestor {
  constructor(
    readonly queue: IngestQueue,
    readonly metrics: ServeMetrics,
    readonly opts: IngestLimits,
    private readonly now: () => number,
  ) {}

  /** 429 while the queue holds more than its limit: the shipper keeps the events and retries. */
  checkCapacity(): void {
    if (this.queue.pendingEvents < this.opts.maxPendingEvents) return;
    this.metrics.backpressure.inc();
    throw new ApiError(
      429,
      'TOO_MANY_REQUESTS',
      `the ingest queue holds ${this.queue.pendingEvents} events waiting to be processed (limit ${this.opts.maxPendingEvents}); retry later`,
      undefined,
      { 'retry-after': '5' },
    );
  }

  /** Commits the events to the queue; resolves with the row id (0 when there was nothing to queue). */
  async enqueue(source: string, events: readonly QueuedEvent[]): Promise<number> {
    if (!events.length) return 0;
    const id = await this.queue.append(source, events, this.now());
    this.metrics.accepted.inc(events.length);
    this.metrics.queueDepth.set(this.queue.pendingEvents);
    return id;
  }
}
