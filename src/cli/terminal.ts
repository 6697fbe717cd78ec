// Attacker-controlled strings (command lines, user names) reach the terminal: every cell goes through the one
// escaping function the alert sinks use, so a crafted command line cannot recolour the screen or fake lines.

import { escapeTerminal } from '../alerts/sinks/escape.js';

export { escapeTerminal };

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(0, max - 1)) + '…';
}

/** A plain aligned text table; every cell is escaped. */
export function renderTable(headers: string[], rows: string[][]): string {
  const cells = rows.map((r) => r.map((c) => escapeTerminal(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
