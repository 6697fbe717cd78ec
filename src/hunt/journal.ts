// An analysis pass that may still be thrown away, over a store: it must read what earlier runs stored (an alert
// that exists is a duplicate) but write nothing until it is kept. Its writes — alerts, suppression marks, rule
// runs, anomaly records — go to a journal, in the order they were made; reads see the store with the journal's
// alerts over it. Keeping the pass replays the journal onto the database, in one transaction: the very calls
// the pass would have made on it, in the same order, so the tables end up as an after-reading pass leaves them.

import type { AlertDocument, WorkflowStatus } from '../alerts/types.js';
import { MemoryAlertStore, SqliteAlertStore, type AlertFilter, type AlertStore } from '../alerts/store.js';
import { applyRenormalized, upsertRecords, type AnomalyRecord } from '../rarity/index.js';
import { SqliteRunLog, type RunLog, type RunRecord } from '../rules/run-log.js';
import type { Db } from '../store/db.js';

type Op = (target: { alerts: AlertStore; runs: RunLog; db: Db }) => void;

export class Journal {
  private ops: Op[] = [];

  push(op: Op): void {
    this.ops.push(op);
  }

  get size(): number {
    return this.ops.length;
  }

  /** Makes every journaled write on `db`, in order, in one transaction; the journal is then empty. */
  replay(db: Db): void {
    const target = { alerts: new SqliteAlertStore(db), runs: new SqliteRunLog(db), db };
    const ops = this.ops;
    this.ops = [];
    db.transaction(() => {
      for (const op of ops) op(target);
    })();
  }
}

/** The store's alerts with this pass's over them; writes journaled. */
export class JournaledAlertStore implements AlertStore {
  private readonly overlay = new MemoryAlertStore();

  constructor(
    private readonly base: AlertStore,
    private readonly journal: Journal,
  ) {}

  has(id: string): boolean {
    return this.overlay.has(id) || this.base.has(id);
  }

  get(id: string): AlertDocument | undefined {
    return this.overlay.get(id) ?? this.base.get(id);
  }

  isSuppressed(id: string): boolean {
    return this.overlay.isSuppressed(id) || this.base.isSuppressed(id);
  }

  list(filter: AlertFilter = {}): AlertDocument[] {
    // The merged view, filtered and ordered by the in-memory store's rules (which the SQLite store's follow).
    const merged = new MemoryAlertStore();
    for (const d of this.overlay.list({ ...filter, limit: undefined })) merged.insert(d);
    for (const d of this.base.list({ ...filter, limit: undefined })) merged.insert(d);
    return merged.list(filter);
  }

  insert(doc: AlertDocument): boolean {
    if (this.has(doc.kibana.alert.uuid)) return false;
    this.overlay.insert(doc);
    const copy = structuredClone(doc);
    this.journal.push((t) => t.alerts.insert(copy));
    return true;
  }

  /** An alert of the store this pass changes: copied over first, so the change is seen. */
  private touch(id: string): boolean {
    if (this.overlay.has(id)) return true;
    const d = this.base.get(id);
    if (!d) return false;
    this.overlay.insert(d);
    return true;
  }

  setStatus(id: string, status: WorkflowStatus, atIso: string): boolean {
    if (!this.touch(id)) return false;
    this.overlay.setStatus(id, status, atIso);
    this.journal.push((t) => t.alerts.setStatus(id, status, atIso));
    return true;
  }

  markSuppressed(id: string, intoId: string): boolean {
    if (this.isSuppressed(id)) return false;
    this.overlay.markSuppressed(id, intoId);
    this.journal.push((t) => t.alerts.markSuppressed(id, intoId));
    return true;
  }

  addSuppressed(intoId: string, endIso: string): void {
    this.touch(intoId);
    this.overlay.addSuppressed(intoId, endIso);
    this.journal.push((t) => t.alerts.addSuppressed(intoId, endIso));
  }
}

export class JournaledRunLog implements RunLog {
  constructor(private readonly journal: Journal) {}

  record(run: RunRecord): void {
    const copy = structuredClone(run);
    this.journal.push((t) => t.runs.record(copy));
  }
}

/** Where an analysis writes its anomaly records: the database now, or a journal. */
export interface RecordWriter {
  upsert(records: readonly AnomalyRecord[]): void;
  renormalized(records: readonly AnomalyRecord[]): void;
}

export function dbRecordWriter(db: Db): RecordWriter {
  return {
    upsert: (records) => upsertRecords(db, records),
    renormalized: (records) => void applyRenormalized(db, records),
  };
}

export function journaledRecordWriter(journal: Journal): RecordWriter {
  // Records change after they are written (renormalisation): the journal keeps them as they were.
  return {
    upsert: (records) => {
      const copy = structuredClone(records);
      journal.push((t) => upsertRecords(t.db, copy));
    },
    renormalized: (records) => {
      const copy = structuredClone(records);
      journal.push((t) => void applyRenormalized(t.db, copy));
    },
  };
}
