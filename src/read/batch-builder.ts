// Groups records and issues into RawBatches of a fixed size, and decides at the end whether an input
// was empty (no records and no errors: OS_READ_EMPTY, info).

import { issue, type Issue } from '../common/issues.js';
import type { RawBatch, RawRecord } from './types.js';

export class BatchBuilder {
  private records: RawRecord[] = [];
  private issues: Issue[] = [];
  private ready: RawBatch[] = [];
  recordCount = 0;
  errorCount = 0;

  constructor(
    private readonly file: string,
    private readonly batchSize: number,
  ) {}

  add(r: RawRecord): void {
    this.records.push(r);
    this.recordCount++;
    if (this.records.length >= this.batchSize) {
      this.ready.push({ records: this.records, issues: this.issues });
      this.records = [];
      this.issues = [];
    }
  }

  addIssue(i: Issue): void {
    if (i.severity !== 'info') this.errorCount++;
    this.issues.push(i);
    // A file of nothing but bad lines must not pile up issues until its end.
    if (this.issues.length >= this.batchSize) {
      this.ready.push({ records: this.records, issues: this.issues });
      this.records = [];
      this.issues = [];
    }
  }

  /** True when take() has full batches to hand on. */
  get hasReady(): boolean {
    return this.ready.length !== 0;
  }

  /** Full batches collected since the last call. */
  take(): RawBatch[] {
    if (this.ready.length === 0) return NONE;
    const r = this.ready;
    this.ready = [];
    return r;
  }

  /** Everything left, closing the input. */
  finish(): RawBatch[] {
    if (this.recordCount === 0 && this.errorCount === 0) {
      this.issues.push(issue('OS_READ_EMPTY', 'input holds no records', { file: this.file }));
    }
    const out = this.ready;
    this.ready = [];
    if (this.records.length > 0 || this.issues.length > 0) out.push({ records: this.records, issues: this.issues });
    this.records = [];
    this.issues = [];
    return out;
  }
}

const NONE: RawBatch[] = [];
