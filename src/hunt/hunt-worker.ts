// Worker thread of the parallel hunt: read → normalize → classify for one work unit at a time. Output goes back
// in batches: a small wire record per event (scores, the fields the rarity jobs read) and where the event's
// document is in this worker's document file; the main thread reads and parses only the few documents an alert or
// explanation needs.

import { createReadStream } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { relative } from 'node:path';
import { emptyCounts, ingestBatches } from '../ingest.js';
import { createClassifier, loadClassifier, type Classifier } from '../classify/classifier.js';
import { loadOverrides } from '../classify/overrides.js';
import { IssueLog, type Issue } from '../common/issues.js';
import type { ScoredEvent } from '../classify/types.js';
import { openInputs } from '../read/inputs.js';
import { ByteSource } from '../read/byte-source.js';
import { NdjsonReader } from '../read/ndjson-reader.js';
import { resolveReadOptions } from '../read/options.js';
import type { RawBatch } from '../read/types.js';
import type { StoredRow } from '../store/events-repo.js';
import { storedEventRow } from './stored-document.js';
import { DocWriter, docFilePath } from './doc-files.js';
import { NDJSON_LINE, type DocKind } from './lazy-scored.js';
import type { FromWorker, RejectEntry, ToWorker, WorkerSetup } from './protocol.js';
import { FeedGate, unfedFieldPaths } from './feed-gate.js';
import { packRows, transferList } from './packed-rows.js';
import { ScoredLineWriter, type PlaceFields } from './scored-line.js';
import type { WorkUnit } from './units.js';

const port = parentPort;
if (!port) throw new Error('hunt-worker runs as a worker thread');

let setup: WorkerSetup | undefined;
let classifier: Classifier | undefined;
let docWriter: DocWriter | undefined;
let worker = 0;
let lineWriter: ScoredLineWriter | undefined;
let feedGate: FeedGate | undefined;
let queue: Promise<void> = Promise.resolve();
// Batches sent but not yet taken by the main thread: a worker ahead of the unit being consumed waits rather than
// filling the main thread's memory.
const MAX_UNACKED = 64;
let unacked = 0;
let onAck: (() => void) | undefined;

port.on('message', (m: ToWorker) => {
  if (m.t === 'ack') {
    unacked--;
    const f = onAck;
    onAck = undefined;
    f?.();
    return;
  }
  if (m.t === 'setup') {
    setup = m.setup;
    worker = m.worker;
    docWriter = new DocWriter(docFilePath(setup.docDir, worker));
    const opts = { explain: false, ...(setup.overridesPath ? { overrides: loadOverrides(setup.overridesPath) } : {}) };
    classifier = setup.model ? createClassifier(setup.model, opts) : loadClassifier(setup.modelPath, opts);
    lineWriter = new ScoredLineWriter(setup.projectedPaths, unfedFieldPaths(setup.jobs));
    feedGate = new FeedGate(setup.jobs);
    return;
  }
  // Units run one after another, in the order they were sent.
  queue = queue.then(() =>
    runUnit(m.unit).catch((e: unknown) => post({ t: 'fatal', unit: m.unit.index, message: e instanceof Error ? (e.stack ?? e.message) : String(e) })),
  );
});

function post(m: FromWorker, transfer?: ArrayBuffer[]): void {
  port!.postMessage(m, transfer);
}

function source(unit: WorkUnit, s: WorkerSetup): AsyncIterable<RawBatch> {
  // Nested EVTX worker pools would compete with this pool for the same cores.
  if (unit.kind === 'file') return openInputs([unit.path], { maxLineBytes: s.maxLineBytes, evtxWorkers: 0 });
  const o = resolveReadOptions({ maxLineBytes: s.maxLineBytes });
  const stream = createReadStream(unit.path, { start: unit.start, end: unit.end - 1, highWaterMark: o.highWaterMark });
  return shiftLines(new NdjsonReader(ByteSource.fromStream(unit.path, stream, o.highWaterMark), o).batches(), unit.lineOffset);
}

