// Read-stage throughput: openInputs over one file (sniff, gunzip if needed, split, JSON.parse, batch).
// The lead's bench wraps it with the normalizer and the JSON.parse-alone baseline of the same run.
// Run alone: `node dist/bench/read.js [FILE.ndjson]` (without FILE: 500k generated events, result recorded).

import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { TMP_DIR, median, record } from './common.js';
import { openInputs } from '../src/read/inputs.js';
import type { ReadOptions } from '../src/read/options.js';

export interface ReadBenchResult {
  recordsPerSec: number;
  mbPerSec: number;
  records: number;
  issues: number;
  bytes: number;
  seconds: number;
}

/** Reads `file` `rounds` times (default 3) and reports the best round (least disturbed by other load). */
export async function runReadBench(file: string, opts: ReadOptions & { rounds?: number } = {}): Promise<ReadBenchResult> {
  const bytes = statSync(file).size;
  let best: ReadBenchResult | undefined;
  for (let round = 0; round < (opts.rounds ?? 3); round++) {
    let records = 0;
    let issues = 0;
    const t0 = process.hrtime.bigint();
    for await (const b of openInputs([file], opts)) {
      records += b.records.length;
      issues += b.issues.length;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const r = { recordsPerSec: Math.round(records / seconds), mbPerSec: Math.round((bytes / 1e6 / seconds) * 10) / 10, records, issues, bytes, seconds: Math.round(seconds * 1000) / 1000 };
    if (!best || r.seconds < best.seconds) best = r;
  }
  return best as ReadBenchResult;
}

/** Writes (once; cached) `n` flat-ECS process events as NDJSON (`json: true`: one JSON array); returns the path. */
export async function writeBenchFile(dir: string, n: number, json = false): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, json ? `read-bench-${n}.json` : `read-bench-${n}.ndjson`);
  if (existsSync(path)) return path;
  const out = createWriteStream(path);
  const users = ['amelie.roux', 'jonas.berg', 'svc_backup', 'SYSTEM'];
  const progs = ['cmd.exe', 'powershell.exe', 'rundll32.exe', 'svchost.exe', 'conhost.exe'];
  if (json) out.write('[\n');
  for (let i = 0; i < n; i++) {
    const name = progs[i % progs.length];
    const line = JSON.stringify({
      '@timestamp': new Date(1_700_000_000_000 + i * 997).toISOString(),
      'event.code': '1',
      'host.name': `WS${i % 50}`,
      'user.name': users[i % users.length],
      'user.domain': 'CORP',
      'process.name': name,
      'process.executable': `C:\\Windows\\System32\\${name}`,
      'process.command_line': `"C:\\Windows\\System32\\${name}" /c echo "run ${i}"`,
      'process.pid': 1000 + (i % 60000),
      'process.parent.name': 'explorer.exe',
      'process.parent.executable': 'C:\\Windows\\explorer.exe',
      'process.integrity_level': 'Medium',
    });
    if (!out.write(json ? (i < n - 1 ? `${line},\n` : `${line}\n`) : `${line}\n`)) await once(out, 'drain');
  }
  if (json) out.write(']\n');
  out.end();
  await once(out, 'finish');
  return path;
}

export interface ReadVsParseResult {
  name: 'read';
  file: string;
  records: number;
  fileMB: number;
  /** JSON.parse of the same lines, already split in memory (the physical anchor). */
  jsonParsePerSec: number;
  readPerSec: number;
  readMBPerSec: number;
  ratio: number;
  rounds: number;
}

/**
 * openInputs over an NDJSON file against JSON.parse of its pre-split lines, interleaved round by round
 * so that both see the same machine load; medians of `rounds`.
 */
export async function runReadVsParse(file: string, rounds = 5): Promise<ReadVsParseResult> {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const parse: number[] = [];
  const read: ReadBenchResult[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (const l of lines) if (JSON.parse(l) !== null) sink++;
    parse.push(lines.length / ((performance.now() - t) / 1000));
    read.push(await runReadBench(file, { rounds: 1 }));
  }
  if (sink < 0) throw new Error('unreachable');
  const jp = median(parse);
  const rp = median(read.map((x) => x.recordsPerSec));
  return {
    name: 'read',
    file,
    records: read[0].records,
    fileMB: Math.round(read[0].bytes / 1e4) / 100,
    jsonParsePerSec: Math.round(jp),
    readPerSec: Math.round(rp),
    readMBPerSec: median(read.map((x) => x.mbPerSec)),
    ratio: Math.round((rp / jp) * 1000) / 1000,
    rounds,
  };
}

/** The bench entry: 500k generated flat-ECS events. */
export async function run(): Promise<ReadVsParseResult> {
  return runReadVsParse(await writeBenchFile(TMP_DIR, 500_000));
}

if (process.argv[1] && /bench[\\/]read\.[jt]s$/.test(process.argv[1])) {
  const result = process.argv[2] ? await runReadVsParse(process.argv[2]) : await run();
  console.log(JSON.stringify(result));
  if (!process.argv[2]) console.log(`→ ${record('read', result)}`);
}
