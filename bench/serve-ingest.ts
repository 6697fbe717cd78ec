// `oddspawn serve` ingest benchmark: events/s acknowledged over HTTP (POST /api/v1/events, NDJSON batches of
// 1,000, four requests in flight) from a second process on loopback, against the same run's JSON.parse-alone
// rate over the same lines (the ratio is the figure that travels between machines). Two phases: the
// processing loop paused (what the HTTP side and the durable queue can take) and running (ingest while
// events are scored, modelled and stored on the same thread), plus the processing loop's own rate.
// Writes bench/results/serve-ingest.json.
//
// Run: npm run bench -- serve-ingest

import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { createServer } from '../src/serve/server.js';
import { processStartDoc } from '../src/serve/testing.js';
import { TMP_DIR } from './common.js';

const BATCH = 1000;
const BATCHES = 40;
const IN_FLIGHT = 4;
const NAMES = ['chrome.exe', 'notepad.exe', 'svchost.exe', 'powershell.exe', 'cmd.exe', 'excel.exe', 'certutil.exe', 'rundll32.exe'];

/** The posting client, run as a separate node process: reads the batch files and posts them, IN_FLIGHT at a time. */
const CLIENT = `
import { readFileSync } from 'node:fs';
const [url, dir, n, inFlight] = process.argv.slice(1);
const bodies = Array.from({ length: Number(n) }, (_, i) => readFileSync(dir + '/batch-' + i + '.ndjson'));
let next = 0, accepted = 0, throttled = 0;
const t0 = performance.now();
async function worker() {
  while (next < bodies.length) {
    const i = next++;
    for (;;) {
      const r = await fetch(url + 'api/v1/events', { method: 'POST', body: bodies[i], headers: { 'content-type': 'application/x-ndjson' } });
      if (r.status === 429) { throttled++; await r.arrayBuffer(); await new Promise((res) => setTimeout(res, 100)); continue; }
      accepted += (await r.json()).accepted;
      break;
    }
  }
}
await Promise.all(Array.from({ length: Number(inFlight) }, worker));
process.stdout.write(JSON.stringify({ accepted, throttled, wallMs: performance.now() - t0 }));
`;

function makeBatches(dir: string, t0: number): string[] {
  const lines: string[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const part: string[] = [];
    for (let i = 0; i < BATCH; i++) {
      const k = b * BATCH + i;
      const name = NAMES[(k * 7) % NAMES.length];
      part.push(JSON.stringify(processStartDoc({ timeMs: t0 + k * 50, user: `user${k % 97}`, host: `ws-${k % 61}`, name, cmd: `${name} --arg ${k % 13} C:\\Users\\user${k % 97}\\file${k % 101}.txt` })));
    }
    writeFileSync(join(dir, `batch-${b}.ndjson`), part.join('\n') + '\n');
    lines.push(...part);
  }
  return lines;
}

/** JSON.parse alone over the same lines: best of 5, by wall time and by CPU time of this process. */
function parseRate(lines: string[]): { wall: number; cpu: number } {
  let wall = 0;
  let cpu = 0;
  for (let rep = 0; rep < 5; rep++) {
    const t = performance.now();
    const c0 = process.cpuUsage();
    let n = 0;
    for (const l of lines) if (JSON.parse(l)) n++;
    const c = process.cpuUsage(c0);
    wall = Math.max(wall, n / ((performance.now() - t) / 1000));
    cpu = Math.max(cpu, n / ((c.user + c.system) / 1e6));
  }
  return { wall: Math.round(wall), cpu: Math.round(cpu) };
}

function post(url: string, dir: string): Promise<{ accepted: number; throttled: number; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CLIENT, url, dir, String(BATCHES), String(IN_FLIGHT)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { accepted: number; throttled: number; wallMs: number }) : reject(new Error(`client exited ${code}`))));
  });
}

export async function run(): Promise<object> {
  const loadAverageAtStart = Number(loadavg()[0].toFixed(2));
  const dir = join(TMP_DIR, 'serve-ingest');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now() - 3_600_000;
  const lines = makeBatches(dir, t0);
  const events = lines.length;
  const bytes = lines.reduce((a, l) => a + l.length + 1, 0);
  const jsonParse = parseRate(lines);

  const phase = async (name: string, autoProcess: boolean) => {
    const s = await createServer({ dbPath: join(dir, `${name}.sqlite`), port: 0, autoProcess, durability: 'full', maxPendingEvents: 10 * events });
    const { url } = await s.listen();
    const c0 = process.cpuUsage();
    const r = await post(url, dir);
    const c = process.cpuUsage(c0);
    const serverCpuMs = (c.user + c.system) / 1000;
    const httpEventsPerSec = Math.round(r.accepted / (r.wallMs / 1000));
    // Per CPU second of the server process: what the machine's other load (shared cores) cannot distort.
    const httpEventsPerServerCpuSec = Math.round(r.accepted / (serverCpuMs / 1000));
    let processing: { events: number; wallMs: number; cpuMs: number; eventsPerSecWall: number; eventsPerSecCpu: number } | undefined;
    if (!autoProcess) {
      // The processing loop alone (classify, six rarity jobs, events + records + state committed per chunk, rules).
      const p0 = performance.now();
      const c0 = process.cpuUsage();
      const n = s.processor.drain();
      const c = process.cpuUsage(c0);
      const wallMs = performance.now() - p0;
      const cpuMs = (c.user + c.system) / 1000;
      processing = { events: n, wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), eventsPerSecWall: Math.round(n / (wallMs / 1000)), eventsPerSecCpu: Math.round(n / (cpuMs / 1000)) };
    }
    await s.close();
    return {
      accepted: r.accepted,
      throttled: r.throttled,
      wallMs: Math.round(r.wallMs),
      serverCpuMs: Math.round(serverCpuMs),
      httpEventsPerSec,
      httpEventsPerServerCpuSec,
      ratioToJsonParseWall: Number((httpEventsPerSec / jsonParse.wall).toFixed(3)),
      ratioToJsonParseCpu: Number((httpEventsPerServerCpuSec / jsonParse.cpu).toFixed(3)),
      ...(processing ? { processing } : {}),
    };
  };

  const paused = await phase('paused', false);
  const running = await phase('running', true);
  rmSync(dir, { recursive: true, force: true });
  return {
    loadAverageAtStart,
    rules: 'shipped',
    events,
    bytes,
    batch: BATCH,
    inFlight: IN_FLIGHT,
    durability: 'full',
    jsonParseEventsPerSec: jsonParse.wall,
    jsonParseEventsPerCpuSec: jsonParse.cpu,
    processingPaused: paused,
    processingRunning: running,
  };
}
