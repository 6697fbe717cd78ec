// The read stage: a source becomes a stream of raw records, each with its origin.
// Readers yield batches (not single records) because per-item async iteration would cost
// more than JSON.parse itself on the hot path.

import type { Issue, Origin } from '../common/issues.js';

/** The container format a record was read from (not its event shape: that is the normalizer's business). */
export type ContainerFormat = 'ndjson' | 'json' | 'es-hits' | 'bulk' | 'evtx';

export interface RawRecord {
  /** The decoded record: a JSON object for text formats, a Winlogbeat-shaped object for EVTX. */
  value: unknown;
  origin: Origin;
  format: ContainerFormat;
  /**
   * The JSON text `value` was parsed from, when the record is a whole input line (plain NDJSON, a _bulk source
   * line): a consumer can pass it on instead of serializing the value again.
   */
  text?: string;
  /**
   * With `text` of a plain NDJSON line: where its bytes are in the byte stream the reader read (after a byte order
   * mark; not counting the line end) and how many. Decoding exactly those bytes as UTF-8 gives `text`.
   */
  textAt?: number;
  textBytes?: number;
}

export interface RawBatch {
  records: RawRecord[];
  issues: Issue[];
}

/** One source (a file, stdin, an HTTP body…) turned into batches of raw records. */
export interface Reader {
  /** Human label used in origins and summaries (file path, "-" for stdin). */
  readonly name: string;
  batches(): AsyncIterable<RawBatch>;
}
