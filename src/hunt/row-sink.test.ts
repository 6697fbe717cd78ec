import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../store/db.js';
import { EventsRepo, type StoredRow } from '../store/events-repo.js';
import { packRows } from './packed-rows.js';
import { RepoRowSink, storeWriterScript, ThreadRowSink, TX_ROWS, type RowSink } from './row-sink.js';

const script = storeWriterScript();
const dir = mkdtempSync(join(tmpdir(), 'oddspawn-rowsink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rows(from: number, n: number): StoredRow[] {
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    return {
      key: `f.ndjson:${k % 900}:${1741000000000 + (k % 900)}`, // repeats: the second copy is not new
      timeMs: 1741000000000 + k,
      hostName: k % 3 ? `host-${k % 7}` : null,
      userName: `user-\u00e9-${k % 11}`,
      processName: k % 5 ? 'cmd.exe' : null,
      parentName: 'explorer.exe',
      shape: 'ecs',
      source: 'f.ndjson',
      doc: JSON.stringify({ k, text: 'x\u2028\ud800'.repeat(k % 4), big: 'y'.repeat(k % 3 === 0 ? 70_000 : 10) }),
    };
  });
}

/** Twelve batches of rows: as built on this thread, packed as a worker packs them, or both in one transaction. */
async function fill(sink: RowSink, how: 'rows' | 'packed' | 'mixed' = 'rows'): Promise<number> {
  for (let b = 0; b < 12; b++) {
    const r = rows(b * 100, 100);
    if (how === 'rows') await sink.add([r]);
    else if (how === 'packed') await sink.add([packRows(r)]);
    else await sink.add([packRows(r.slice(0, 30)), r.slice(30, 31), [], packRows(r.slice(31))]);
  }
  return sink.finish();
}

function dump(path: string): unknown[] {
  const db = openDb(path);
  try {
    return db.prepare('SELECT * FROM events ORDER BY id').all();
  } finally {
    db.close();
  }
}

describe.skipIf(!script)('ThreadRowSink (needs the build: npm run build)', () => {
  it('writes the same table, ids included, as writing on this thread', async () => {
    const here = join(dir, 'here.sqlite');
    const there = join(dir, 'there.sqlite');
    const hereDb = openDb(here);
    const storedHere = await fill(new RepoRowSink(new EventsRepo(hereDb)));
    hereDb.close();
    // The main thread migrates first, as the hunt does; the thread's connection then only inserts.
    const thereDb = openDb(there);
    new EventsRepo(thereDb);
    const storedThere = await fill(new ThreadRowSink(script!, there), 'packed');
    thereDb.close();
    expect(storedHere).toBe(900);
    expect(storedThere).toBe(storedHere);
    const a = dump(here);
    expect(a).toHaveLength(900);
    expect(dump(there)).toEqual(a);
    for (const [how, name] of [['rows', 'rows'], ['mixed', 'mixed']] as const) {
      const path = join(dir, `${name}.sqlite`);
      const db = openDb(path);
      new EventsRepo(db);
      expect(await fill(new ThreadRowSink(script!, path), how)).toBe(900);
      db.close();
      expect(dump(path)).toEqual(a);
    }
    const memory = openDb(':memory:');
    expect(await fill(new RepoRowSink(new EventsRepo(memory)), 'mixed')).toBe(900);
    expect(memory.prepare('SELECT * FROM events ORDER BY id').all()).toEqual(a);
    memory.close();
  });

  it('writes the same table when the rows span several of its transactions', async () => {
    const total = 2 * TX_ROWS + 1500;
    // Small rows, 700 of them repeated; documents ASCII, UTF-8 or with a lone surrogate.
    const many = (from: number, n: number): StoredRow[] =>
      Array.from({ length: n }, (_, i) => {
        const k = from + i;
        const doc = `{"n":${k},"t":"\u00e9\ud800"}`.slice(0, 12 + (k % 9));
        return { key: `g.ndjson:${k % (total - 700)}`, timeMs: k, hostName: `h${k % 7}`, userName: k % 5 ? `u${k % 11}` : null, processName: 'cmd.exe', parentName: null, shape: 'ecs', source: 'g.ndjson', doc };
      });
    const feed = async (sink: RowSink): Promise<number> => {
      for (let at = 0; at < total; at += 1000) await sink.add([packRows(many(at, Math.min(1000, total - at)))]);
      return sink.finish();
    };
    const here = openDb(':memory:');
    const storedHere = await feed(new RepoRowSink(new EventsRepo(here)));
    const path = join(dir, 'many.sqlite');
    const db = openDb(path);
    new EventsRepo(db);
    expect(await feed(new ThreadRowSink(script!, path))).toBe(storedHere);
    db.close();
    expect(storedHere).toBe(total - 700);
    const a = here.prepare('SELECT *, typeof(doc) AS t FROM events ORDER BY id').all();
    here.close();
    const check = openDb(path);
    expect(check.prepare('SELECT *, typeof(doc) AS t FROM events ORDER BY id').all()).toEqual(a);
    check.close();
  });

  it('fails the run with a coded error when the store cannot be written', async () => {
    openDb(join(dir, 'x.sqlite')).close();
    const sink = new ThreadRowSink(script!, join(dir, 'x.sqlite', 'inside-a-file.sqlite'));
    await expect(
      (async () => {
        for (let b = 0; b < 50; b++) await sink.add([rows(b, 10)]);
        await sink.finish();
      })(),
    ).rejects.toMatchObject({ code: 'OS_STORE_WRITE' });
    await sink.abort();
  });

  it('fails the run, instead of waiting, when the writer stops without a word', async () => {
    const sink = new ThreadRowSink(new URL('data:text/javascript,process.exit(3)'), join(dir, 'never.sqlite'));
    await expect(
      (async () => {
        for (let b = 0; b < 50; b++) await sink.add([rows(b, 10)]);
        await sink.finish();
      })(),
    ).rejects.toMatchObject({ code: 'OS_STORE_WRITE', message: expect.stringContaining('exit code 3') });
    await sink.abort();
  });
});
