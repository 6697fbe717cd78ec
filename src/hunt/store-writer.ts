// Thread that writes the hunt's event rows to the store. SQLite inserts (and the disk writes behind each commit)
// cost the main thread more than everything else it does per event; here they overlap with reading, scoring and
// the time order. Rows arrive in input order, one transaction per message, through the connection this thread
// opens — the rows, their ids and the file are the same as when the main thread wrote them.

import { parentPort } from 'node:worker_threads';
import { openDb, type Db } from '../store/db.js';
import { EventsRepo } from '../store/events-repo.js';
import { unpackForStore } from './packed-rows.js';
import type { FromStoreWriter, ToStoreWriter } from './store-protocol.js';

const port = parentPort;
if (!port) throw new Error('store-writer runs as a worker thread');

let db: Db | undefined;
let repo: EventsRepo | undefined;
let stored = 0;

function post(m: FromStoreWriter): void {
  port!.postMessage(m);
}

port.on('message', (m: ToStoreWriter) => {
  try {
    if (m.t === 'open') {
      db = openDb(m.path);
      repo = new EventsRepo(db);
      return;
    }
    if (m.t === 'rows') {
      const rows = m.chunks.length === 1 ? unpackForStore(m.chunks[0]) : m.chunks.flatMap((c) => unpackForStore(c));
      stored += repo!.addEncoded(rows);
      post({ t: 'ack' });
      return;
    }
    db?.close();
    db = undefined;
    post({ t: 'done', stored });
  } catch (e) {
    post({ t: 'fatal', message: e instanceof Error ? e.message : String(e) });
  }
});
