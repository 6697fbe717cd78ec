// EVTX reading throughput over the EVTX-ATTACK-SAMPLES corpus (../shared/data/evtx), ours against
// Debian's evtxexport (libevtx-utils, C) exporting XML, measured in the same run. Wall-clock rates are
// the headline; CPU-time rates are recorded too because the bench machine is shared and busy.
// Run: npm run build && node -e "import('./dist/bench/evtx.js').then(m => m.runEvtxBench())" (or via bench/run.ts).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BENCH_DIR, median } from './common.js';
import { readEvtxFiles, workerScript } from '../src/read/evtx/parallel.js';

export interface EvtxRate {
  wallMs: number;
  cpuMs: number;
  recordsPerSec: number;
  mbPerSec: number;
  recordsPerCpuSec: number;
}

export interface EvtxBenchResult {
  corpus: string;
  files: number;
  bytes: number;
  records: number;
  runs: number;
  ours: { singleThreadCold: EvtxRate; singleThread: EvtxRate; workers: (EvtxRate & { threads: number }) | null };
  evtxexport: (EvtxRate & { version: string; records: number }) | null;
  /** The corpus read `repeat` times in one call: start-up (worker spawn, JIT) amortised, as on a big case. */
  large: { repeat: number; records: number; singleThread: EvtxRate; workers: (EvtxRate & { threads: number }) | null };
  /** Only the largest files (≥ 1 MiB each): per-process start-up weighs least here for evtxexport. */
  largestFiles: { files: number; bytes: number; records: number; ours: EvtxRate; evtxexport: EvtxRate | null; ratio: number | null };
  /** ours single-thread records/s ÷ evtxexport records/s (wall clock, medians). */
  ratio: number | null;
  ratioCpu: number | null;
  workersRatio: number | null;
  note: string;
}

function evtxFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...evtxFiles(p));
    else if (e.name.toLowerCase().endsWith('.evtx')) out.push(p);
  }
  return out.sort();
}

function rate(records: number, bytes: number, wallMs: number, cpuMs: number): EvtxRate {
  return {
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpuMs),
    recordsPerSec: Math.round(records / (wallMs / 1000)),
    mbPerSec: Math.round((bytes / 2 ** 20 / (wallMs / 1000)) * 10) / 10,
    recordsPerCpuSec: Math.round(records / (cpuMs / 1000)),
  };
}

async function oursOnce(files: string[], workers: number): Promise<{ records: number; wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let records = 0;
  for await (const b of readEvtxFiles(files, { workers })) records += b.records.length;
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  // With workers, process.cpuUsage covers all threads of the process.
  return { records, wallMs, cpuMs: (c.user + c.system) / 1000 };
}

/** One bash process runs evtxexport on every file (output to /dev/null) and reports its children's CPU via `times`. */
function evtxexportOnce(files: string[]): { wallMs: number; cpuMs: number } | null {
  const script = 'for f in "$@"; do evtxexport -f xml "$f" >/dev/null 2>&1; done; times';
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', script, 'bench', ...files], { encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) return null;
  // `times` prints the shell's then its children's "user sys" lines, e.g. "0m1.878s 0m0.417s".
  const lines = r.stdout.trim().split('\n');
  const secs = (s: string): number => {
    const m = /(\d+)m([\d.]+)s/.exec(s);
    return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  };
  const [u, s] = (lines[lines.length - 1] ?? '').split(/\s+/);
  return { wallMs, cpuMs: (secs(u) + secs(s)) * 1000 };
}

function evtxexportRecords(files: string[]): number {
  const r = spawnSync('bash', ['-c', 'for f in "$@"; do evtxexport -f xml "$f" 2>/dev/null; done | grep -c "^<Event "', 'bench', ...files], {
    encoding: 'utf8',
  });
  return Number(r.stdout.trim());
}

