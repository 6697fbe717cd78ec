// How `hunt` reports what it did: a readable summary on a terminal, JSON or NDJSON for machines.

import { formatIssue } from '../common/issues.js';
import type { HuntSummary } from '../pipeline.js';
import type { OutputFormat } from './options.js';
import { escapeTerminal, renderTable } from './terminal.js';

export function renderHuntSummary(s: HuntSummary, format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(s, null, 2) + '\n';
  if (format === 'ndjson') return JSON.stringify({ type: 'summary', ...s }) + '\n';
  const c = s.counts;
  const out: string[] = [];
  out.push(
    `Read ${c.records} records: ${c.events} process starts, ${c.skipped} skipped, ${c.rejected} rejected` +
      (c.readIssues ? `, ${c.readIssues} read issues` : '') +
      ` (${s.durationMs} ms, ${s.eventsPerSec} records/s)\n`,
  );
  if (s.firstEventTime) out.push(`Event time: ${s.firstEventTime} → ${s.lastEventTime}\n`);
  if (s.db) out.push(`Stored ${s.storedEvents} new events in ${escapeTerminal(s.db)}\n`);
  const shapes = Object.entries(c.byShape).sort(([a], [b]) => a.localeCompare(b));
  if (shapes.length) out.push('\n' + renderTable(['source shape', 'events'], shapes.map(([k, v]) => [k, String(v)])));
  const skipped = Object.entries(c.skippedByReason).sort(([a], [b]) => a.localeCompare(b));
  if (skipped.length) out.push('\n' + renderTable(['skipped because', 'records'], skipped.map(([k, v]) => [k, String(v)])));
  const codes = Object.entries(s.issuesByCode);
  if (codes.length) {
    out.push('\n' + renderTable(['issue code', 'count'], codes.map(([k, v]) => [k, String(v)])));
    const shown = s.issues.slice(0, 10);
    out.push(shown.map((i) => '  ' + escapeTerminal(formatIssue(i))).join('\n') + '\n');
    const total = codes.reduce((a, [, v]) => a + v, 0);
    if (total > shown.length) out.push(`  … ${total - shown.length} more (use --format json or --rejects FILE)\n`);
  }
  return out.join('');
}
