// Alerts as a terminal table. Severity is coloured only when the caller says the output is a TTY;
// every cell is escaped for the terminal before it is measured or truncated.

import type { AlertDocument } from '../types.js';
import { escapeTerminal } from './escape.js';
import { emptyReport, type AlertSink, type SinkReport } from './types.js';

const SEVERITY_COLOUR: Record<string, string> = { low: '36', medium: '33', high: '31', critical: '1;31' };

export interface TableOptions {
  color?: boolean;
  /** Longest command line shown; the rest is elided with "…". */
  maxCommandLine?: number;
}

function score(doc: AlertDocument): string {
  if (doc.anomaly) return doc.anomaly.record_score.toFixed(1);
  const p = doc.oddspawn.explanation.classifier?.malicious_probability;
  return p === undefined ? '' : p.toFixed(3);
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

export const TABLE_COLUMNS = ['ID', 'TIME', 'SEVERITY', 'RULE', 'USER', 'HOST', 'PROCESS', 'PARENT', 'SCORE', 'STATUS', 'COMMAND LINE'] as const;

export function alertRow(doc: AlertDocument, opts: TableOptions = {}): string[] {
  const a = doc.kibana.alert;
  return [
    a.uuid.slice(0, 12),
    a.original_time.replace('.000Z', 'Z'),
    a.severity,
    cut(a.rule.name, 48),
    doc.user?.name ?? '',
    doc.host?.name ?? '',
    doc.process?.name ?? '',
    doc.process?.parent?.name ?? '',
    score(doc),
    a.workflow_status,
    cut(doc.process?.command_line ?? '', opts.maxCommandLine ?? 80),
  ].map((cell, i) => (i === 3 || i === 10 ? cell : cut(cell, 40)));
}

export function formatAlertTable(docs: readonly AlertDocument[], opts: TableOptions = {}): string {
  // Escape first, then measure: the escaped text is what the terminal will show.
  const rows = docs.map((d) => alertRow(d, opts).map(escapeTerminal).map((c, i) => (i === 10 ? cut(c, opts.maxCommandLine ?? 80) : c)));
  const header = [...TABLE_COLUMNS];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[], colour?: string): string =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]);
        return i === 2 && colour ? `\x1b[${colour}m${padded}\x1b[0m` : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [line(header)];
  for (const r of rows) out.push(line(r, opts.color ? SEVERITY_COLOUR[r[2]] : undefined));
  return `${out.join('\n')}\n`;
}

/** Collects alerts and prints them as one table when closed (sorted by original time, then id). */
export function createTableSink(stream: NodeJS.WritableStream, opts: TableOptions = {}): AlertSink {
  const docs: AlertDocument[] = [];
  const report = emptyReport('table');
  return {
    name: 'table',
    write(doc) {
      docs.push(doc);
    },
    async close(): Promise<SinkReport> {
      docs.sort((a, b) =>
        a.kibana.alert.original_time === b.kibana.alert.original_time
          ? a.kibana.alert.uuid < b.kibana.alert.uuid
            ? -1
            : 1
          : a.kibana.alert.original_time < b.kibana.alert.original_time
            ? -1
            : 1,
      );
      if (docs.length) stream.write(formatAlertTable(docs, opts));
      report.written = docs.length;
      return report;
    },
  };
}
