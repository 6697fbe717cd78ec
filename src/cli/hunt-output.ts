// How `hunt` reports what it did: a readable summary and alert table on a terminal, JSON or NDJSON for machines.

import { formatIssue } from '../common/issues.js';
import type { HuntSummary } from '../pipeline.js';
import type { OutputFormat } from './options.js';
import { escapeTerminal, renderTable } from './terminal.js';
import { formatAlertTable } from '../alerts/index.js';

export function renderHuntSummary(s: HuntSummary, format: OutputFormat, color = false): string {
  if (format === 'json') return JSON.stringify(s, null, 2) + '\n';
  if (format === 'ndjson') {
    const { alerts, ...rest } = s;
    return alerts.map((a) => JSON.stringify(a) + '\n').join('') + JSON.stringify({ type: 'summary', ...rest }) + '\n';
  }
  const c = s.counts;
  const out: string[] = [];
  out.push(
    `Read ${c.records} records: ${c.events} process starts, ${c.skipped} skipped, ${c.rejected} rejected` +
      (c.readIssues ? `, ${c.readIssues} read issues` : '') +
      ` (${s.durationMs} ms, ${s.eventsPerSec} records/s)\n`,
  );
  if (s.firstEventTime) out.push(`Event time: ${s.firstEventTime} → ${s.lastEventTime}\n`);
  out.push(`Classifier ${escapeTerminal(s.model)}: ${s.predictedMalicious} predicted malicious` + (s.overrides ? ` (${s.overrides} by block/allow list)` : '') + '\n');
  out.push(`Anomaly records: ${s.anomalies.total}` + Object.entries(s.anomalies.byJob).map(([j, n]) => `\n  ${j}: ${n}`).join('') + '\n');
  out.push(`Rules: ${s.rules.loaded} loaded, ${s.rules.runs} runs${s.rules.idleRunsSkipped ? ` (${s.rules.idleRunsSkipped} over spans without data skipped)` : ''}, ${s.rules.alertsCreated} new alerts` + (s.rules.duplicates ? `, ${s.rules.duplicates} already known` : '') + (s.rules.excluded ? `, ${s.rules.excluded} excepted` : '') + '\n');
  if (s.db) out.push(`Stored ${s.storedEvents} new events in ${escapeTerminal(s.db)}\n`);
  const shapes = Object.entries(c.byShape).sort(([a], [b]) => a.localeCompare(b));
  if (shapes.length) out.push('\n' + renderTable(['source shape', 'events'], shapes.map(([k, v]) => [k, String(v)])));
  const skipped = Object.entries(c.skippedByReason).sort(([a], [b]) => a.localeCompare(b));
  if (skipped.length) out.push('\n' + renderTable(['skipped because', 'records'], skipped.map(([k, v]) => [k, String(v)])));
  const byRule = s.rules.byRule.filter((r) => r.alerts > 0 || r.matches > 0);
  if (byRule.length) out.push('\n' + renderTable(['rule', 'matches', 'new alerts'], byRule.map((r) => [r.name, String(r.matches), String(r.alerts)])));
  const codes = Object.entries(s.issuesByCode);
  if (codes.length) {
    out.push('\n' + renderTable(['issue code', 'count'], codes.map(([k, v]) => [k, String(v)])));
    const shown = s.issues.slice(0, 10);
    out.push(shown.map((i) => '  ' + escapeTerminal(formatIssue(i))).join('\n') + '\n');
    const total = codes.reduce((a, [, v]) => a + v, 0);
    if (total > shown.length) out.push(`  … ${total - shown.length} more (use --format json or --rejects FILE)\n`);
  }
  for (const r of s.sinks) if (r.failed || r.dropped) out.push(`sink ${escapeTerminal(r.sink)}: ${r.written} written, ${r.failed} failed, ${r.dropped} dropped\n`);
  if (s.alerts.length) out.push('\nAlerts\n' + formatAlertTable(s.alerts, { color }));
  else out.push('\nNo new alerts.\n');
  return out.join('');
}
