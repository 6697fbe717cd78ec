// kill -9 during ingestion: every acknowledged event is stored exactly once after a restart, and every alert
// exists once (one per alerting event, none lost, none doubled).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './cli.js';
import { processStartDoc, TEST_RULE_ID, writeFastRule } from '../../src/serve/testing.js';

const dir = mkdtempSync(join(tmpdir(), 'oddspawn-kill-'));
const dbPath = join(dir, 'serve.sqlite');
const rulesDir = writeFastRule(join(dir, 'rules'));
const children: ChildProcess[] = [];
const PER_BATCH = 100;

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', dbPath, '--rules-dir', rulesDir, '--durability', 'full'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
}

/** Batch b: PER_BATCH events with unique command lines; the first is a certutil start (which the rule alerts on). */
function batch(b: number): { body: string; markers: string[] } {
  const t = Date.now();
  const markers: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < PER_BATCH; i++) {
    const marker = `m-${b}-${i}`;
    markers.push(marker);
    const name = i === 0 ? 'certutil.exe' : 'notepad.exe';
    lines.push(JSON.stringify(processStartDoc({ timeMs: t - 1000 + i, user: `u${b % 5}`, name, cmd: `${name} ${marker}` })));
  }
  return { body: lines.join('\n') + '\n', markers };
}

async function post(url: string, body: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}api/v1/events`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
    if (r.status !== 200) return false;
    const j = (await r.json()) as { accepted: number };
    return j.accepted === PER_BATCH;
  } catch {
    return false;
  }
}

async function waitFor<T>(fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('oddspawn serve under kill -9', () => {
  it('loses no acknowledged event and duplicates no alert', async () => {
    const first = await start();
    const acked: string[] = [];
    let b = 0;
    let killed = false;
    // Four shippers post batches back to back; the process is killed once 3,000 events are acknowledged,
    // with requests in flight and (ingest outrunning processing) events still queued.
    const shipper = async (): Promise<void> => {
      while (!killed) {
        const { body, markers } = batch(b++);
        const ok = await post(first.url, body);
        // A 200 that arrives is an acknowledgement, even if the kill was already sent.
        if (ok) acked.push(...markers);
        if (!killed && acked.length >= 3000) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    const inFlight = [shipper(), shipper(), shipper(), shipper()];
    await Promise.all(inFlight);
    await new Promise<void>((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r() : first.child.once('exit', () => r())));
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(3000);

    const second = await start();
    // Processing finishes, then the rule (every second) has seen every certutil start.
    const atRestart = (await (await fetch(`${second.url}api/v1/health`)).json()) as { queue: { pending: number }; events_total: number };
    // Diagnostics only (timing decides how much was still queued when the process died).
    process.stderr.write(`kill -9: ${acked.length} acknowledged; at restart ${atRestart.events_total} stored, ${atRestart.queue.pending} queued\n`);
    await waitFor(async () => {
      const h = (await (await fetch(`${second.url}api/v1/health`)).json()) as { queue: { pending: number }; events_total: number };
      return h.queue.pending === 0 ? h : undefined;
    }, 60_000);
    const db = new Database(dbPath, { readonly: true });
    try {
      const storedCertutil = (): number => (db.prepare("SELECT COUNT(*) AS n FROM events WHERE process_name = 'certutil.exe'").get() as { n: number }).n;
      const alertCount = (): number => (db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE rule_id = ?').get(TEST_RULE_ID) as { n: number }).n;
      await waitFor(async () => (alertCount() === storedCertutil() ? true : undefined), 30_000);

      const docs = db.prepare('SELECT doc FROM events').all() as Array<{ doc: string }>;
      const seen = new Map<string, number>();
      for (const d of docs) {
        const cmd = (JSON.parse(d.doc) as { process: { command_line: string } }).process.command_line;
        const marker = cmd.split(' ')[1];
        seen.set(marker, (seen.get(marker) ?? 0) + 1);
      }
      // Every acknowledged event is there exactly once; nothing at all is there twice.
      for (const m of acked) expect(seen.get(m), m).toBe(1);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);

      const alerts = db.prepare('SELECT id, doc FROM alerts WHERE rule_id = ?').all(TEST_RULE_ID) as Array<{ id: string; doc: string }>;
      const alertMarkers = alerts.map((a) => (JSON.parse(a.doc) as { process: { command_line: string } }).process.command_line.split(' ')[1]);
      expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
      expect(new Set(alertMarkers).size).toBe(alerts.length);
      const certutilMarkers = [...seen.keys()].filter((m) => m.endsWith('-0')).sort();
      expect([...alertMarkers].sort()).toEqual(certutilMarkers);
    } finally {
      db.close();
    }
    second.child.kill('SIGTERM');
    await new Promise<void>((r) => (second.child.exitCode !== null ? r() : second.child.once('exit', () => r())));
    expect(second.child.exitCode).toBe(0);
  }, 120_000);
});
