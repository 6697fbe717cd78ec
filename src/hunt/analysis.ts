// The analysis half of a hunt: scored events in event-time order → rarity jobs → anomaly records → rules →
// alerts, with the counts the summary reports. One instance per pass over the events: a pass started before the
// order was known to be final is thrown away whole if it was not (pipeline.ts).

import type { IssueLog } from '../common/issues.js';
import type { Db } from '../store/db.js';
import type { Classifier } from '../classify/classifier.js';
import { explainLazily } from '../classify/lazy-explain.js';
import type { ScoredEvent } from '../classify/types.js';
import { createJobRunner, recordId, type AnomalyRecord, type JobConfig } from '../rarity/index.js';
import { SqliteAlertStore } from '../alerts/store.js';
import { dbRecordWriter, journaledRecordWriter, JournaledAlertStore, JournaledRunLog, type Journal, type RecordWriter } from './journal.js';
import { createRuleEngine, type EngineSummary, type LoadedRule } from '../rules/index.js';
import type { ExceptionSet } from '../rules/exceptions.js';
import type { AlertSink } from '../alerts/index.js';

export interface AnalysisOptions {
  classifier: Classifier;
  jobs: readonly JobConfig[];
  rules: LoadedRule[];
  exceptions: ExceptionSet | undefined;
  db: Db | undefined;
  sinks: readonly AlertSink[] | undefined;
  issues: IssueLog;
  /**
   * With `db`: the pass may still be dropped, so it writes nothing to the database — its writes go to this
   * journal (journal.ts), replayed by whoever keeps the pass; it still reads what earlier runs stored.
   */
  journal?: Journal;
}

export interface AnalysisResult {
  engine: EngineSummary;
  lateEvents: number;
}

export class Analysis {
  predicted = 0;
  overrides = 0;
  minT = Infinity;
  maxT = -Infinity;
  analysed = 0;
  readonly records = new Map<string, AnomalyRecord>();
  readonly byJob: Record<string, number> = {};
  /** Analyses a batch of events that follow the previous ones in event time. */
  readonly analyseBatch: (batch: readonly ScoredEvent[]) => void;
  private readonly rarity;
  private readonly engine;
  private readonly recordWriter: RecordWriter | undefined;

  constructor(private readonly o: AnalysisOptions) {
    this.rarity = createJobRunner(o.jobs, { issues: o.issues });
    const journal = o.db ? o.journal : undefined;
    const stores = journal ? { alertStore: new JournaledAlertStore(new SqliteAlertStore(o.db!), journal), runLog: new JournaledRunLog(journal) } : { db: o.db };
    this.engine = createRuleEngine({ ...stores, rules: o.rules, exceptions: o.exceptions, mode: 'event-time', sinks: o.sinks, onIssue: (i) => o.issues.add(i) });
    this.recordWriter = journal ? journaledRecordWriter(journal) : o.db ? dbRecordWriter(o.db) : undefined;
    const each = (batch: readonly ScoredEvent[]): void => {
      for (const s of batch) this.analyse(s);
      this.analysed += batch.length;
    };
    // One transaction per batch of events: a rule run's alerts and log entry, and the records, would otherwise each
    // commit on their own (thousands of small commits, each writing whole pages to the WAL). A run's own
    // transaction becomes a savepoint inside it.
    this.analyseBatch = o.db && !journal ? o.db.transaction(each) : each;
  }

  private analyse(s: ScoredEvent): void {
    explainLazily(this.o.classifier, s);
    if (s.problemchild.prediction === 1) this.predicted++;
    if (s.classifier.override) this.overrides++;
    if (s.timeMs < this.minT) this.minT = s.timeMs;
    if (s.timeMs > this.maxT) this.maxT = s.timeMs;
    this.rarity.push(s);
    this.engine.onScoredEvent(s);
    this.takeRecords(this.rarity.drainRecords(), false);
    this.takeRecords(this.rarity.drainRenormalized(), true);
    this.engine.advanceTo(s.timeMs);
  }

  private takeRecords(list: readonly AnomalyRecord[], renormalized: boolean): void {
    if (!list.length) return;
    for (const r of list) {
      const id = recordId(r);
      if (!renormalized) this.byJob[r.job_id] = (this.byJob[r.job_id] ?? 0) + 1;
      this.records.set(id, r);
      this.engine.onAnomalyRecord(r);
    }
    const w = this.recordWriter;
    if (w) {
      if (renormalized) w.renormalized(list);
      else w.upsert(list);
    }
  }

  /** Closes the jobs' open buckets, runs the rules' remaining executions and closes the sinks. */
  async finish(): Promise<AnalysisResult> {
    this.rarity.flush();
    this.takeRecords(this.rarity.drainRecords(), false);
    this.takeRecords(this.rarity.drainRenormalized(), true);
    const engine = await this.engine.finish();
    const lateEvents = Object.values(this.rarity.stats()).reduce((a, s) => a + ((s as { late_events?: number }).late_events ?? 0), 0);
    return { engine, lateEvents };
  }
}
