// Reader + normalizer throughput against the physical anchor measured in the same run: JSON.parse of
// lines that are already split in memory. The bar: read+normalize ≥ 50 % of that rate.
// Each run pairs one JSON.parse pass with one read+normalize pass (alternating which goes first). Rates are recorded
// from wall-clock time (the bar) and from CPU-seconds (steadier on a shared machine, for comparing builds).

import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { once } from 'node:events';
import { TMP_DIR, median } from './common.js';
import { emptyCounts, ingest } from '../src/ingest.js';

const USERS = ['amelie.roux', 'jonas.berg', 'lena.fischer', 'omar.haddad', 'svc_backup', 'SYSTEM', 'NETWORK SERVICE'];
const PROCS: Array<[string, string, string]> = [
  ['svchost.exe', 'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule'],
  ['chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer --lang=en-US'],
  ['conhost.exe', 'C:\\Windows\\System32\\conhost.exe', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1'],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -NoProfile -File C:\\scripts\\sync.ps1'],
  ['git.exe', 'C:\\Program Files\\Git\\cmd\\git.exe', 'git.exe status --porcelain'],
];

/** 500k synthetic nested-ECS process starts, about the anchor's 230 bytes each; generated once and cached. */
export async function ensureBenchFile(n = 500_000): Promise<string> {
  mkdirSync(TMP_DIR, { recursive: true });
  const path = join(TMP_DIR, `ingest-${n}.ndjson`);
  if (existsSync(path)) return path;
  const out = createWriteStream(path);
  const t0 = Date.UTC(2026, 10, 1);
  for (let i = 0; i < n; i++) {
    const [name, exe, cmd] = PROCS[i % PROCS.length];
    const doc = {
      '@timestamp': new Date(t0 + i * 997).toISOString(),
      event: { category: ['process'], type: ['start'], kind: 'event' },
      host: { name: `ws-${(i * 7) % 500}` },
      user: { name: USERS[i % USERS.length] },
      process: { name, executable: exe, command_line: cmd, pid: 1000 + (i % 60000), parent: { name: 'explorer.exe' } },
    };
    if (!out.write(JSON.stringify(doc) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

export interface IngestBenchResult {
  events: number;
  fileMB: number;
  /** Medians over the runs, from wall-clock time: the rates the bar is about. */
  jsonParseEventsPerSec: number;
  readNormalizeEventsPerSec: number;
  /**
   * The figure: the median of the per-run ratios (wall clock). Each run's two passes are measured back to back,
   * so a run's ratio sees one machine state; the median of ratios is steadier than a ratio of medians taken from
   * different runs.
   */
  ratio: number;
  /** Median read+normalize rate over median JSON.parse rate (wall clock): the figure recorded before session 5. */
  ratioOfMedianRates: number;
  runs: number;
  /** Each run's read+normalize rate over its own JSON.parse rate (the two are measured back to back), wall clock. */
  runRatios: number[];
  /**
   * The same from CPU-seconds (process.cpuUsage: every thread of the process, so GC helper threads and file reads
   * count against read+normalize). Steadier than wall time on a shared machine: use it to compare two builds.
   */
  cpu: { jsonParseEventsPerSec: number; readNormalizeEventsPerSec: number; ratio: number; ratioOfMedianRates: number; runRatios: number[] };
  /** 1-minute load average before and after: the machine is shared, so the figures move with it. */
  loadAvg: [before: number, after: number];
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Records in the warm-up input: enough for the JIT and the normalizer's layout caches, cheap next to a run. */
const WARMUP_EVENTS = 20_000;

export async function runIngestBench(runs = 9): Promise<IngestBenchResult> {
  const file = await ensureBenchFile();
  const warmup = await ensureBenchFile(WARMUP_EVENTS);
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const load0 = loadavg()[0];
  const parseCpu: number[] = [];
  const ingestCpu: number[] = [];
  const parseWall: number[] = [];
  const ingestWall: number[] = [];
  let sink = 0;
  const parseAll = (): void => {
    const c = cpuSeconds();
    const t = performance.now();
    for (const l of lines) sink += (JSON.parse(l) as { process: { pid: number } }).process.pid & 1;
    parseWall.push(lines.length / ((performance.now() - t) / 1000));
    parseCpu.push(lines.length / (cpuSeconds() - c));
  };
  const ingestAll = async (): Promise<void> => {
    const c = cpuSeconds();
    const t = performance.now();
    const counts = emptyCounts();
    for await (const batch of ingest([file], counts)) sink += batch.length & 1;
    ingestWall.push(counts.events / ((performance.now() - t) / 1000));
    ingestCpu.push(counts.events / (cpuSeconds() - c));
    if (counts.events !== lines.length) throw new Error(`ingest saw ${counts.events} events, expected ${lines.length}`);
  };
  // Untimed warm-up of both sides: otherwise the first run also times compilation (JIT, layout caches) and
  // file-cache misses, and lands far below the others.
  for (const l of readFileSync(warmup, 'utf8').split('\n')) if (l.length > 0) sink += (JSON.parse(l) as { process: { pid: number } }).process.pid & 1;
  for await (const batch of ingest([warmup], emptyCounts())) sink += batch.length & 1;
  for (let r = 0; r < runs; r++) {
    // Alternate which goes first, so that a drift in the machine's load does not favour one side.
    if (r % 2 === 0) {
      parseAll();
      await ingestAll();
    } else {
      await ingestAll();
      parseAll();
    }
  }
  if (sink < 0) throw new Error('unreachable');
  const ratios = (p: number[], i: number[]): number[] => p.map((x, k) => r3(i[k] / x));
  return {
    events: lines.length,
    fileMB: Math.round(statSync(file).size / 1e4) / 100,
    jsonParseEventsPerSec: Math.round(median(parseWall)),
    readNormalizeEventsPerSec: Math.round(median(ingestWall)),
    ratio: r3(median(ratios(parseWall, ingestWall))),
    ratioOfMedianRates: r3(median(ingestWall) / median(parseWall)),
    runs,
    runRatios: ratios(parseWall, ingestWall),
    cpu: {
      jsonParseEventsPerSec: Math.round(median(parseCpu)),
      readNormalizeEventsPerSec: Math.round(median(ingestCpu)),
      ratio: r3(median(ratios(parseCpu, ingestCpu))),
      ratioOfMedianRates: r3(median(ingestCpu) / median(parseCpu)),
      runRatios: ratios(parseCpu, ingestCpu),
    },
    loadAvg: [Math.round(load0 * 100) / 100, Math.round(loadavg()[0] * 100) / 100],
  };
}
