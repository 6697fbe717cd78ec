// Display helpers. Everything returns plain strings that React renders as text.

export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

export function fmtScore(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n >= 10 ? n.toFixed(0) : n.toFixed(1);
}

export function fmtNum(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US');
}

export function dash(s: string | null | undefined): string {
  return s === null || s === undefined || s === '' ? '—' : s;
}

/** `datetime-local` input value (UTC) ↔ ISO string. The UI shows and filters in UTC, like the alert times. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 16);
}

export function localInputToIso(v: string): string | undefined {
  if (!v) return undefined;
  const d = new Date(`${v}:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export const SEVERITY_COLORS: Record<string, string> = {
  low: '#5b8def',
  medium: '#e3a21a',
  high: '#e0622d',
  critical: '#c8203a',
};
