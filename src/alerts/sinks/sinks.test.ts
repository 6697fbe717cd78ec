import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadedRule, scoredEvent, T0 } from '../../rules/test-fixtures.js';
import { buildEventAlert } from '../build.js';
import type { AlertDocument } from '../types.js';
import { escapeTerminal } from './escape.js';
import { formatAlertTable } from './table.js';
import { createWebhookSink } from './webhook.js';

const alertWith = (cmd: string, user = 'alice'): AlertDocument =>
  buildEventAlert(scoredEvent({ timeMs: T0, cmd, user }), { rule: loadedRule({ type: 'query', query: 'a == 1', severity: 'high', risk_score: 73 }), executionMs: T0 });

describe('terminal table', () => {
  it('escapes ANSI sequences, newlines and bidi overrides of attacker-controlled strings', () => {
    expect(escapeTerminal('a\x1b[31mred\nb\r\tc\x07\x9b\u202egnp.exe')).toBe('a\\x1b[31mred\\nb\\r\\tc\\x07\\x9b\\u202egnp.exe');
    const table = formatAlertTable([alertWith('cmd.exe /c "\x1b[31mevil\x1b[0m"\nfake line', 'mal\x1b]0;title\x07lory')]);
    expect(table).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(table.split('\n').filter(Boolean)).toHaveLength(2);
    expect(table).toContain('cmd.exe /c "\\x1b[31mevil\\x1b[0m"\\nfake line');
    expect(table).toContain('mal\\x1b]0;title\\x07lory');
  });

  it('colours severity only when asked (a TTY), and lines up the columns', () => {
    const plain = formatAlertTable([alertWith('a'), alertWith('b', 'bob')]);
    expect(plain).not.toContain('\x1b');
    const lines = plain.trimEnd().split('\n');
    expect(lines[0].startsWith('ID            TIME                  SEVERITY  RULE')).toBe(true);
    expect(lines[1].indexOf('high')).toBe(lines[0].indexOf('SEVERITY'));
    const coloured = formatAlertTable([alertWith('a')], { color: true });
    expect(coloured).toContain('\x1b[31mhigh    \x1b[0m');
  });
});

describe('webhook sink', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function listen(handler: (req: IncomingMessage, body: string) => number): Promise<string> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.statusCode = handler(req, body);
        res.end();
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`;
  }

  it('retries with backoff on 503 until delivered, in order, as JSON', async () => {
    const seen: Array<{ status: number; uuid: string; type: string | undefined }> = [];
    let calls = 0;
    const url = await listen((req, body) => {
      calls++;
      const status = calls <= 2 ? 503 : 200;
      seen.push({ status, uuid: (JSON.parse(body) as AlertDocument).kibana.alert.uuid, type: req.headers['content-type'] });
      return status;
    });
    const sink = createWebhookSink({ url, baseDelayMs: 5, maxRetries: 4 });
    const a = alertWith('one');
    const b = alertWith('two', 'bob');
    sink.write(a);
    sink.write(b);
    const report = await sink.close();
    expect(report).toMatchObject({ written: 2, failed: 0, dropped: 0, retries: 2, errors: [] });
    expect(seen.map((s) => `${s.status}:${s.uuid === a.kibana.alert.uuid ? 'a' : 'b'}`)).toEqual(['503:a', '503:a', '200:a', '200:b']);
    expect(seen[0].type).toBe('application/json');
  });

  it('gives up after maxRetries, does not retry a 400, and reports the failures', async () => {
    const url = await listen((_req, body) => ((JSON.parse(body) as AlertDocument).user?.name === 'bob' ? 400 : 500));
    const sink = createWebhookSink({ url, baseDelayMs: 1, maxRetries: 2 });
    sink.write(alertWith('x'));
    sink.write(alertWith('y', 'bob'));
    const report = await sink.close();
    expect(report).toMatchObject({ written: 0, failed: 2, retries: 2, errors: ['HTTP 500', 'HTTP 400'] });
  });

  it('refuses a URL that is not http(s) as bad usage', () => {
    expect(() => createWebhookSink({ url: 'file:///etc/passwd' })).toThrow(/webhook URL must be an http\(s\) URL/);
    expect(() => createWebhookSink({ url: 'not a url' })).toThrow(/webhook URL/);
  });

  it('never blocks: a full queue drops and counts; a dead endpoint is a counted failure', async () => {
    const sink = createWebhookSink({ url: 'http://127.0.0.1:1/none', baseDelayMs: 1, maxRetries: 1, maxQueue: 2 });
    for (let i = 0; i < 5; i++) sink.write(alertWith(`c${i}`));
    const report = await sink.close();
    expect(report.dropped).toBe(3);
    expect(report.failed).toBe(2);
    expect(report.written).toBe(0);
  });
});
