// The one place that wires the stages in order:
//   read → normalize → (store) → time order → classify → rarity jobs → rules → alerts.
// Batch mode runs on event time: events are sorted (bounded memory), then every stage sees them in time order,
// and the rules run each scheduled execution as event time passes it.

import { relative } from 'node:path';
import { IssueLog, OddspawnError, type Issue } from './common/issues.js';
import { emptyCounts, ingest, type IngestCounts } from './ingest.js';
import { openDb, type Db } from './store/db.js';
import { resolveDbPath } from './store/location.js';
import { EventsRepo, toStoredRow, type StoredRow } from './store/events-repo.js';
import { createRejectsWriter } from './normalize/rejects.js';
import { TimeOrder, type TimeOrderCodec } from './time-order.js';
import { EXPLAIN_MIN_PROBABILITY, loadClassifier, type Classifier } from './classify/classifier.js';
import { loadOverrides } from './classify/overrides.js';
import type { ScoredEvent, TopFeature } from './classify/types.js';
import { builtinJobs, createJobRunner, jobFieldPaths, loadJobs, upsertRecords, applyRenormalized, recordId, type AnomalyRecord, type JobsFlavour } from './rarity/index.js';
import { createRuleEngine, findRule, loadRules, shippedRulesDir, loadExceptionsFile, type EngineSummary, type LoadedRule } from './rules/index.js';
import type { AlertSink } from './alerts/index.js';
import { writeFileSync } from 'node:fs';
import { STDIN } from './read/inputs.js';
import { defaultHuntWorkers, huntWorkerScript, parallelScored } from './hunt/parallel-ingest.js';
import { LAZY_SCORED_CODEC } from './hunt/lazy-scored.js';
import { storedEventDocument } from './hunt/stored-document.js';

export interface HuntOptions {
  inputs: string[];
  dbPath?: string;
  /** Keep events, records and alerts in the database (default true). */
  store?: boolean;
  rejectsPath?: string;
  maxLineBytes?: number;
  retentionDays?: number;
  /** rule_id or name; default every shipped rule. */
  rules?: string[];
  rulesDirs?: string[];
  jobFiles?: string[];
  /** Built-in job definitions: oddspawn's (default) or Elastic's exact semantics. */
  jobsFlavour?: JobsFlavour;
  exceptionsPath?: string;
  modelPath?: string;
  overridesPath?: string;
  anomaliesPath?: string;
  /** Event origins (alert and anomaly event ids) name input files relative to this folder (the demo's temp dir). */
  originBase?: string;
  sinks?: AlertSink[];
  /**
   * Worker threads that read, normalize and classify (default: defaultHuntWorkers — cores − 1, at least 2); 0 does
   * everything on this thread. Standard input is always read on this thread.
   */
  workers?: number;
  /** Bytes per range when a big NDJSON file is split between workers (tests use tiny values). */
  unitBytes?: number;
  onProgress?: (records: number, phase: 'read' | 'analyse') => void;
}

export interface HuntSummary {
  inputs: string[];
  db: string | null;
  counts: IngestCounts;
  storedEvents: number;
  model: string;
  predictedMalicious: number;
  overrides: number;
  anomalies: { total: number; byJob: Record<string, number>; lateEvents: number };
  rules: { loaded: number; runs: number; idleRunsSkipped: number; alertsCreated: number; duplicates: number; excluded: number; byRule: EngineSummary['byRule'] };
  alerts: EngineSummary['alerts'];
  sinks: EngineSummary['sinks'];
  issuesByCode: Record<string, number>;
  /** The first issues, for display; all are counted in issuesByCode. */
  issues: Issue[];
  firstEventTime: string | null;
  lastEventTime: string | null;
  durationMs: number;
  eventsPerSec: number;
}

const STORE_BATCH = 4096;

function selectRules(all: LoadedRule[], wanted: string[] | undefined): LoadedRule[] {
  if (!wanted?.length) return all;
  return wanted.map((w) => {
    const r = findRule(all, w);
    if (!r) throw new OddspawnError('OS_USAGE', `no rule with id or name "${w}" (see \`oddspawn rules list\`)`, undefined, 2);
    return r;
  });
}

