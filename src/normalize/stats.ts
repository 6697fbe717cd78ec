// Counts for the run summary: events per source shape, skips per reason, issues and warnings per code.
// toJSON() sorts keys so the summary is byte-identical for identical input.

import type { Issue } from '../common/issues.js';
import type { NormalizeResult, SkipReason } from './result.js';
import type { SourceShape } from './process-event.js';

function sorted<K extends string>(m: Map<K, number>): Record<string, number> {
  return Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function bump<K>(m: Map<K, number>, k: K): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export interface NormalizeStatsJSON {
  records: number;
  events: number;
  skipped: number;
  rejected: number;
  warnings: number;
  byShape: Record<string, number>;
  bySkipReason: Record<string, number>;
  byIssueCode: Record<string, number>;
}

export class NormalizeStats {
  records = 0;
  events = 0;
  skipped = 0;
  rejected = 0;
  warnings = 0;
  readonly byShape = new Map<SourceShape, number>();
  readonly bySkipReason = new Map<SkipReason, number>();
  /** Rejections and warnings together, by code. */
  readonly byIssueCode = new Map<string, number>();

  add(r: NormalizeResult): void {
    this.records++;
    if (r.kind === 'event') {
      this.events++;
      bump(this.byShape, r.event.shape);
      if (r.warnings) for (const w of r.warnings) this.addWarning(w);
    } else if (r.kind === 'skip') {
      this.skipped++;
      bump(this.bySkipReason, r.reason);
    } else {
      this.rejected++;
      bump(this.byIssueCode, r.issue.code);
    }
  }

  private addWarning(w: Issue): void {
    this.warnings++;
    bump(this.byIssueCode, w.code);
  }

  toJSON(): NormalizeStatsJSON {
    return {
      records: this.records,
      events: this.events,
      skipped: this.skipped,
      rejected: this.rejected,
      warnings: this.warnings,
      byShape: sorted(this.byShape),
      bySkipReason: sorted(this.bySkipReason),
      byIssueCode: sorted(this.byIssueCode),
    };
  }
}
