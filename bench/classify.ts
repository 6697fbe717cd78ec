// Classifier benchmark: featurize + predict events/s on one core (the shipped model over the real
// labelled events: warm = cycled, cold = every command line unseen), a same-run baseline (same
// featurizer, per-tree walk), the full scored document (TreeSHAP for flagged events), training time
// for 200k rows (the shipped recipe's corpus tiled to 200k; ODDSPAWN_BENCH_TRAIN_ROWS=0 skips it),
// and the model file size. First, the realistic figure: a simulated organisation's stream in time
// order (the file hunt's bench simulates; ODDSPAWN_BENCH_STREAM_USERS/DAYS, default 50 × 14, 0 users
// skips it), scored as hunt's workers do (scoreEvent, no explanations, a reader batch of 256 events parsed and
// normalized, then scored), with the memo hit rates and prediction alone on the stream's cold rows
// (`stream.coldPredictOnly`: the split scorer's share); `streamChunks5000` scores the same stream in chunks of
// 5,000 events, as records before session 9 did (its first touch of events normalized long before costs more).
// Run: npm run bench -- classify   (or: npm run build && node dist/bench/classify.js).
// Wall time on a shared machine is inflated by other processes; CPU time is reported beside it.

import { createReadStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultModelPath, loadClassifier } from '../src/classify/classifier.js';
import { artEvents, readArtTemplates } from '../src/classify/data/art-events.js';
import { loadJsonl, type LabelledEvent } from '../src/classify/data/labelled.js';
import { simulatedEvents } from '../src/classify/data/simulated.js';
import { applyCalibration, compile, quickScorerTables, SplitScorer, type FlatForest } from '../src/classify/gbdt/index.js';
import { readsCommandLine, type FeatureSpec } from '../src/features/index.js';
import { simulate, writeSimulation } from '../src/simulate/index.js';
import { normalize } from '../src/normalize/index.js';
import { DEFAULT_BATCH_SIZE } from '../src/read/options.js';
import type { NormalizedEvent } from '../src/normalize/process-event.js';
import { trainClassifier } from '../src/classify/trainer.js';
import type { ProcessEvent } from '../src/normalize/process-event.js';
import { HAS_SHARED_DATA, sharedPath } from '../test/shared-data.js';
import { median, record, TMP_DIR } from './common.js';

function timed<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wallMs: Math.round(wallMs), cpuMs: Math.round((c.user + c.system) / 1000) };
}