export async function runHunt(opts: HuntOptions): Promise<HuntSummary> {
  const started = performance.now();
  const issues = new IssueLog(200);
  const counts = emptyCounts();

  // Configuration first: a bad rule, job, model or exceptions file is a usage error before any reading.
  const loaded = loadRules(opts.rulesDirs?.length ? opts.rulesDirs : [shippedRulesDir()]);
  for (const i of loaded.issues) issues.add(i);
  if (loaded.issues.some((i) => i.severity === 'error'))
    throw new OddspawnError('OS_CONFIG', `invalid rules: ${loaded.issues.map((i) => i.message).join('; ')}`, loaded.issues[0].origin, 2);
  const rules = selectRules(loaded.rules, opts.rules);
  const jobs = opts.jobFiles?.length
    ? loadJobs(opts.jobFiles, { includeBuiltin: true, flavour: opts.jobsFlavour })
    : { jobs: builtinJobs(opts.jobsFlavour), issues: [] };
  if (jobs.issues.some((i) => i.severity === 'error'))
    throw new OddspawnError('OS_CONFIG', `invalid job files: ${jobs.issues.map((i) => i.message).join('; ')}`, jobs.issues[0].origin, 2);
  let exceptions;
  if (opts.exceptionsPath) {
    const ex = loadExceptionsFile(opts.exceptionsPath);
    if (ex.issues.some((i) => i.severity === 'error'))
      throw new OddspawnError('OS_CONFIG', `invalid exceptions: ${ex.issues.map((i) => i.message).join('; ')}`, ex.issues[0].origin, 2);
    exceptions = { lists: ex.lists, items: ex.items };
  }
  // Explanations (exact TreeSHAP) cost far more than scoring; in a hunt only the events behind alerts need them,
  // so events are scored without and explained on first use (see explainLazily).
  const classifier = loadClassifier(opts.modelPath, { explain: false, ...(opts.overridesPath ? { overrides: loadOverrides(opts.overridesPath) } : {}) });

  const store = opts.store !== false;
  const dbPath = store ? resolveDbPath(opts.dbPath) : null;
  let db: Db | undefined;
  const rejects = opts.rejectsPath ? createRejectsWriter(opts.rejectsPath) : undefined;
  let stored = 0;
  let minT = Infinity;
  let maxT = -Infinity;
  let predicted = 0;
  let overrides = 0;
  const records = new Map<string, AnomalyRecord>();
  const byJob: Record<string, number> = {};
  let engineSummary: EngineSummary;
  try {
    db = dbPath ? openDb(dbPath) : undefined;
    const repo = db ? new EventsRepo(db) : undefined;
    const workers = opts.workers ?? defaultHuntWorkers();
    const script = workers > 0 && !opts.inputs.includes(STDIN) ? huntWorkerScript() : null;
    const parallel = script !== null;
    // Events are scored and stored in read order (the classifier is stateless; the store keeps input order), then
    // held until they can be taken in event time. The parallel path's events keep their documents as unparsed text.
    // Rows go to the store in transactions of a few thousand: each commit rewrites the index pages it touched.
    let rows: StoredRow[] = [];
    const flushRows = (): void => {
      if (repo && rows.length) stored += repo.addSerialized(rows);
      rows = [];
    };
    const keep = (row: StoredRow): void => {
      rows.push(row);
      if (rows.length >= STORE_BATCH) flushRows();
    };
    const order = new TimeOrder<ScoredEvent>({ codec: parallel ? (LAZY_SCORED_CODEC as unknown as TimeOrderCodec<ScoredEvent>) : SCORED_CODEC });
    if (parallel) {
      for await (const part of parallelScored(opts.inputs, counts, {
        workers,
        script,
        issues,
        unitBytes: opts.unitBytes,
        setup: {
          modelPath: opts.modelPath,
          overridesPath: opts.overridesPath,
          maxLineBytes: opts.maxLineBytes,
          projectedPaths: jobFieldPaths(jobs.jobs),
          storeDocs: store,
          originBase: opts.originBase,
        },
        onReject: rejects ? (i, raw) => rejects.write(i, raw) : undefined,
        onProgress: (n) => opts.onProgress?.(n, 'read'),
      })) {
        if (part.rows) for (let i = 0; i < part.rows.length; i++) keep({ ...part.rows[i], doc: part.events[i].doc });
        await order.add(part.events);
      }
    } else {
      for await (const events of ingest(opts.inputs, counts, {
        issues,
        maxLineBytes: opts.maxLineBytes,
        onReject: rejects ? (i, raw) => rejects.write(i, raw) : undefined,
        onProgress: (n) => opts.onProgress?.(n, 'read'),
      })) {
        if (opts.originBase) for (const ev of events) ev.origin = { ...ev.origin, file: relative(opts.originBase, ev.origin.file) };
        const scored = events.map((ev) => classifier.scoreEvent(ev));
        if (repo) for (const sc of scored) keep(toStoredRow(sc, storedEventDocument(sc)));
        await order.add(scored);
      }
    }

    flushRows();

    const rarity = createJobRunner(jobs.jobs, { issues });
    const engine = createRuleEngine({ db, rules, exceptions, mode: 'event-time', sinks: opts.sinks, onIssue: (i) => issues.add(i) });
    const takeRecords = (list: AnomalyRecord[], renormalized: boolean) => {
      if (!list.length) return;
      for (const r of list) {
        const id = recordId(r);
        if (!renormalized) byJob[r.job_id] = (byJob[r.job_id] ?? 0) + 1;
        records.set(id, r);
        engine.onAnomalyRecord(r);
      }
      if (db) {
        if (renormalized) applyRenormalized(db, list);
        else upsertRecords(db, list);
      }
    };
    let analysed = 0;
    const analyse = (s: ScoredEvent): void => {
      explainLazily(classifier, s);
      if (s.problemchild.prediction === 1) predicted++;
      if (s.classifier.override) overrides++;
      if (s.timeMs < minT) minT = s.timeMs;
      if (s.timeMs > maxT) maxT = s.timeMs;
      rarity.push(s);
      engine.onScoredEvent(s);
      takeRecords(rarity.drainRecords(), false);
      takeRecords(rarity.drainRenormalized(), true);
      engine.advanceTo(s.timeMs);
    };
    // One transaction per batch of events: a rule run's alerts and log entry, and the records, would otherwise each
    // commit on their own (thousands of small commits, each writing whole pages to the WAL). A run's own
    // transaction becomes a savepoint inside it.
    const analyseBatch = db ? db.transaction((batch: readonly ScoredEvent[]) => batch.forEach(analyse)) : (batch: readonly ScoredEvent[]) => batch.forEach(analyse);
    for await (const batch of order.drain()) {
      analyseBatch(batch);
      analysed += batch.length;
      opts.onProgress?.(analysed, 'analyse');
    }
    rarity.flush();
    takeRecords(rarity.drainRecords(), false);
    takeRecords(rarity.drainRenormalized(), true);
    engineSummary = await engine.finish();
    const lateEvents = Object.values(rarity.stats()).reduce((a, s) => a + ((s as { late_events?: number }).late_events ?? 0), 0);
    if (repo && opts.retentionDays !== undefined && maxT > -Infinity) repo.applyRetention(opts.retentionDays, maxT);
    if (opts.anomaliesPath) writeRecords(opts.anomaliesPath, [...records.values()]);

    const durationMs = performance.now() - started;
    return {
      inputs: opts.inputs,
      db: dbPath,
      counts,
      storedEvents: stored,
      model: classifier.model.model_id,
      predictedMalicious: predicted,
      overrides,
      anomalies: { total: records.size, byJob: sortedObject(byJob), lateEvents },
      rules: {
        loaded: rules.length,
        runs: engineSummary.runs,
        idleRunsSkipped: engineSummary.idleRunsSkipped,
        alertsCreated: engineSummary.alertsCreated,
        duplicates: engineSummary.duplicates,
        excluded: engineSummary.excluded,
        byRule: engineSummary.byRule,
      },
      alerts: engineSummary.alerts,
      sinks: engineSummary.sinks,
      issuesByCode: issues.countsObject(),
      issues: issues.kept,
      firstEventTime: minT === Infinity ? null : new Date(minT).toISOString(),
      lastEventTime: maxT === -Infinity ? null : new Date(maxT).toISOString(),
      durationMs: Math.round(durationMs),
      eventsPerSec: durationMs > 0 ? Math.round((counts.records / durationMs) * 1000) : 0,
    };
  } finally {
    await rejects?.close();
    db?.close();
  }
}

