// Alerts as NDJSON, one document per line, in the order the rules created them (`hunt --alerts FILE`).

import { closeSync, openSync, writeSync } from 'node:fs';
import type { AlertDocument } from '../types.js';
import { emptyReport, type AlertSink, type SinkReport } from './types.js';

export function createNdjsonSink(target: string | NodeJS.WritableStream): AlertSink {
  const report = emptyReport(typeof target === 'string' ? `ndjson:${target}` : 'ndjson');
  let fd: number | undefined;
  if (typeof target === 'string') fd = openSync(target, 'w');
  return {
    name: report.sink,
    write(doc: AlertDocument): void {
      const line = `${JSON.stringify(doc)}\n`;
      try {
        if (fd !== undefined) writeSync(fd, line);
        else (target as NodeJS.WritableStream).write(line);
        report.written++;
      } catch (e) {
        report.failed++;
        if (report.errors.length < 10) report.errors.push((e as Error).message);
      }
    },
    async close(): Promise<SinkReport> {
      if (fd !== undefined) {
        closeSync(fd);
        fd = undefined;
      }
      return report;
    },
  };
}
