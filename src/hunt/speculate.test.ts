// Analysing while reading (no store, input in time order) must give exactly what analysing after reading gives:
// summary, alerts in sink order, anomaly records and issues — when the input stays in order to the end, and when
// it goes back in time after alerts were already held back.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHunt, type HuntSummary } from '../pipeline.js';
import { writeSimulation } from '../simulate/index.js';
import { createNdjsonSink, type AlertDocument, type AlertSink } from '../alerts/index.js';
import { huntWorkerScript } from './parallel-ingest.js';
import { scoredLineStats } from './scored-line.js';
import { openDb } from '../store/db.js';

const root = mkdtempSync(join(tmpdir(), 'oddspawn-speculate-'));
const sorted = join(root, 'sorted');
const late = join(root, 'late');

beforeAll(async () => {
  mkdirSync(sorted, { recursive: true });
  mkdirSync(late, { recursive: true });
  await writeSimulation({ users: 4, days: 4, attacks: 3, seed: 91 }, join(sorted, 'a-sim.ndjson'));
  const lines = readFileSync(join(sorted, 'a-sim.ndjson'), 'utf8');
  writeFileSync(join(late, 'a-sim.ndjson'), lines);
  // After the whole simulation, a file that starts back at its first events: the early pass is dropped at the end.
  writeFileSync(join(late, 'b-again.ndjson'), lines.split('\n').slice(0, 400).join('\n') + '\n');
}, 60_000);

/** A sink that records what it was given and reports a failure when closed (an issue raised by the analysis). */
function failingSink(): AlertSink & { ids: string[] } {
  const ids: string[] = [];
  return {
    name: 'failing',
    ids,
    write: (d: AlertDocument) => void ids.push(d.kibana.alert.uuid),
    close: async () => ({ sink: 'failing', written: ids.length, failed: 1, dropped: 0, retries: 0, errors: ['refused'] }),
  };
}

async function hunt(input: string, workers: number, speculate: boolean, tag: string, dbPath?: string) {
  const out = join(root, tag);
  mkdirSync(out, { recursive: true });
  const failing = failingSink();
  let analyseCalls = 0;
  const summary = await runHunt({
    inputs: [input],
    ...(dbPath ? { store: true, dbPath } : { store: false }),
    workers,
    speculate,
    unitBytes: 256 * 1024,
    sortMemory: 900,
    anomaliesPath: join(out, 'anomalies.ndjson'),
    sinks: [createNdjsonSink(join(out, 'alerts.ndjson')), failing],
    onProgress: (_n, phase) => void (phase === 'analyse' && analyseCalls++),
  });
  return {
    summary,
    analyseCalls,
    alerts: readFileSync(join(out, 'alerts.ndjson'), 'utf8'),
    anomalies: readFileSync(join(out, 'anomalies.ndjson'), 'utf8'),
    failingIds: failing.ids,
    tables: dbPath ? tablesOf(dbPath) : undefined,
  };
}

/** Every table's rows in rowid order, wall-clock durations left out. */
function tablesOf(path: string): Record<string, unknown[]> {
  const db = openDb(path);
  try {
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string; sql: string }>;
    // A full-text index's own tables hold its segments, laid out by where transactions ended; its rows are compared
    // through the virtual table itself.
    const fts = tables.filter((t) => /USING fts5/i.test(t.sql)).map((t) => t.name);
    const names = tables.map((r) => r.name).filter((n) => !fts.some((f) => n.startsWith(`${f}_`)));
    const sqlOf = (n: string): string => tables.find((t) => t.name === n)!.sql;
    return Object.fromEntries(
      names.map((n) => [
        n,
        // WITHOUT ROWID tables come in primary-key order.
        (db.prepare(`SELECT * FROM "${n}"${/WITHOUT ROWID/i.test(sqlOf(n)) ? '' : ' ORDER BY rowid'}`).all() as Array<Record<string, unknown>>).map((row) =>
          Object.fromEntries(Object.entries(row).filter(([k]) => !/duration|applied_at/.test(k))),
        ),
      ]),
    );
  } finally {
    db.close();
  }
}

function comparable(s: HuntSummary): unknown {
  const { durationMs: _d, eventsPerSec: _e, sinks, db: _db, ...rest } = s;
  return { ...rest, sinks: sinks.map((k) => ({ ...k, sink: k.sink.replace(/\/[^/]+\/alerts/, '/alerts') })) };
}

type HuntRun = Awaited<ReturnType<typeof hunt>>;

/** The reference (analysed after reading) and the same input analysed while reading, on this thread and on 2 workers. */
async function runsOf(input: string, tag: string): Promise<{ ref: HuntRun; runs: HuntRun[] }> {
  const ref = await hunt(input, 0, false, `${tag}-ref`);
  expect(ref.summary.rules.alertsCreated).toBeGreaterThan(0);
  const runs = [await hunt(input, 0, true, `${tag}-0`)];
  if (huntWorkerScript() !== null) runs.push(await hunt(input, 2, true, `${tag}-2`));
  return { ref, runs };
}

function expectSame(r: HuntRun, ref: HuntRun): void {
  expect(comparable(r.summary)).toEqual(comparable(ref.summary));
  expect(r.tables).toEqual(ref.tables);
  expect(r.alerts).toBe(ref.alerts);
  expect(r.anomalies).toBe(ref.anomalies);
  expect(r.failingIds).toEqual(ref.failingIds);
}

describe('analysing while reading', () => {
  it('gives the results of analysing after reading when the input stays in time order', async () => {
    const { ref, runs } = await runsOf(sorted, 'sorted');
    expect(ref.summary.issuesByCode.OS_SINK_FAILED).toBe(1);
    expect(ref.analyseCalls).toBeGreaterThan(1);
    for (const r of runs) {
      // One progress report for the whole analysis: it ran while reading.
      expect(r.analyseCalls).toBe(1);
      expectSame(r, ref);
    }
    if (runs.length > 1) {
      // Most lines from the workers left out the fields no job reads from them, and none was read.
      expect(scoredLineStats.trimmed).toBeGreaterThan(scoredLineStats.read / 2);
      expect(scoredLineStats.leftOutReads).toBe(0);
    }
  }, 240_000);

  it('drops the early pass when the input goes back in time after alerts were held', async () => {
    const { ref, runs } = await runsOf(late, 'late');
    for (const r of runs) {
      expect(r.analyseCalls).toBeGreaterThan(1);
      expectSame(r, ref);
    }
  }, 240_000);

  it('with the store, writes the same tables, journaled while reading and replayed once kept, run after run', async () => {
    for (const input of [sorted, late]) {
      const tag = input === sorted ? 'store-sorted' : 'store-late';
      const refDb = join(root, `${tag}-ref.sqlite`);
      const refRuns = [await hunt(input, 0, false, `${tag}-ref1`, refDb), await hunt(input, 0, false, `${tag}-ref2`, refDb)];
      // The second run over the same database finds every alert stored already.
      expect(refRuns[1].summary.rules.alertsCreated).toBe(0);
      expect(refRuns[1].summary.rules.duplicates).toBeGreaterThan(0);
      for (const workers of huntWorkerScript() !== null ? [0, 2] : [0]) {
        const db = join(root, `${tag}-${workers}.sqlite`);
        for (let k = 0; k < 2; k++) {
          const r = await hunt(input, workers, true, `${tag}-${workers}-${k}`, db);
          if (input === sorted) expect(r.analyseCalls).toBe(1);
          expectSame(r, refRuns[k]);
        }
      }
    }
  }, 480_000);
});
