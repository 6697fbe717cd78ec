// `npm run bench [-- name...]`: runs the benchmarks and records each result under bench/results/<name>.json.
// Benchmarks are never tests: figures are ratios against a baseline measured in the same run.

import { record } from './common.js';
import { runIngestBench } from './ingest.js';
import { run as runReadBench } from './read.js';
import { run as runNormalizeBench } from './normalize.js';
import { runEvtxBench } from './evtx.js';
import { runGbdtBench } from './gbdt.js';
import { runClassifyBench } from './classify.js';
import { runRarityBench } from './rarity.js';
import { run as runRulesBench } from './rules.js';
import { runSimulateBench } from './simulate.js';
import { runHuntBench } from './hunt.js';
import { run as runServeIngestBench } from './serve-ingest.js';
import { run as runServeApiBench } from './serve-api.js';
import { run as runStoreBench } from './store.js';

type Bench = () => Promise<object>;

const BENCHES: Record<string, Bench> = {
  ingest: () => runIngestBench(),
  read: () => runReadBench(),
  normalize: () => runNormalizeBench(),
  evtx: () => runEvtxBench(),
  gbdt: () => runGbdtBench(),
  classify: () => runClassifyBench(),
  rarity: () => runRarityBench(),
  rules: () => runRulesBench(),
  simulate: () => runSimulateBench(),
  hunt: () => runHuntBench(),
  'serve-ingest': () => runServeIngestBench(),
  'serve-api': () => runServeApiBench(),
  store: () => runStoreBench(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  for (const name of names) {
    const b = BENCHES[name];
    if (!b) {
      process.stderr.write(`unknown bench ${name}; known: ${Object.keys(BENCHES).join(', ')}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`bench ${name}…\n`);
    const result = await b();
    const path = record(name, result);
    process.stdout.write(`${name}: ${JSON.stringify(result)}\n  → ${path}\n`);
  }
}

await main();
