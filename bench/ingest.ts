// Reader + normalizer throughput against the physical anchor measured in the same run: JSON.parse of
// lines that are already split in memory. The bar: read+normalize ≥ 50 % of that rate.

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
  jsonParseEventsPerSec: number;
  readNormalizeEventsPerSec: number;
  ratio: number;
  runs: number;
  /** Each run's read+normalize rate over its own JSON.parse rate (the two are measured back to back). */
  runRatios: number[];
  /** 1-minute load average before and after: the machine is shared, so the figures move with it. */
  loadAvg: [before: number, after: number];
}

export async function runIngestBench(runs = 3): Promise<IngestBenchResult> {
  const file = await ensureBenchFile();
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const load0 = loadavg()[0];
  const parseRates: number[] = [];
  const ingestRates: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    let sink = 0;
    for (const l of lines) sink += (JSON.parse(l) as { process: { pid: number } }).process.pid & 1;
    parseRates.push(lines.length / ((performance.now() - t) / 1000));
    t = performance.now();
    const counts = emptyCounts();
    for await (const batch of ingest([file], counts)) sink += batch.length & 1;
    ingestRates.push(counts.events / ((performance.now() - t) / 1000));
    if (counts.events !== lines.length) throw new Error(`ingest saw ${counts.events} events, expected ${lines.length}`);
    if (sink < 0) throw new Error('unreachable');
  }
  const jp = median(parseRates);
  const rn = median(ingestRates);
  return {
    events: lines.length,
    fileMB: Math.round(statSync(file).size / 1e4) / 100,
    jsonParseEventsPerSec: Math.round(jp),
    readNormalizeEventsPerSec: Math.round(rn),
    ratio: Math.round((rn / jp) * 1000) / 1000,
    runs,
    runRatios: parseRates.map((p, i) => Math.round((ingestRates[i] / p) * 1000) / 1000),
    loadAvg: [Math.round(load0 * 100) / 100, Math.round(loadavg()[0] * 100) / 100],
  };
}
