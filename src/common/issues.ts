// Bad input is normal input: every problem with a record, file or rule becomes an Issue that is
// collected and counted, never an exception that stops the run. Only a broken environment throws.

import { ISSUE_CODES, type IssueCode } from './codes.js';

export type Severity = 'error' | 'warning' | 'info';

/** Where a record or problem came from. `line` for text formats, `record` for array/EVTX items, `offset` in bytes. */
export interface Origin {
  file: string;
  line?: number;
  record?: number;
  offset?: number;
}

export interface Issue {
  code: IssueCode;
  severity: Severity;
  message: string;
  origin?: Origin;
}

export function issue(code: IssueCode, message: string, origin?: Origin, severity?: Severity): Issue {
  return { code, severity: severity ?? ISSUE_CODES[code].severity, message, origin };
}

export function formatOrigin(o: Origin | undefined): string {
  if (!o) return '';
  let s = o.file;
  if (o.line !== undefined) s += `:${o.line}`;
  else if (o.record !== undefined) s += `#${o.record}`;
  if (o.offset !== undefined) s += `@${o.offset}`;
  return s;
}

export function formatIssue(i: Issue): string {
  const where = formatOrigin(i.origin);
  return `${i.severity} ${i.code}${where ? ` ${where}` : ''}: ${i.message}`;
}

/** Collects issues, counts them by code, and keeps only the first `keep` in memory so a hostile file cannot exhaust it. */
export class IssueLog {
  readonly byCode = new Map<IssueCode, number>();
  readonly kept: Issue[] = [];
  total = 0;
  private listeners: Array<(i: Issue) => void> = [];

  constructor(readonly keep = 1000) {}

  add(i: Issue): void {
    this.total++;
    this.byCode.set(i.code, (this.byCode.get(i.code) ?? 0) + 1);
    if (this.kept.length < this.keep) this.kept.push(i);
    for (const l of this.listeners) l(i);
  }

  /** Counts issues another log already reported in full elsewhere (a worker thread's beyond its kept ones). */
  addUncounted(code: IssueCode, n: number): void {
    this.total += n;
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + n);
  }

  /** Per code, the issues counted beyond the kept ones (what another log adds with addUncounted after the kept). */
  uncounted(): Partial<Record<IssueCode, number>> {
    const kept = new Map<IssueCode, number>();
    for (const i of this.kept) kept.set(i.code, (kept.get(i.code) ?? 0) + 1);
    const out: Partial<Record<IssueCode, number>> = {};
    for (const [code, n] of this.byCode) if (n > (kept.get(code) ?? 0)) out[code] = n - (kept.get(code) ?? 0);
    return out;
  }

  onIssue(listener: (i: Issue) => void): void {
    this.listeners.push(listener);
  }

  count(code: IssueCode): number {
    return this.byCode.get(code) ?? 0;
  }

  countsObject(): Record<string, number> {
    return Object.fromEntries([...this.byCode.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** A fatal error of the environment or of usage (exit code 2 for usage, 1 otherwise). */
export class OddspawnError extends Error {
  constructor(
    readonly code: IssueCode,
    message: string,
    readonly origin?: Origin,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'OddspawnError';
  }
}