export async function runClassifyBench(trainRows = Number(process.env.ODDSPAWN_BENCH_TRAIN_ROWS ?? 200_000)): Promise<object> {
  if (!HAS_SHARED_DATA) return { skipped: 'needs ../shared/data' };
  const dir = sharedPath('train');
  const real: ProcessEvent[] = [];
  const labelled: LabelledEvent[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    const r = loadJsonl(join(dir, f));
    real.push(...r.all);
    if (!f.startsWith('evtx')) labelled.push(...r.events);
  }

  const stream = await streamBench(DEFAULT_BATCH_SIZE, true);
  const streamChunks5000 = await streamBench(5000, false);
  const clf = loadClassifier();
  const compiled = compile(clf.model.gbdt);
  const row = new Float32Array(clf.features.names.length);
  const N = 100_000;
  let sink = 0;

  // Cold: every command line unseen (a per-event argument appended to the real ones; names, paths
  // and parents still repeat, as they do in telemetry), as fresh JSON.parse strings like a reader's.
  // Run first, after warming the JIT on a small simulated organisation whose strings do not occur in
  // the real files; several rounds (each with new arguments, parsed outside the timed part) so the
  // figure is not one short pass.
  const sim: ProcessEvent[] = [];
  for await (const ev of simulate({ users: 3, days: 1, seed: 424242 })) sim.push(ev);
  for (let r = 0; r < 15; r++) for (const ev of sim) sink += clf.probability(ev);
  const COLD_ROUNDS = 5;
  let coldEventsN = 0;
  let coldCpuMs = 0;
  const coldRoundCpuMs: number[] = [];
  for (let r = 0; r < COLD_ROUNDS; r++) {
    const coldEvents = JSON.parse(JSON.stringify(real.map((ev, i) => withCommandLine(ev, `${commandLine(ev)} /oddspawn-bench:${r}:${i}`)))) as ProcessEvent[];
    const cold = timed(() => {
      for (const ev of coldEvents) sink += clf.probability(ev);
      return coldEvents.length;
    });
    coldEventsN += coldEvents.length;
    coldCpuMs += cold.cpuMs;
    coldRoundCpuMs.push(cold.cpuMs);
  }

  // Where a cold event's time goes: featurize one more round of new command lines into a matrix, then
  // score those rows with the plain QuickScorer (no memo can hit).
  const splitEvents = JSON.parse(JSON.stringify(real.map((ev, i) => withCommandLine(ev, `${commandLine(ev)} /oddspawn-bench:split:${i}`)))) as ProcessEvent[];
  const W = row.length;
  const coldRows = new Float32Array(W * splitEvents.length);
  const coldFeaturize = timed(() => {
    for (let i = 0; i < splitEvents.length; i++) clf.features.featurize(splitEvents[i], coldRows, i * W);
    return splitEvents.length;
  });
  const coldPredict = timed(() => {
    for (let i = 0; i < splitEvents.length; i++) sink += compiled.predictRaw(coldRows, i * W);
    return splitEvents.length;
  });

  // Warm: the real events cycled (every string seen before): the classifier's scoring path, which for
  // a repeated event is the input memo (no featurization). Several rounds, the median reported (one
  // short measure swings with the machine's load).
  for (let i = 0; i < 5000; i++) sink += clf.probability(real[i % real.length]);
  const WARM_ROUNDS = 7;
  const warmRates: number[] = [];
  let predict = { wallMs: 0, cpuMs: 0 };
  for (let r = 0; r < WARM_ROUNDS; r++) {
    const t = timed(() => {
      for (let i = 0; i < N; i++) sink += clf.probability(real[i % real.length]);
      return N;
    });
    predict = { wallMs: predict.wallMs + t.wallMs, cpuMs: predict.cpuMs + t.cpuMs };
    warmRates.push(Math.round((N / Math.max(t.cpuMs, 1)) * 1000));
  }
  // Same-run baseline: the same featurizer, then the per-tree walk over the flat arrays (the predict
  // path before the QuickScorer form and the margin memo), so the ratio is free of machine load.
  const flat = compiled.flat;
  const baseline = timed(() => {
    for (let i = 0; i < N; i++) {
      clf.features.featurize(real[i % real.length], row, 0);
      sink += applyCalibration(flat.calibration, walkFlat(flat, row));
    }
    return N;
  });
  const featurizeOnly = timed(() => {
    for (let i = 0; i < N; i++) clf.features.featurize(real[i % real.length], row, 0);
    return N;
  });
  const rows = real.map((ev) => {
    const r = new Float32Array(row.length);
    clf.features.featurize(ev, r, 0);
    return r;
  });
  const predictOnly = timed(() => {
    for (let i = 0; i < N; i++) sink += compiled.predictRaw(rows[i % rows.length], 0);
    return N;
  });
  const M = 20_000;
  let flagged = 0;
  const scored = timed(() => {
    for (let i = 0; i < M; i++) flagged += clf.toScoredDocument(real[i % real.length]).problemchild.prediction;
    return M;
  });

  // The shipped recipe's corpus (real permissive sources + ART + a simulated org), tiled to trainRows.
  const tr = trainRows > 0 ? await trainBench(labelled, clf.model.feature_spec, trainRows) : undefined;
  const perSec = (n: number, ms: number): number => Math.round((n / Math.max(ms, 1)) * 1000);

  const result = {
    model: clf.model.model_id,
    features: clf.features.names.length,
    trees: clf.model.gbdt.trees.length,
    usedFeatures: compiled.usedFeatures.length,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    stream,
    streamChunks5000,
    featurizePredict: {
      events: N * WARM_ROUNDS,
      rounds: WARM_ROUNDS,
      wallMs: predict.wallMs,
      cpuMs: predict.cpuMs,
      eventsPerSecWall: perSec(N * WARM_ROUNDS, predict.wallMs),
      eventsPerSecCpu: perSec(N * WARM_ROUNDS, predict.cpuMs),
      roundEventsPerSecCpu: warmRates,
      medianEventsPerSecCpu: median(warmRates),
    },
    coldFeaturizePredict: {
      events: coldEventsN,
      rounds: COLD_ROUNDS,
      cpuMs: coldCpuMs,
      roundCpuMs: coldRoundCpuMs,
      eventsPerSecCpu: perSec(coldEventsN, coldCpuMs),
      // The median round: without the first round's compilation of the cold path (the warm-up above
      // mostly hits the input memo) and a round that happens to pay a full GC of the bench's own data
      // (process.cpuUsage counts V8's compiler and GC threads).
      medianRoundEventsPerSecCpu: perSec(coldEventsN / COLD_ROUNDS, median(coldRoundCpuMs)),
    },
    coldFeaturizeOnly: { events: splitEvents.length, eventsPerSecCpu: perSec(splitEvents.length, coldFeaturize.cpuMs) },
    coldPredictOnlyQuickScorer: { rows: splitEvents.length, eventsPerSecCpu: perSec(splitEvents.length, coldPredict.cpuMs) },
    baselineFeaturizeTreeWalk: { events: N, cpuMs: baseline.cpuMs, eventsPerSecCpu: perSec(N, baseline.cpuMs) },
    warmOverBaseline: Math.round(((baseline.cpuMs * WARM_ROUNDS) / Math.max(predict.cpuMs, 1)) * 100) / 100,
    featurizeOnly: { events: N, eventsPerSecCpu: perSec(N, featurizeOnly.cpuMs) },
    predictOnly: { rows: N, eventsPerSecCpu: perSec(N, predictOnly.cpuMs) },
    scoredDocumentWithShap: { events: M, flagged, eventsPerSecCpu: perSec(M, scored.cpuMs) },
    ...(tr ? { train: tr } : {}),
    modelFileBytes: statSync(defaultModelPath()).size,
    checksum: Math.round(sink),
  };
  record('classify', result);
  return result;
}

