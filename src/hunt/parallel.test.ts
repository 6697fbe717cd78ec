// The parallel hunt must give exactly what the single-threaded hunt gives: summary, alerts, anomaly records,
// rejects, kept issues and stored events, over clean simulated data and over hostile input split across workers.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHunt, type HuntSummary } from '../pipeline.js';
import { writeSimulation } from '../simulate/index.js';
import { createNdjsonSink } from '../alerts/index.js';
import { defaultHuntWorkers, defaultWorkersFor, huntWorkerScript, SMALL_INPUT_BYTES } from './parallel-ingest.js';
import { normalize } from '../normalize/index.js';

const root = mkdtempSync(join(tmpdir(), 'oddspawn-parallel-'));
const inputs = join(root, 'in');
// The store run skips the hostile files: their records span years of event time, and the event-time schedule would
// write every 15-minute rule run of those years to the database.
const storeInputs = join(root, 'in-store');
const SHAPES = new URL('../../test/fixtures/shapes/', import.meta.url);

/** Hostile NDJSON around real records of every shape: bad JSON, blank and non-object lines, _bulk pairs, giant lines. */
function hostileLines(): string {
  const PROBE = '2025-03-03T12:00:00.000Z';
  // Only shapes whose event time is @timestamp (some take it from the event data), so the time can be set.
  const docs = readdirSync(SHAPES).flatMap((f) => {
    const v = JSON.parse(readFileSync(new URL(f, SHAPES), 'utf8')) as unknown;
    return (Array.isArray(v) ? v : [v]).filter((d: Record<string, unknown>) => {
      const r = normalize({ value: { ...d, '@timestamp': PROBE }, origin: { file: f, line: 1 }, format: 'ndjson' });
      return r.kind === 'event' && r.event.timeMs === Date.parse(PROBE);
    });
  });
  const out: string[] = [];
  for (let i = 0; i < 600; i++) {
    // Inside the simulated weeks, so the hostile records share rule windows with the simulated ones.
    const d = { ...(docs[i % docs.length] as Record<string, unknown>), '@timestamp': new Date(Date.UTC(2025, 2, 3) + i * 600_000).toISOString() };
    out.push(JSON.stringify(d));
    if (i % 11 === 0) out.push('{"broken": ');
    if (i % 13 === 0) out.push('');
    if (i % 17 === 0) out.push('[1, 2, 3]');
    if (i % 19 === 0) out.push(JSON.stringify({ index: { _index: 'x' } }), JSON.stringify(d));
    if (i % 23 === 0) out.push(JSON.stringify({ ...d, pad: 'p'.repeat(70_000) }));
    if (i % 29 === 0) out.push(JSON.stringify({ event: { category: ['network'] }, '@timestamp': '2025-03-04T00:00:00Z' }));
    if (i % 31 === 0) out.push(JSON.stringify({ ...d, user: 12345, process: { name: 7, command_line: ['x'] } }));
    // Tabs and carriage returns are JSON whitespace inside a line the workers pass on as its document text.
    if (i % 37 === 0) out.push(JSON.stringify({ ...d, '@timestamp': new Date(Date.UTC(2025, 2, 3) + i * 600_000 + 1).toISOString() }, null, '\t').replace(/\n/g, '\t'));
    if (i % 41 === 0) out.push(JSON.stringify({ ...d, '@timestamp': new Date(Date.UTC(2025, 2, 3) + i * 600_000 + 2).toISOString() }).replace('{', '{\r '));
  }
  return out.join('\n') + '\n';
}

beforeAll(async () => {
  mkdirSync(inputs, { recursive: true });
  await writeSimulation({ users: 4, days: 3, attacks: 2, seed: 77 }, join(inputs, 'a-sim.ndjson'));
  const hostile = hostileLines();
  writeFileSync(join(inputs, 'b-hostile.ndjson'), hostile);
  writeFileSync(join(inputs, 'c-hostile.ndjson.gz'), gzipSync(hostile));
  const docs = readFileSync(join(inputs, 'a-sim.ndjson'), 'utf8').trim().split('\n').slice(0, 300);
  writeFileSync(join(inputs, 'd-array.json'), `[${docs.join(',\n')}]`);
  mkdirSync(storeInputs, { recursive: true });
  writeFileSync(join(storeInputs, 'a-sim.ndjson'), readFileSync(join(inputs, 'a-sim.ndjson')));
  writeFileSync(join(storeInputs, 'd-array.json'), `[${docs.join(',\n')}]`);
}, 60_000);

interface Run {
  summary: HuntSummary;
  alerts: string;
  anomalies: string;
  rejects: string;
  events: unknown[];
}