export async function runEvtxBench(runs = 3): Promise<EvtxBenchResult> {
  const corpus = process.env.ODDSPAWN_EVTX_CORPUS ?? resolve(BENCH_DIR, '..', '..', 'shared', 'data', 'evtx');
  if (!existsSync(corpus)) throw new Error(`EVTX corpus not found at ${corpus} (set ODDSPAWN_EVTX_CORPUS)`);
  const files = evtxFiles(corpus);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);

  const cold = await oursOnce(files, 0);
  const records = cold.records;
  const single: Array<{ wallMs: number; cpuMs: number }> = [];
  const multi: Array<{ wallMs: number; cpuMs: number }> = [];
  const theirs: Array<{ wallMs: number; cpuMs: number }> = [];
  const threads = 2;
  const haveWorkers = workerScript() !== null;
  const version = spawnSync('evtxexport', ['-V'], { encoding: 'utf8' });
  const haveEvtxexport = version.status === 0 || /evtxexport/.test(version.stdout ?? '');
  // Interleave the contenders so that load changes on the shared machine hit all of them alike.
  for (let r = 0; r < runs; r++) {
    single.push(await oursOnce(files, 0));
    if (haveWorkers) multi.push(await oursOnce(files, threads));
    if (haveEvtxexport) {
      const t = evtxexportOnce(files);
      if (t) theirs.push(t);
    }
  }
  const med = (xs: Array<{ wallMs: number; cpuMs: number }>): { wallMs: number; cpuMs: number } => ({
    wallMs: median(xs.map((x) => x.wallMs)),
    cpuMs: median(xs.map((x) => x.cpuMs)),
  });
  const ours1 = rate(records, bytes, med(single).wallMs, med(single).cpuMs);
  const oursN = multi.length ? { ...rate(records, bytes, med(multi).wallMs, med(multi).cpuMs), threads } : null;
  const theirRecords = theirs.length ? evtxexportRecords(files) : 0;
  const ex = theirs.length
    ? { ...rate(theirRecords, bytes, med(theirs).wallMs, med(theirs).cpuMs), version: (version.stdout ?? '').trim().split('\n')[0], records: theirRecords }
    : null;
  const repeat = 5;
  const big = Array.from({ length: repeat }, () => files).flat();
  const bigSingle = await oursOnce(big, 0);
  const bigMulti = haveWorkers ? await oursOnce(big, threads) : null;
  const large = {
    repeat,
    records: bigSingle.records,
    singleThread: rate(bigSingle.records, bytes * repeat, bigSingle.wallMs, bigSingle.cpuMs),
    workers: bigMulti ? { ...rate(bigMulti.records, bytes * repeat, bigMulti.wallMs, bigMulti.cpuMs), threads } : null,
  };
  const round2 = (x: number): number => Math.round(x * 100) / 100;
  const bigFiles = files.filter((f) => statSync(f).size >= 2 ** 20);
  const bigBytes = bigFiles.reduce((n, f) => n + statSync(f).size, 0);
  const bigOurs: Array<{ records: number; wallMs: number; cpuMs: number }> = [];
  const bigTheirs: Array<{ wallMs: number; cpuMs: number }> = [];
  for (let r = 0; r < runs; r++) {
    bigOurs.push(await oursOnce(bigFiles, 0));
    const t = haveEvtxexport ? evtxexportOnce(bigFiles) : null;
    if (t) bigTheirs.push(t);
  }
  const bigRecords = bigOurs[0]?.records ?? 0;
  const bo = rate(bigRecords, bigBytes, med(bigOurs).wallMs, med(bigOurs).cpuMs);
  const bt = bigTheirs.length ? rate(evtxexportRecords(bigFiles), bigBytes, med(bigTheirs).wallMs, med(bigTheirs).cpuMs) : null;
  const largestFiles = { files: bigFiles.length, bytes: bigBytes, records: bigRecords, ours: bo, evtxexport: bt, ratio: bt ? round2(bo.recordsPerSec / bt.recordsPerSec) : null };
  return {
    corpus,
    files: files.length,
    bytes,
    records,
    runs,
    ours: { singleThreadCold: rate(records, bytes, cold.wallMs, cold.cpuMs), singleThread: ours1, workers: oursN },
    large,
    largestFiles,
    evtxexport: ex,
    ratio: ex ? round2(ours1.recordsPerSec / ex.recordsPerSec) : null,
    ratioCpu: ex ? round2(ours1.recordsPerCpuSec / ex.recordsPerCpuSec) : null,
    workersRatio: ex && oursN ? round2(oursN.recordsPerSec / ex.recordsPerSec) : null,
    note:
      'evtxexport runs once per file (as a user would), so its rate includes process start-up; ours decodes to ' +
      'Winlogbeat-shaped objects in one process. Medians of interleaved runs; the cold run includes JIT warm-up.',
  };
}