/**
 * The classifier over a simulated organisation's events in time order, as hunt's workers run it (a
 * classifier loaded with explain: false, scoreEvent per normalized event): lines are parsed and
 * normalized in chunks of `chunkSize` outside the timed part, then scored; the memos persist across
 * chunks as in a worker. A worker's chunk is a reader batch (DEFAULT_BATCH_SIZE).
 */
async function streamBench(chunkSize: number, predictOnly: boolean): Promise<object | undefined> {
  const users = Number(process.env.ODDSPAWN_BENCH_STREAM_USERS ?? 50);
  const days = Number(process.env.ODDSPAWN_BENCH_STREAM_DAYS ?? 14);
  if (!(users > 0)) return undefined;
  mkdirSync(TMP_DIR, { recursive: true });
  // The same file (and generator options) as hunt's bench.
  const file = join(TMP_DIR, `hunt-${users}x${days}.ndjson`);
  if (!existsSync(file)) await writeSimulation({ users, days, attacks: Math.max(2, Math.round(users / 10)), seed: 4242 }, file);
  const clf = loadClassifier(undefined, { explain: false });
  const before = clf.memoStats!();
  let chunk: NormalizedEvent[] = [];
  let events = 0;
  let cpuMs = 0;
  let flagged = 0;
  const score = (): void => {
    const t = timed(() => {
      let f = 0;
      for (const ev of chunk) f += clf.scoreEvent(ev).problemchild.prediction;
      return f;
    });
    flagged += t.value;
    cpuMs += t.cpuMs;
    events += chunk.length;
    chunk = [];
  };
  let line = 0;
  const head: NormalizedEvent[] = [];
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!text) continue;
    line++;
    const r = normalize({ value: JSON.parse(text) as unknown, origin: { file, line }, format: 'ndjson', text });
    if (r.kind === 'event') chunk.push(r.event);
    if (predictOnly && r.kind === 'event' && head.length < PREDICT_HEAD) head.push(r.event);
    if (chunk.length === chunkSize) score();
  }
  score();
  const s = clf.memoStats!();
  const rate = (hits: number, n: number): number => Math.round((hits / Math.max(n, 1)) * 10_000) / 10_000;
  const rows = s.rows - before.rows;
  const cmdLookups = s.commandLineLookups - before.commandLineLookups;
  const cmdMisses = s.commandLineMisses - before.commandLineMisses;
  return {
    users,
    days,
    events,
    cpuMs,
    eventsPerSecCpu: Math.round((events / Math.max(cpuMs, 1)) * 1000),
    flagged,
    /** Events whose command line had to be featurized from scratch (a command-line memo miss). */
    coldEvents: cmdMisses,
    /** Events whose featurization inputs were seen together before (no featurization). */
    inputMemoHitRate: rate(s.inputHits - before.inputHits, events),
    /** Of the events featurized (each row then scored): command line from the memo. */
    featurized: rows,
    commandLineMemoHitRate: rate(cmdLookups - cmdMisses, cmdLookups),
    /** Of the events featurized: every input but the command line seen together before (context families not run). */
    contextMemoHitRate: rate((s.contextHits ?? 0) - (before.contextHits ?? 0), rows),
    /** Of the rows scored: the static columns' scorer state came from its memo. */
    staticStateHitRate: rate(s.staticHits - before.staticHits, rows),
    chunkSize,
    ...(predictOnly ? { coldPredictOnly: streamPredictOnly(head) } : {}),
  };
}