async function hunt(workers: number, store: boolean, tag: string, sortMemory?: number, speculate?: boolean): Promise<Run> {
  const out = join(root, `${tag}-${workers}`);
  mkdirSync(out, { recursive: true });
  const alertsPath = join(out, 'alerts.ndjson');
  const summary = await runHunt({
    inputs: [store ? storeInputs : inputs],
    store,
    dbPath: join(out, 'db.sqlite'),
    workers,
    unitBytes: 64 * 1024,
    sortMemory,
    speculate,
    maxLineBytes: 64 * 1024,
    rejectsPath: join(out, 'rejects.ndjson'),
    anomaliesPath: join(out, 'anomalies.ndjson'),
    sinks: [createNdjsonSink(alertsPath)],
  });
  let events: unknown[] = [];
  if (store) {
    const db = new Database(join(out, 'db.sqlite'), { readonly: true });
    events = db.prepare('SELECT * FROM events ORDER BY id').all();
    db.close();
  }
  return {
    summary,
    alerts: readFileSync(alertsPath, 'utf8'),
    anomalies: readFileSync(join(out, 'anomalies.ndjson'), 'utf8'),
    rejects: readFileSync(join(out, 'rejects.ndjson'), 'utf8'),
    events,
  };
}

function comparable(s: HuntSummary): unknown {
  // Timings, and the paths of this test's own outputs, differ by construction.
  const { durationMs: _d, eventsPerSec: _e, db: _db, sinks, ...rest } = s;
  return { ...rest, sinks: sinks.map((k) => ({ ...k, sink: k.sink.replace(/-\d\//, '/') })) };
}

describe.skipIf(huntWorkerScript() === null)('parallel hunt', () => {
  it('equals the single-threaded hunt without the store', async () => {
    // The reference analyses after reading; the parallel run starts analysing while reading, and must drop that
    // pass when the second hostile file goes back in time.
    const one = await hunt(0, false, 'nostore', undefined, false);
    // The parallel run also spills its event-time sort in runs of 700 (events whose documents are in worker files).
    const par = await hunt(3, false, 'nostore', 700);
    expect(one.summary.counts.events).toBeGreaterThan(2000);
    expect(one.summary.counts.rejected + one.summary.counts.readIssues).toBeGreaterThan(100);
    expect(Object.keys(one.summary.counts.byShape).length).toBeGreaterThan(3);
    expect(one.summary.rules.alertsCreated).toBeGreaterThan(0);
    expect(one.rejects.length).toBeGreaterThan(0);
    expect(comparable(par.summary)).toEqual(comparable(one.summary));
    expect(par.alerts).toBe(one.alerts);
    expect(par.anomalies).toBe(one.anomalies);
    expect(par.rejects).toBe(one.rejects);
  }, 240_000);

  it('stores the same events and alerts', async () => {
    const one = await hunt(0, true, 'store');
    const par = await hunt(2, true, 'store', 700);
    expect(one.events.length).toBe(one.summary.storedEvents);
    expect(one.events.length).toBeGreaterThan(2000);
    expect(par.events).toEqual(one.events);
    expect(comparable(par.summary)).toEqual(comparable(one.summary));
    expect(par.alerts).toBe(one.alerts);
  }, 240_000);
});

describe('defaultHuntWorkers', () => {
  it('keeps one-core machines on one thread and leaves the main thread a core on bigger ones', () => {
    expect([1, 2, 3, 4, 8, 64].map((c) => defaultHuntWorkers(c))).toEqual([0, 2, 2, 3, 7, 8]);
  });

  it('keeps an input smaller than three work units on one thread, counting every file it names', async () => {
    const dir = join(root, 'sizes');
    mkdirSync(join(dir, 'folder'), { recursive: true });
    const sized = (name: string, bytes: number): string => {
      const f = join(dir, name);
      writeFileSync(f, '');
      truncateSync(f, bytes); // sparse: the size is what counts
      return f;
    };
    const small = sized('small.ndjson', 1_000_000);
    const justUnder = sized('under.ndjson', SMALL_INPUT_BYTES - 1);
    const big = sized('big.ndjson', SMALL_INPUT_BYTES);
    sized('folder/a.ndjson', SMALL_INPUT_BYTES / 2);
    sized('folder/b.evtx', SMALL_INPUT_BYTES / 2);
    expect(await defaultWorkersFor([small], 4)).toBe(0);
    expect(await defaultWorkersFor([justUnder], 4)).toBe(0);
    expect(await defaultWorkersFor([big], 4)).toBe(3);
    expect(await defaultWorkersFor([big], 1)).toBe(0);
    expect(await defaultWorkersFor([small, justUnder], 4)).toBe(3);
    expect(await defaultWorkersFor([join(dir, 'folder')], 8)).toBe(7);
    expect(await defaultWorkersFor([join(dir, 'folder', '*.ndjson')], 8)).toBe(0);
    expect(await defaultWorkersFor([join(dir, 'missing.ndjson'), small], 4)).toBe(0);
    // The same file named twice is read once.
    expect(await defaultWorkersFor([justUnder, justUnder], 4)).toBe(0);
  });
});
