// The official Elasticsearch client (9.x) against a listening oddspawn: its product check passes, and its
// bulk helper ships documents with no failures and no retries.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type OddspawnServer } from './server.js';
import { processStartDoc, writeFastRule } from './testing.js';
import { createToken } from './auth/tokens.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
let clock = NOW;
let dir: string;
let s: OddspawnServer;
let url: string;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oddspawn-es-'));
  const tokenFile = join(dir, 'tokens.json');
  token = createToken('shipper', 'analyst', { tokenFile });
  s = await createServer({ dbPath: join(dir, 'db.sqlite'), port: 0, tokenFile, rulesDirs: [writeFastRule(join(dir, 'rules'))], uiDir: join(dir, 'no-ui'), now: () => clock, autoProcess: false, durability: 'normal' });
  url = (await s.listen()).url;
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('@elastic/elasticsearch against oddspawn', () => {
  it('passes the product check and reads the version', async () => {
    const client = new Client({ node: url, auth: { bearer: token } });
    const info = await client.info();
    expect(info.version.number).toBe('9.4.3');
    expect(info.tagline).toBe('You Know, for Search');
    await client.close();
  });

  it('ships with helpers.bulk: errors:false, every document stored once', async () => {
    const client = new Client({ node: url, auth: { apiKey: Buffer.from(`oddspawn:${token}`).toString('base64') } });
    const docs = Array.from({ length: 1200 }, (_, i) => processStartDoc({ timeMs: NOW - 600_000 + i * 100, user: `u${i % 7}`, name: i % 100 === 0 ? 'certutil.exe' : 'notepad.exe' }));
    let dropped = 0;
    const responses: boolean[] = [];
    const stats = await client.helpers.bulk({
      datasource: docs,
      onDocument: () => ({ create: { _index: 'logs-endpoint.events.process-default' } }),
      onDrop: () => dropped++,
      onSuccess: ({ result }) => responses.push((result as { create?: { status: number } }).create?.status === 201),
      flushBytes: 100_000,
      retries: 0,
    });
    expect(dropped).toBe(0);
    expect(stats.failed).toBe(0);
    expect(stats.successful).toBe(1200);
    expect(responses.every(Boolean)).toBe(true);
    s.processor.drain();
    // The rule runs every second of the (test) wall clock: one second later it has seen every batch.
    clock += 1000;
    s.rules.advance();
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(1200);
    expect((s.db.prepare("SELECT COUNT(*) AS n FROM alerts WHERE process_name = 'certutil.exe'").get() as { n: number }).n).toBe(12);
    await client.close();
  });

  it('is refused without the token', async () => {
    const client = new Client({ node: url });
    await expect(client.info()).rejects.toMatchObject({ meta: { statusCode: 401 } });
    await client.close();
  });
});
