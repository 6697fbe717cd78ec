// Alerts POSTed as JSON to a webhook. `write` only enqueues (bounded; overflow is dropped and counted), one
// worker delivers in order with retries and exponential backoff on network errors, 408, 429 and 5xx.
// The pipeline never waits for the network; `close` waits for the queue to drain, up to a limit.

import { OddspawnError } from '../../common/issues.js';
import type { AlertDocument } from '../types.js';
import { emptyReport, type AlertSink, type SinkReport } from './types.js';

export interface WebhookOptions {
  url: string;
  headers?: Record<string, string>;
  /** Alerts waiting at most; more are dropped (and counted). */
  maxQueue?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** How long `close` waits for the queue to drain before giving up on the rest. */
  closeTimeoutMs?: number;
}

const RETRYABLE = (status: number): boolean => status === 408 || status === 429 || status >= 500;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createWebhookSink(opts: WebhookOptions): AlertSink {
  const maxQueue = opts.maxQueue ?? 1000;
  const maxRetries = opts.maxRetries ?? 5;
  const base = opts.baseDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let origin: string;
  try {
    const u = new URL(opts.url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    origin = u.origin;
  } catch {
    throw new OddspawnError('OS_USAGE', `webhook URL must be an http(s) URL, not "${opts.url}"`, undefined, 2);
  }
  // Only the origin is reported: paths and query strings of webhooks often carry tokens.
  const report = emptyReport(`webhook:${origin}`);
  const queue: string[] = [];
  let worker: Promise<void> | undefined;
  let closing = false;

  const noteError = (msg: string): void => {
    if (report.errors.length < 10) report.errors.push(msg);
  };

  async function deliver(body: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let retry = false;
      try {
        const res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...opts.headers },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          report.written++;
          return;
        }
        retry = RETRYABLE(res.status);
        if (!retry || attempt >= maxRetries) noteError(`HTTP ${res.status}`);
      } catch (e) {
        retry = true;
        if (attempt >= maxRetries) noteError((e as Error).message);
      }
      if (!retry || attempt >= maxRetries) {
        report.failed++;
        return;
      }
      report.retries++;
      await sleep(Math.min(maxDelay, base * 2 ** attempt));
    }
  }

  async function run(): Promise<void> {
    while (queue.length) {
      await deliver(queue[0]);
      queue.shift();
    }
    worker = undefined;
  }

  return {
    name: report.sink,
    write(doc: AlertDocument): void {
      if (closing || queue.length >= maxQueue) {
        report.dropped++;
        return;
      }
      queue.push(JSON.stringify(doc));
      worker ??= run();
    },
    async close(): Promise<SinkReport> {
      closing = true;
      if (worker) {
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<'timeout'>((r) => {
          timer = setTimeout(() => r('timeout'), opts.closeTimeoutMs ?? 30_000);
        });
        const outcome = await Promise.race([worker.then(() => 'done' as const), limit]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          // The one in flight may still land; everything behind it is given up.
          report.dropped += Math.max(0, queue.length - 1);
          queue.splice(1);
          noteError('closed before the queue drained');
        }
      }
      return { ...report, errors: [...report.errors] };
    },
  };
}
