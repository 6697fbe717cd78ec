// Elastic's rule schedule strings: `interval = "15m"` and `from = "now-45m"` (date math relative to the run).

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "15m" → 900000; undefined when the text is not `<positive integer><s|m|h|d>`. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n) || n <= 0) return undefined;
  return n * UNIT_MS[m[2]];
}

/** "now-45m" → 2700000 (the look-back); undefined for anything else. */
export function parseLookback(text: string): number | undefined {
  const m = /^now-(.+)$/.exec(text.trim());
  return m ? parseDuration(m[1]) : undefined;
}

/** 2700000 → "45m": the largest unit that divides evenly, for messages and exported files. */
export function formatDuration(ms: number): string {
  for (const u of ['d', 'h', 'm', 's'] as const) {
    if (ms >= UNIT_MS[u] && ms % UNIT_MS[u] === 0) return `${ms / UNIT_MS[u]}${u}`;
  }
  return `${ms}ms`;
}
