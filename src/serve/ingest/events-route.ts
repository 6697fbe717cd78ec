// POST /api/v1/events: NDJSON, a JSON array, Elasticsearch exports or _bulk bodies (whatever `hunt` reads),
// optionally gzip/deflate-compressed. Answers once the accepted events are committed to the queue.

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { normalize } from '../../normalize/index.js';
import { readerForStream } from '../../read/inputs.js';
import type { Issue } from '../../common/issues.js';
import { decodeBody } from './body.js';
import type { Ingestor } from './ingestor.js';
import type { QueuedEvent } from './queue.js';

/** Issues listed in a response; all are counted. */
const MAX_LISTED_ISSUES = 100;

export interface IngestResponse {
  accepted: number;
  rejected: number;
  skipped: number;
  issues: Array<{ code: string; message: string; line?: number; record?: number }>;
  issues_total: number;
}

export function registerEventsRoute(app: FastifyInstance, ingestor: Ingestor): void {
  app.post('/api/v1/events', { bodyLimit: ingestor.opts.maxIngestBytes }, async (req, reply) => {
    ingestor.checkCapacity();
    let buf = decodeBody(req.body, req.headers['content-encoding'], ingestor.opts.maxDecompressedBytes);
    // A gzip body without its Content-Encoding header is still read, with the same bound.
    if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = decodeBody(buf, 'gzip', ingestor.opts.maxDecompressedBytes);
    const res: IngestResponse = { accepted: 0, rejected: 0, skipped: 0, issues: [], issues_total: 0 };
    const note = (i: Issue): void => {
      res.issues_total++;
      ingestor.metrics.rejects.inc({ code: i.code });
      if (res.issues.length < MAX_LISTED_ISSUES) {
        res.issues.push({ code: i.code, message: i.message, ...(i.origin?.line !== undefined ? { line: i.origin.line } : {}), ...(i.origin?.record !== undefined ? { record: i.origin.record } : {}) });
      }
    };
    const events: QueuedEvent[] = [];
    let records = 0;
    if (buf.length > 0) {
      const reader = await readerForStream('request', Readable.from([buf]), { maxLineBytes: ingestor.opts.maxLineBytes });
      for await (const batch of reader.batches()) {
        for (const i of batch.issues) {
          if (i.code === 'OS_READ_EMPTY') continue;
          if (i.severity === 'error') res.rejected++;
          note(i);
        }
        for (const raw of batch.records) {
          records++;
          const r = normalize(raw);
          if (r.kind === 'event') {
            events.push({ e: r.event.event, t: r.event.timeMs, s: r.event.shape });
          } else if (r.kind === 'skip') {
            res.skipped++;
            ingestor.metrics.skipped.inc({ reason: r.reason });
          } else {
            res.rejected++;
            note(r.issue);
          }
        }
      }
    }
    ingestor.metrics.eventsIn.inc({ endpoint: 'events' }, records);
    await ingestor.enqueue('api', events);
    res.accepted = events.length;
    // Read issues of a batch come before its records' issues; the caller reads them by position.
    res.issues.sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
    return reply.code(200).send(res);
  });
}
