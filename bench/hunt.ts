// `hunt` end to end (read → normalize → classify → sort → six jobs → eight rules → alerts) over a simulated
// organisation, beside the same run's JSON.parse-alone rate over the same lines: with the default worker threads
// (analysing while reading, and only after reading), on one thread, and with the event store.

import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { TMP_DIR, median } from './common.js';
import { writeSimulation } from '../src/simulate/index.js';
import { runHunt } from '../src/pipeline.js';
import { defaultHuntWorkers } from '../src/hunt/parallel-ingest.js';

export interface HuntBenchResult {
  users: number;
  days: number;
  events: number;
  jsonParseEventsPerSec: number;
  /** Worker threads of the default hunt. */
  workers: number;
  /** With `workers` worker threads (no store: the sorted input is analysed while it is read). */
  huntEventsPerSec: number;
  /** The same, analysing only after reading (as for input out of time order). */
  huntAfterReadingEventsPerSec: number;
  /** The same hunt with everything on the main thread (--workers 0). */
  huntSingleThreadEventsPerSec: number;
  /** The default hunt with the event store (analysed while reading, its writes journaled). */
  huntWithStoreEventsPerSec: number;
  /** The same, analysing only after reading. */
  huntWithStoreAfterReadingEventsPerSec: number;
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
  const workers = defaultHuntWorkers();
  const t0 = performance.now();
  const noStore = await runHunt({ inputs: [file], store: false, workers });
  const huntRate = noStore.counts.events / ((performance.now() - t0) / 1000);
  const ta = performance.now();
  const after = await runHunt({ inputs: [file], store: false, workers, speculate: false });
  const afterRate = after.counts.events / ((performance.now() - ta) / 1000);
  const ts = performance.now();
  const single = await runHunt({ inputs: [file], store: false, workers: 0 });
  const singleRate = single.counts.events / ((performance.now() - ts) / 1000);
  for (const other of [single, after])
    if (other.rules.alertsCreated !== noStore.rules.alertsCreated || other.anomalies.total !== noStore.anomalies.total)
      throw new Error('the hunts of the bench disagree');
  const dbDir = join(TMP_DIR, 'hunt-db');
  mkdirSync(dbDir, { recursive: true });
  // Each store run writes its own database (about 2.6 KB per event), removed after it.
  const storeRun = async (speculate: boolean): Promise<number> => {
    const db = join(dbDir, `run-${Date.now()}.sqlite`);
    try {
      const t = performance.now();
      const s = await runHunt({ inputs: [file], dbPath: db, workers, speculate });
      if (s.rules.alertsCreated !== noStore.rules.alertsCreated || s.anomalies.total !== noStore.anomalies.total) throw new Error('the hunts of the bench disagree');
      return s.counts.events / ((performance.now() - t) / 1000);
    } finally {
      for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    }
  };
  const storeRate = await storeRun(true);
  const storeAfterRate = await storeRun(false);
  const jp = median(parse);
  return {
    users,
    days,
    events,
    jsonParseEventsPerSec: Math.round(jp),
    workers,
    huntEventsPerSec: Math.round(huntRate),
    huntAfterReadingEventsPerSec: Math.round(afterRate),
    huntSingleThreadEventsPerSec: Math.round(singleRate),
    huntWithStoreEventsPerSec: Math.round(storeRate),
    huntWithStoreAfterReadingEventsPerSec: Math.round(storeAfterRate),
    ratio: Math.round((huntRate / jp) * 1000) / 1000,
    alerts: noStore.rules.alertsCreated,
    anomalies: noStore.anomalies.total,
  };
}
