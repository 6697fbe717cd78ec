// The one place that wires the stages in order:
//   read → normalize → (store) → time order → classify → rarity jobs → rules → alerts.
// Batch mode runs on event time: events are sorted (bounded memory), then every stage sees them in time order,
// and the rules run each scheduled execution as event time passes it.

import { relative } from 'node:path';
import { IssueLog, OddspawnError, type Issue } from './common/issues.js';
import { emptyCounts, ingest, type IngestCounts } from './ingest.js';
import { openDb, type Db } from './store/db.js';
import { resolveDbPath } from './store/location.js';
import { EventsRepo } from './store/events-repo.js';
import { createRejectsWriter } from './normalize/rejects.js';
import { TimeOrder, type TimeOrderCodec } from './time-order.js';
import { createClassifier, defaultModelPath } from './classify/classifier.js';
import { readClassifier } from './classify/model-file.js';
import { loadOverrides } from './classify/overrides.js';
import type { ScoredEvent } from './classify/types.js';
import { builtinJobs, jobFieldPaths, loadJobs, recordId, type AnomalyRecord, type JobsFlavour } from './rarity/index.js';
import { findRule, loadRules, shippedRulesDir, loadExceptionsFile, type EngineSummary, type LoadedRule } from './rules/index.js';
import type { ExceptionSet } from './rules/exceptions.js';
import type { AlertSink } from './alerts/index.js';
import type { IssueCode } from './common/codes.js';
import { writeFileSync } from 'node:fs';
import { STDIN } from './read/inputs.js';
import { defaultWorkersFor, huntWorkerScript, parallelScored } from './hunt/parallel-ingest.js';
import { SCORED_LINE_CODEC, ScoredLine, ScoredLineReader } from './hunt/scored-line.js';
import { RepoRowSink, storeWriterScript, ThreadRowSink, type RowSink } from './hunt/row-sink.js';
import { DocFiles } from './hunt/doc-files.js';
import { rowCount, type RowChunk } from './hunt/packed-rows.js';
import { unfedFieldPaths } from './hunt/feed-gate.js';
import { Analysis } from './hunt/analysis.js';
import { HeldSink } from './hunt/held-sink.js';
import { Journal } from './hunt/journal.js';
import { storedEventRow } from './hunt/stored-document.js';

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
   * Worker threads that read, normalize and classify (default: defaultWorkersFor — none for inputs under
   * SMALL_INPUT_BYTES, else cores − 1, at least 2); 0 does everything on this thread. Standard input is always read
   * on this thread.
   */
  workers?: number;
  /** Bytes per range when a big NDJSON file is split between workers (tests use tiny values). */
  unitBytes?: number;
  /** Events held in memory for the event-time sort before a sorted run is spilled (tests use tiny values). */
  sortMemory?: number;
  /**
   * Analyse events while reading as long as they arrive in time order (default true; with a store, its writes
   * journaled until the pass is kept); false always analyses after reading. The results are the same either way.
   */
  speculate?: boolean;
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
  let exceptions: ExceptionSet | undefined;
  if (opts.exceptionsPath) {
    const ex = loadExceptionsFile(opts.exceptionsPath);
    if (ex.issues.some((i) => i.severity === 'error'))
      throw new OddspawnError('OS_CONFIG', `invalid exceptions: ${ex.issues.map((i) => i.message).join('; ')}`, ex.issues[0].origin, 2);
    exceptions = { lists: ex.lists, items: ex.items };
  }
  // Explanations (exact TreeSHAP) cost far more than scoring; in a hunt only the events behind alerts need them,
  // so events are scored without and explained on first use (see explainLazily).
  const model = readClassifier(opts.modelPath ?? defaultModelPath());
  const classifier = createClassifier(model, { explain: false, ...(opts.overridesPath ? { overrides: loadOverrides(opts.overridesPath) } : {}) });

  const store = opts.store !== false;
  const dbPath = store ? resolveDbPath(opts.dbPath) : null;
  let db: Db | undefined;
  const rejects = opts.rejectsPath ? createRejectsWriter(opts.rejectsPath) : undefined;
  let stored = 0;
  let docFiles: DocFiles | undefined;
  let sink: RowSink | undefined;
  try {
    db = dbPath ? openDb(dbPath) : undefined;
    const repo = db ? new EventsRepo(db) : undefined;
    const workers = opts.workers ?? (await defaultWorkersFor(opts.inputs));
    const script = workers > 0 && !opts.inputs.includes(STDIN) ? huntWorkerScript() : null;
    const parallel = script !== null;
    // Events are scored and stored in read order (the classifier is stateless; the store keeps input order), then
    // held until they can be taken in event time. The parallel path's events keep their documents as unparsed text
    // in the workers' document files (DocFiles), read back for the few events an alert needs.
    // Rows go to the store in transactions of a few thousand: each commit rewrites the index pages it touched.
    // A file store is written by its own thread when the compiled script is there (not ':memory:', which is per
    // connection): the inserts then overlap with reading instead of holding up the main thread.
    const writerScript = repo && dbPath !== ':memory:' ? storeWriterScript() : null;
    sink = repo ? (writerScript ? new ThreadRowSink(writerScript, dbPath!) : new RepoRowSink(repo)) : undefined;
    let chunks: RowChunk[] = [];
    let pendingRows = 0;
    const flushRows = async (): Promise<void> => {
      if (sink && chunks.length) await sink.add(chunks);
      chunks = [];
      pendingRows = 0;
    };
    // Transactions of at least STORE_BATCH rows, whole chunks each (a chunk is a worker's batch).
    const keep = async (c: RowChunk): Promise<void> => {
      const n = rowCount(c);
      if (n === 0) return;
      chunks.push(c);
      pendingRows += n;
      if (pendingRows >= STORE_BATCH) await flushRows();
    };
    docFiles = parallel ? new DocFiles() : undefined;
    const files = docFiles;
    const projectedPaths = jobFieldPaths(jobs.jobs);
    const unfedPaths = unfedFieldPaths(jobs.jobs);
    const lineReader = files ? new ScoredLineReader(projectedPaths, files, unfedPaths) : undefined;
    const toEvent = (x: ScoredEvent | ScoredLine): ScoredEvent => (x instanceof ScoredLine ? lineReader!.read(x.line) : x);
    const analysisOf = (sinks: readonly AlertSink[] | undefined, log: IssueLog, journal?: Journal): Analysis =>
      new Analysis({ classifier, jobs: jobs.jobs, rules, exceptions, db, sinks, issues: log, journal });
    // Inputs are often in time order already (one host's log, a simulation, a sorted export). Events are analysed
    // as they arrive while every one so far follows the last in time — alerts held back, issues logged aside,
    // database writes journaled (journal.ts) — and the pass is kept if the input ends that way; the first event out
    // of order drops it, and the sorted events are analysed after reading as usual. Either way the results are the same.
    const held = opts.speculate !== false ? (opts.sinks ?? []).map((k) => new HeldSink(k)) : undefined;
    const aside = new IssueLog(issues.keep);
    const journal = held && db ? new Journal() : undefined;
    let early = held ? analysisOf(held, aside, journal) : undefined;
    let lastTime = -Infinity;
    const analyseEarly = (batch: ReadonlyArray<ScoredEvent | ScoredLine>): void => {
      if (!early) return;
      for (const x of batch) {
        if (x.timeMs < lastTime) {
          early = undefined;
          for (const h of held!) h.discard();
          return;
        }
        lastTime = x.timeMs;
      }
      // A scored event of the one-thread path is also held by the time order: analysis adds a lazy explanation to
      // its classifier fields, which a spill would then compute, so the early pass gets its own copies.
      early.analyseBatch(batch.map((x) => (x instanceof ScoredLine ? toEvent(x) : { ...x, classifier: { ...x.classifier } })));
    };
    // The parallel path sorts scored lines (strings the workers made) and reads each into an event when analysing it.
    const order = new TimeOrder<ScoredEvent | ScoredLine>({
      maxInMemory: opts.sortMemory,
      codec: (docFiles ? SCORED_LINE_CODEC : SCORED_CODEC) as TimeOrderCodec<ScoredEvent | ScoredLine>,
    });
    if (docFiles && script) {
      for await (const part of parallelScored(opts.inputs, counts, {
        docFiles,
        lineReader: lineReader!,
        workers,
        script,
        issues,
        unitBytes: opts.unitBytes,
        setup: {
          modelPath: opts.modelPath,
          model,
          overridesPath: opts.overridesPath,
          maxLineBytes: opts.maxLineBytes,
          projectedPaths,
          jobs: jobs.jobs,
          storeDocs: store,
          originBase: opts.originBase,
        },
        onReject: rejects ? (i, raw) => rejects.write(i, raw) : undefined,
        onProgress: (n) => opts.onProgress?.(n, 'read'),
      })) {
        if (part.rows) await keep(part.rows);
        await order.add(part.events);
        analyseEarly(part.events);
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
        if (repo) await keep(scored.map((sc) => storedEventRow(sc)));
        await order.add(scored);
        analyseEarly(scored);
      }
    }

    await flushRows();
    // Every row is committed before the analysis writes (SQLite has one writer at a time).
    if (sink) stored = await sink.finish();

    let analysis: Analysis;
    if (early) {
      analysis = early;
      for (const h of held!) h.release();
      order.discard();
      opts.onProgress?.(analysis.analysed, 'analyse');
    } else {
      analysis = analysisOf(opts.sinks, issues);
      for await (const batch of order.drain()) {
        analysis.analyseBatch(batch.map(toEvent));
        opts.onProgress?.(analysis.analysed, 'analyse');
      }
    }
    const { engine: engineSummary, lateEvents } = await analysis.finish();
    if (early && journal) journal.replay(db!);
    // The early pass's issues come after every reading issue, as they would have in a pass after reading.
    if (early) mergeIssues(aside, issues);
    const { records, byJob, maxT, minT } = analysis;
    if (repo && opts.retentionDays !== undefined && maxT > -Infinity) repo.applyRetention(opts.retentionDays, maxT);
    if (opts.anomaliesPath) writeRecords(opts.anomaliesPath, [...records.values()]);

    const durationMs = performance.now() - started;
    return {
      inputs: opts.inputs,
      db: dbPath,
      counts,
      storedEvents: stored,
      model: classifier.model.model_id,
      predictedMalicious: analysis.predicted,
      overrides: analysis.overrides,
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
    await sink?.abort();
    await rejects?.close();
    db?.close();
    docFiles?.close();
  }
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

/** Adds the issues of `from` to `into` as if they had been added there: kept ones in order, the rest counted. */
function mergeIssues(from: IssueLog, into: IssueLog): void {
  for (const i of from.kept) into.add(i);
  for (const [code, n] of Object.entries(from.uncounted()) as Array<[IssueCode, number]>) into.addUncounted(code, n);
}
