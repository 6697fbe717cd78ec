// Messages between the hunt's main thread and its store-writer thread.

import type { PackedRows } from './packed-rows.js';

/** `rows`: one transaction's rows, in order. */
export type ToStoreWriter = { t: 'open'; path: string } | { t: 'rows'; chunks: PackedRows[] } | { t: 'finish' };

/** `ack`: one batch of rows is committed (flow control); `done`: all are, and the connection is closed. */
export type FromStoreWriter = { t: 'ack' } | { t: 'done'; stored: number } | { t: 'fatal'; message: string };
