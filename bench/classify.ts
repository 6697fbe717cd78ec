// Classifier benchmark: featurize + predict events/s on one core (the shipped model over the real
// labelled events, repeated), the same with the full scored document (TreeSHAP for flagged events),
// training time for 200k rows (the shipped recipe's corpus tiled to 200k), and the model file size.
// Run: npm run build && node dist/bench/classify.js   (or call runClassifyBench()).
// Wall time on a shared machine is inflated by other processes; CPU time is reported beside it.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultModelPath, loadClassifier } from '../src/classify/classifier.js';
import { artEvents, readArtTemplates } from '../src/classify/data/art-events.js';
import { loadJsonl, type LabelledEvent } from '../src/classify/data/labelled.js';
import { simulatedEvents } from '../src/classify/data/simulated.js';
import { compile } from '../src/classify/gbdt/index.js';
import { trainClassifier } from '../src/classify/trainer.js';
import type { ProcessEvent } from '../src/normalize/process-event.js';
import { HAS_SHARED_DATA, sharedPath } from '../test/shared-data.js';
import { record } from './common.js';

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

  const clf = loadClassifier();
  const compiled = compile(clf.model.gbdt);
  const row = new Float32Array(clf.features.names.length);
  const N = 100_000;
  let sink = 0;
  for (let i = 0; i < 5000; i++) sink += clf.probability(real[i % real.length]);
  const predict = timed(() => {
    for (let i = 0; i < N; i++) {
      clf.features.featurize(real[i % real.length], row, 0);
      sink += compiled.predictProba(row, 0);
    }
    return N;
  });
  const featurizeOnly = timed(() => {
    for (let i = 0; i < N; i++) clf.features.featurize(real[i % real.length], row, 0);
    return N;
  });
  const M = 20_000;
  let flagged = 0;
  const scored = timed(() => {
    for (let i = 0; i < M; i++) flagged += clf.toScoredDocument(real[i % real.length]).problemchild.prediction;
    return M;
  });

  // The shipped recipe's corpus (real permissive sources + ART + a simulated org), tiled to trainRows.
  const corpus = [...labelled, ...artEvents(readArtTemplates(sharedPath('corpora', 'art_windows_commands.jsonl')), 1, 2), ...(await simulatedEvents({ users: 40, days: 14, seed: 1 }))];
  const tiled: LabelledEvent[] = [];
  for (let i = 0; tiled.length < trainRows; i++) {
    const e = corpus[i % corpus.length];
    tiled.push({ ...e, recording: `${e.recording}#${Math.floor(i / corpus.length)}` });
  }
  const tr = timed(() => trainClassifier({ train: tiled, spec: clf.model.feature_spec, seed: 1, modelId: 'bench' }));

  const result = {
    model: clf.model.model_id,
    features: clf.features.names.length,
    trees: clf.model.gbdt.trees.length,
    featurizePredict: { events: N, wallMs: predict.wallMs, cpuMs: predict.cpuMs, eventsPerSecWall: Math.round((N / predict.wallMs) * 1000), eventsPerSecCpu: Math.round((N / predict.cpuMs) * 1000) },
    featurizeOnly: { events: N, eventsPerSecCpu: Math.round((N / featurizeOnly.cpuMs) * 1000) },
    scoredDocumentWithShap: { events: M, flagged, eventsPerSecCpu: Math.round((M / scored.cpuMs) * 1000) },
    train: { rows: tiled.length, wallMs: tr.wallMs, cpuMs: tr.cpuMs, trees: tr.value.file.gbdt.trees.length },
    modelFileBytes: statSync(defaultModelPath()).size,
    checksum: Math.round(sink),
  };
  record('classify', result);
  return result;
}

export const run = runClassifyBench;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runClassifyBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
