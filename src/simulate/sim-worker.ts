// A worker thread that simulates one shard of the organisation's hosts (host index % shards) and sends
// its NDJSON lines in batches cut at the same times in every shard. Each host draws from its own PRNG
// stream and never touches another host, so a shard's events are exactly those the single-thread
// engine would produce for these hosts; the main thread merges the shards by (time, order).

import { parentPort, workerData } from 'node:worker_threads';
import type { PlannedAttack } from './attacks.js';
import { DAY_MS, planDay, runSlice } from './day-plan.js';
import { eventKind, Simulation, SLICE_MS } from './engine.js';
import { NdjsonChunker } from './event-bytes.js';
import { TimeHeap } from './heap.js';
import { HostSim } from './host-sim.js';
import type { ShardBatch, ShardDone, ShardReply, ShardTask } from './shard-protocol.js';
import type { SimProc } from './proc.js';
import type { HostModel } from './types.js';

async function runShard(task: ShardTask, port: NonNullable<typeof parentPort>): Promise<void> {
  const sim = new Simulation(task.opts);
  const org = sim.org;
  const H = org.hosts.length;
  const heap = new TimeHeap<SimProc>();
  let seq = 0;
  let slice = 0;
  const hosts = org.hosts
    .filter((h) => h.index % task.shards === task.shard)
    .map((host) => new HostSim(org, host, (p) => {
      p.seq = seq++;
      p.order = slice * H + host.index;
      heap.push(p);
    }));
  const byHost = new Map<HostModel, PlannedAttack[]>();
  for (const a of sim.attacks) {
    const list = byHost.get(a.rec.user.host) ?? [];
    list.push(a);
    byHost.set(a.rec.user.host, list);
  }
  const victims = new Set(sim.victimIds());

  let outstanding = 0;
  let acked: (() => void) | null = null;
  port.on('message', () => {
    outstanding--;
    const w = acked;
    acked = null;
    w?.();
  });
  /** Most starts pending in this shard since its last batch. */
  let batchPeak = 0;
  let w = new NdjsonChunker();
  let chunks: Uint8Array[] = [];
  let lens: number[] = [];
  let keys: number[] = [];
  let kinds: number[] = [];
  let names: Array<[number, string, string]> = [];

  const emitBefore = (t1: number): void => {
    while (heap.peekTime() < t1) {
      const p = heap.pop() as SimProc;
      const full = w.add(p, p.host);
      if (full) chunks.push(full);
      const i = lens.length;
      lens.push(w.lineLength);
      keys.push(p.t, p.order);
      const kind = eventKind(p);
      kinds.push(kind);
      const uid = p.account.ecs.id ?? '';
      if (kind >= 2 || (kind === 0 && victims.has(uid))) names.push([i, uid, p.name.toLowerCase()]);
    }
  };
  const send = async (days: number): Promise<void> => {
    const last = w.take();
    if (last) chunks.push(last);
    const batch: ShardBatch = {
      type: 'batch', chunks, lens: Uint32Array.from(lens), keys: Float64Array.from(keys), kinds: Int32Array.from(kinds),
      names, pending: batchPeak, days,
    };
    const transfer = [...new Set(chunks.map((c) => c.buffer as ArrayBuffer))];
    port.postMessage(batch, transfer);
    outstanding++;
    w = new NdjsonChunker();
    chunks = [];
    lens = [];
    keys = [];
    kinds = [];
    names = [];
    batchPeak = 0;
    while (outstanding >= task.credit) await new Promise<void>((r) => (acked = r));
  };

  const none: PlannedAttack[] = [];
  const perDay = DAY_MS / SLICE_MS;
  for (let day = 0; day < org.days; day++) {
    const d0 = org.startMs + day * DAY_MS;
    for (const h of hosts) planDay(h, day, byHost.get(h.host) ?? none);
    for (let s = 0; s < perDay; s++) {
      const t0 = d0 + s * SLICE_MS;
      const t1 = t0 + SLICE_MS;
      for (const h of hosts) runSlice(h, t0, t1);
      slice++;
      if (heap.size > batchPeak) batchPeak = heap.size;
      if (slice % task.sliceGroup === 0 || s === perDay - 1) {
        emitBefore(t1);
        await send(s === perDay - 1 ? day + 1 : day);
      }
    }
  }
  emitBefore(Infinity);
  await send(org.days);
  const done: ShardDone = {
    type: 'done',
    scenarios: sim.attacks
      .map((a, index) => ({ index, startMs: a.rec.startMs, techniques: [...a.rec.techniques], processes: [...a.rec.processes.keys()] }))
      .filter((_s, index) => sim.attacks[index].rec.user.host.index % task.shards === task.shard),
  };
  port.postMessage(done);
}

const port = parentPort;
if (port) {
  runShard(workerData as ShardTask, port).catch((e: unknown) => {
    const reply: ShardReply = { type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    port.postMessage(reply);
  });
}
