// NDJSON: one JSON object per line. Also recognizes, line by line, the Elasticsearch exports that are
// NDJSON too: search hits (`{"_index","_id","_source"}` → the source), whole search responses on one line
// (scroll dumps → their hits' sources) and _bulk bodies (action line + source line → the source).
// The hot path is one JSON.parse and a few property reads per line.

import { issue, type Issue } from '../common/issues.js';
import { BatchBuilder } from './batch-builder.js';
import type { ByteSource } from './byte-source.js';
import { bulkOp, isHit, isObject, searchHits, type BulkOp, type JsonObject } from './es-shapes.js';
import { LineSplitter } from './line-splitter.js';
import type { ResolvedReadOptions } from './options.js';
import type { RawBatch, Reader } from './types.js';

export class NdjsonReader implements Reader {
  readonly format = 'ndjson';

  constructor(
    private readonly source: ByteSource,
    private readonly opts: ResolvedReadOptions,
  ) {}

  get name(): string {
    return this.source.name;
  }

  async *batches(): AsyncGenerator<RawBatch> {
    const file = this.source.name;
    const out = new BatchBuilder(file, this.opts.batchSize);
    const report = (i: Issue): void => out.addIssue(i);
    let pendingOp: BulkOp | undefined;
    let pendingLine = 0;

    /** `at`, `bytes`: where the line's text is in the stream (LineSink.line). */
    const onObject = (o: JsonObject, line: number, text: string, at: number, bytes: number): void => {
      if (pendingOp !== undefined) {
        const op = pendingOp;
        pendingOp = undefined;
        if (op === 'update') {
          // An update body is {"doc":{…}} or {"upsert":{…}}: the document is inside.
          const doc = isObject(o.doc) ? o.doc : isObject(o.upsert) ? o.upsert : undefined;
          if (doc === undefined) report(issue('OS_READ_NOT_OBJECT', '_bulk update body has no "doc" or "upsert" object', { file, line }));
          else out.add({ value: doc, origin: { file, line }, format: 'bulk' });
        } else {
          out.add({ value: o, origin: { file, line }, format: 'bulk', text });
        }
        return;
      }
      if (o._source !== undefined && isHit(o)) {
        if (isObject(o._source)) out.add({ value: o._source, origin: { file, line }, format: 'es-hits' });
        else report(issue('OS_READ_NOT_OBJECT', 'search hit has a "_source" that is not an object', { file, line }));
        return;
      }
      if (o.hits !== undefined) {
        const hits = searchHits(o);
        if (hits !== undefined) {
          addHits(hits, line);
          return;
        }
      }
      if (o.index !== undefined || o.create !== undefined || o.update !== undefined || o.delete !== undefined) {
        const op = bulkOp(o);
        if (op !== undefined) {
          if (op !== 'delete') {
            pendingOp = op;
            pendingLine = line;
          }
          return;
        }
      }
      out.add({ value: o, origin: { file, line }, format: 'ndjson', text, textAt: at, textBytes: bytes });
    };

    const addHits = (hits: unknown[], line: number): void => {
      for (let k = 0; k < hits.length; k++) {
        const h = hits[k];
        const src = isObject(h) ? h._source : undefined;
        if (isObject(src)) out.add({ value: src, origin: { file, line, record: k + 1 }, format: 'es-hits' });
        else report(issue('OS_READ_NOT_OBJECT', `search hit ${k + 1} has no "_source" object`, { file, line, record: k + 1 }));
      }
    };

    const notObject = (v: unknown, line: number): void => {
      pendingOp = undefined;
      const what = Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`;
      report(issue('OS_READ_NOT_OBJECT', `line holds ${what}, not a JSON object`, { file, line }));
    };

    const onLine = (text: string, line: number, at: number, bytes: number): void => {
      if (text.length === 0) return;
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (e) {
        if (text.trim().length === 0) return;
        pendingOp = undefined;
        report(issue('OS_READ_JSON', `invalid JSON: ${(e as Error).message}${snippet(text)}`, { file, line }));
        return;
      }
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) onObject(v as JsonObject, line, text, at, bytes);
      else notObject(v, line);
    };

    // The splitter cuts a whole chunk into lines at once; parsing them is deferred to the drain below, which hands
    // on each batch as soon as it is full. Parsing the whole chunk first kept thousands of parsed records alive at
    // once, and every young-generation GC copied them all.
    // Four entries per line: the text (or what was wrong with it), its number, and where its bytes are.
    const queue: Array<string | BadLine | number> = [];
    const splitter = new LineSplitter(this.opts.maxLineBytes, {
      line(text: string, line: number, at: number, bytes: number): void {
        queue.push(text, line, at, bytes);
      },
      bad(code, line, message): void {
        queue.push({ code, message }, line, 0, 0);
      },
    });
    const drain = function* (): Generator<RawBatch> {
      try {
        for (let i = 0; i < queue.length; i += 4) {
          const item = queue[i];
          const line = queue[i + 1] as number;
          if (typeof item === 'string') onLine(item, line, queue[i + 2] as number, queue[i + 3] as number);
          else {
            pendingOp = undefined;
            const bad = item as BadLine;
            report(issue(bad.code, bad.message, { file, line }));
          }
          if (out.hasReady) yield* out.take();
        }
      } finally {
        queue.length = 0;
      }
    };

    for await (const chunk of this.source.chunks()) {
      splitter.push(chunk);
      yield* drain();
    }
    splitter.end();
    yield* drain();
    if (pendingOp !== undefined) {
      report(issue('OS_READ_BULK_PAIR', `_bulk "${pendingOp}" action at the end of the input has no source line`, { file, line: pendingLine }));
    }
    for (const i of this.source.issues) report(i);
    yield* out.finish();
  }
}

interface BadLine {
  code: 'OS_READ_LINE_TOO_LONG' | 'OS_READ_BINARY';
  message: string;
}

function snippet(text: string): string {
  const t = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return ` (${JSON.stringify(t)})`;
}