/** A range's reader counts lines from its own start; the lines before the range make them file line numbers. */
async function* shiftLines(batches: AsyncIterable<RawBatch>, offset: number): AsyncGenerator<RawBatch> {
  for await (const b of batches) {
    if (offset > 0) {
      for (const r of b.records) if (r.origin.line !== undefined) r.origin = { ...r.origin, line: r.origin.line + offset };
      for (const i of b.issues) if (i.origin?.line !== undefined) i.origin = { ...i.origin, line: i.origin.line + offset };
    }
    yield b;
  }
}

async function runUnit(unit: WorkUnit): Promise<void> {
  const s = setup!;
  const c = classifier!;
  const docFile = docWriter!;
  const writer = lineWriter!;
  const gate = feedGate!;
  const log = new IssueLog(s.keepIssues);
  let sentIssues = 0;
  let rejects: RejectEntry[] = [];
  // Cumulative for the unit; the main thread adds the difference since the previous message.
  const counts = emptyCounts();
  const ingestOpts = {
    issues: log,
    maxLineBytes: s.maxLineBytes,
    onReject: (issue: Issue, raw: RejectEntry['raw']) => void rejects.push({ issue, raw }),
    keepRaw: !s.storeDocs,
  };
  const flush = async (lines: string[], times: Float64Array, rows: StoredRow[] | undefined): Promise<void> => {
    while (unacked >= MAX_UNACKED) await new Promise<void>((resolve) => (onAck = resolve));
    unacked++;
    const packed = rows ? packRows(rows) : undefined;
    post(
      { t: 'batch', unit: unit.index, strings: writer.takeNewStrings(), lines, times, rows: packed, counts, issues: log.kept.slice(sentIssues), rejects },
      packed ? transferList(packed) : undefined,
    );
    sentIssues = log.kept.length;
    rejects = [];
  };
  // A plain NDJSON line of a byte range is read back from the input itself (doc-files.ts readInput): the range's
  // stream starts at its first byte.
  const input = unit.kind === 'range' ? unit.path : undefined;
  const inputBase = unit.kind === 'range' ? unit.start : 0;
  for await (const batch of ingestBatches(source(unit, s), counts, ingestOpts)) {
    const n = batch.length;
    const events: ScoredEvent[] = new Array(n);
    const kinds: DocKind[] = new Array(n);
    // The documents to write, and for each event its document's index there (-1: read back from the input).
    const docs: string[] = [];
    const docIndex = new Int32Array(n);
    const places: PlaceFields[] = new Array(n);
    const times = new Float64Array(n);
    const rows: StoredRow[] | undefined = s.storeDocs ? new Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      const ev = batch[i];
      if (s.originBase !== undefined) ev.origin = { ...ev.origin, file: relative(s.originBase, ev.origin.file) };
      const sc = c.scoreEvent(ev);
      events[i] = sc;
      times[i] = sc.timeMs;
      const raw = ev.raw;
      docIndex[i] = docs.length;
      if (rows) {
        const row = storedEventRow(sc);
        docs.push(row.doc);
        rows[i] = row;
        kinds[i] = 'stored';
      } else if (raw?.text !== undefined) {
        // Serializing the event would cost about as much as parsing it did; the main thread reads few documents.
        kinds[i] = raw.format === 'ndjson' ? NDJSON_LINE : { raw: raw.format };
        if (input !== undefined && raw.format === 'ndjson' && raw.textAt !== undefined && raw.textBytes !== undefined) {
          places[i] = [worker, inputBase + raw.textAt, raw.textBytes, input];
          docIndex[i] = -1;
        } else docs.push(raw.text);
      } else {
        docs.push(JSON.stringify(sc.event));
        kinds[i] = 'event';
      }
    }
    const at = docFile.append(docs);
    const lines: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const d = docIndex[i];
      const place = d < 0 ? places[i] : ([worker, at[2 * d], at[2 * d + 1]] as PlaceFields);
      lines[i] = writer.line(events[i], kinds[i], place, gate.fed(events[i]));
    }
    await flush(lines, times, rows);
  }
  if (log.kept.length > sentIssues || rejects.length) await flush([], new Float64Array(0), undefined);
  post({ t: 'done', unit: unit.index, counts, uncounted: log.uncounted() });
}
