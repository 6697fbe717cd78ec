// `hunt` end to end (read → normalize → sort → classify → six jobs → eight rules → alerts) over a simulated
// organisation, beside the same run's JSON.parse-alone rate over the same lines.

import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { TMP_DIR, median } from './common.js';
import { writeSimulation } from '../src/simulate/index.js';
import { runHunt } from '../src/pipeline.js';

export interface HuntBenchResult {
  users: number;
  days: number;
  events: number;
  jsonParseEventsPerSec: number;
  huntEventsPerSec: number;
  huntWithStoreEventsPerSec: number;
  ratio: number;
  alerts: number;
  anomalies: number;
}

export async function runHuntBench(users = Number(process.env.ODDSPAWN_BENCH_HUNT_USERS ?? 100), days = Number(process.env.ODDSPAWN_BENCH_HUNT_DAYS ?? 14)): Promise<HuntBenchResult> {
  mkdirSync(TMP_DIR, { recursive: true });
  const file = join(TMP_DIR, `hunt-${users}x${days}.ndjson`);
  if (!existsSync(file)) await writeSimulation({ users, days, attacks: Math.max(2, Math.round(users / 10)), seed: 4242 }, file);
  // The baseline parses a sample of the same lines (the whole file can exceed V8's largest string).
  const lines: string[] = [];
  let events = 0;
  for await (const l of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!l) continue;
    events++;
    if (lines.length < 200_000) lines.push(l);
  }
  const parse: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    let sink = 0;
    for (const l of lines) sink += (JSON.parse(l) as object) ? 1 : 0;
    parse.push(sink / ((performance.now() - t) / 1000));
  }
  const t0 = performance.now();
  const noStore = await runHunt({ inputs: [file], store: false });
  const huntRate = noStore.counts.events / ((performance.now() - t0) / 1000);
  const dbDir = join(TMP_DIR, 'hunt-db');
  mkdirSync(dbDir, { recursive: true });
  const t1 = performance.now();
  const withStore = await runHunt({ inputs: [file], dbPath: join(dbDir, `run-${Date.now()}.sqlite`) });
  const storeRate = withStore.counts.events / ((performance.now() - t1) / 1000);
  const jp = median(parse);
  return {
    users,
    days,
    events,
    jsonParseEventsPerSec: Math.round(jp),
    huntEventsPerSec: Math.round(huntRate),
    huntWithStoreEventsPerSec: Math.round(storeRate),
    ratio: Math.round((huntRate / jp) * 1000) / 1000,
    alerts: noStore.rules.alertsCreated,
    anomalies: noStore.anomalies.total,
  };
}