/**
 * Gives a flagged event's `classifier.top_features` as a getter that computes them once, when an alert (or any
 * other reader) first asks. Unflagged events keep the empty list, exactly as `oddspawn score` writes them.
 */
function explainLazily(classifier: Classifier, s: ScoredEvent): ScoredEvent {
  if (s.problemchild.prediction !== 1 && s.classifier.malicious_probability < EXPLAIN_MIN_PROBABILITY) return s;
  let cached: TopFeature[] | undefined;
  Object.defineProperty(s.classifier, 'top_features', {
    // The event is read only when asked for: in a parallel hunt it is parsed on first use.
    get: () => (cached ??= classifier.explainEvent(s.event)),
    enumerable: true,
    configurable: true,
  });
  return s;
}

/** Time-order spill format of the single-threaded path: the scored event as JSON (explanations come later). */
const SCORED_CODEC: TimeOrderCodec<ScoredEvent> = {
  timeOf: (s) => s.timeMs,
  encode: (s) => JSON.stringify(s),
  decode: (line) => JSON.parse(line) as ScoredEvent,
};

function sortedObject(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Final records (after renormalisation), in a deterministic order. */
function writeRecords(path: string, recs: AnomalyRecord[]): void {
  recs.sort((a, b) => a.timestamp - b.timestamp || a.job_id.localeCompare(b.job_id) || recordId(a).localeCompare(recordId(b)));
  writeFileSync(path, recs.map((r) => JSON.stringify(r)).join('\n') + (recs.length ? '\n' : ''));
}
