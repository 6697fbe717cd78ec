// A sink receives each new alert once, after de-duplication, exceptions and suppression. `write` never
// blocks and never throws (a slow webhook must not stall the pipeline); `close` flushes and reports.

import type { AlertDocument } from '../types.js';

export interface SinkReport {
  sink: string;
  written: number;
  failed: number;
  dropped: number;
  retries: number;
  errors: string[];
}

export interface AlertSink {
  readonly name: string;
  write(doc: AlertDocument): void;
  close(): Promise<SinkReport>;
}

export function emptyReport(sink: string): SinkReport {
  return { sink, written: 0, failed: 0, dropped: 0, retries: 0, errors: [] };
}
