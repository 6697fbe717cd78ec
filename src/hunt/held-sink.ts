// A sink that holds alerts back while the hunt analyses events ahead of knowing their order is final (see
// pipeline.ts): released, they go to the real sink in creation order; discarded, they were never sent.

import type { AlertDocument } from '../alerts/types.js';
import type { AlertSink, SinkReport } from '../alerts/sinks/types.js';

export class HeldSink implements AlertSink {
  private held: AlertDocument[] | undefined = [];

  constructor(private readonly inner: AlertSink) {}

  get name(): string {
    return this.inner.name;
  }

  write(doc: AlertDocument): void {
    // A copy as it is now: a later alert suppressed into this one updates the stored document, and a sink written
    // at creation never saw that update.
    if (this.held) this.held.push(structuredClone(doc));
    else this.inner.write(doc);
  }

  /** Sends what was held, then passes alerts straight through. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const d of held) this.inner.write(d);
  }

  /** Forgets what was held; the sink keeps holding until released. */
  discard(): void {
    if (this.held) this.held = [];
  }

  close(): Promise<SinkReport> {
    this.release();
    return this.inner.close();
  }
}