/** The stream events whose featurized rows are collected for `coldPredictOnly`. */
const PREDICT_HEAD = 60_000;

/**
 * Prediction alone on the stream's cold rows: the rows the classifier hands its split scorer (the
 * input-memo misses among the first events, found by a classifier of its own, untimed), featurized
 * into a matrix, then scored by a fresh split scorer in stream order (its static-state memo as in the
 * classifier; each row is copied into the scorer's row, as the classifier does not need to).
 */
function streamPredictOnly(head: NormalizedEvent[]): object {
  const clf = loadClassifier(undefined, { explain: false });
  const W = clf.features.names.length;
  const cold: ProcessEvent[] = [];
  let misses = 0;
  for (const ev of head) {
    const before = clf.memoStats!();
    clf.scoreEvent(ev);
    const after = clf.memoStats!();
    if (after.rows > before.rows) {
      misses++;
      cold.push(ev.event);
    }
  }
  const X = new Float32Array(W * cold.length);
  cold.forEach((ev, i) => clf.features.featurize(ev, X, i * W));
  const tables = quickScorerTables(compile(clf.model.gbdt).flat);
  const rates: number[] = [];
  let sink = 0;
  for (let r = 0; r < 3; r++) {
    const sc = new SplitScorer(tables, (c) => !readsCommandLine(clf.features.names[c]), undefined, W);
    const t = timed(() => {
      for (let i = 0; i < cold.length; i++) sink += sc.raw32(X, i * W);
      return cold.length;
    });
    rates.push(Math.round((cold.length / Math.max(t.cpuMs, 1)) * 1000));
  }
  return { events: head.length, rows: misses, rounds: rates.length, roundRowsPerSecCpu: rates, medianRowsPerSecCpu: median(rates), checksum: Math.round(sink) };
}

/** Training time of the shipped recipe's corpus (real permissive sources + ART + a simulated org) tiled to `rows`. */
async function trainBench(labelled: LabelledEvent[], spec: FeatureSpec, rows: number): Promise<object> {
  const corpus = [...labelled, ...artEvents(readArtTemplates(sharedPath('corpora', 'art_windows_commands.jsonl')), 1, 2), ...(await simulatedEvents({ users: 40, days: 14, seed: 1 }))];
  const tiled: LabelledEvent[] = [];
  for (let i = 0; tiled.length < rows; i++) {
    const e = corpus[i % corpus.length];
    tiled.push({ ...e, recording: `${e.recording}#${Math.floor(i / corpus.length)}` });
  }
  const tr = timed(() => trainClassifier({ train: tiled, spec, seed: 1, modelId: 'bench' }));
  return { rows: tiled.length, wallMs: tr.wallMs, cpuMs: tr.cpuMs, trees: tr.value.file.gbdt.trees.length };
}

function commandLine(ev: ProcessEvent): string {
  const c = ev.process?.command_line;
  return typeof c === 'string' ? c : '';
}

function withCommandLine(ev: ProcessEvent, command_line: string): ProcessEvent {
  return { ...ev, process: { ...ev.process, command_line } };
}

/** The per-tree walk over the flat arrays, as inference ran before the QuickScorer form. */
function walkFlat(f: FlatForest, x: Float32Array): number {
  let s = f.baseScore;
  for (let t = 0; t < f.roots.length; t++) {
    let n = f.roots[t];
    let k: number;
    while ((k = f.feature[n]) >= 0) {
      const v = x[k];
      n = f.left[n] + (v <= f.threshold[n] || (v !== v && f.missingLeft[n] === 1) ? 0 : 1);
    }
    s += f.value[n];
  }
  return s;
}

export const run = runClassifyBench;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runClassifyBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
