// What `oddspawn serve` can be told, with the defaults in one place.

import { isIP } from 'node:net';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../common/paths.js';

export type Durability = 'full' | 'normal';

export interface ServeOptions {
  /** SQLite database path (':memory:' for tests). */
  dbPath: string;
  host?: string;
  port?: number;
  /** Rule folders/files; default the shipped rules. */
  rulesDirs?: string[];
  /** Extra anomaly job definitions beside the built-in jobs. */
  jobFiles?: string[];
  modelPath?: string;
  /** Token file (JSON, see src/serve/auth/tokens.ts); tokens in the database are read too. */
  tokenFile?: string;
  /** Where the built UI lives (default dist/ui in the package). */
  uiDir?: string;
  /** Largest ingest body as sent (compressed or not), bytes. */
  maxIngestBytes?: number;
  /** Largest ingest body once decompressed, bytes. */
  maxDecompressedBytes?: number;
  /** Largest body of the JSON APIs, bytes. */
  maxJsonBytes?: number;
  /** Ingest answers 429 while the queue holds more events than this. */
  maxPendingEvents?: number;
  /** Events the processing loop takes per step before yielding to the HTTP side. */
  processChunkEvents?: number;
  /** How often the processing loop looks at the queue and the rules' schedule, ms. */
  tickMs?: number;
  /** Open anomaly buckets are closed by the wall clock once no event arrived for this long, ms. */
  idleFlushMs?: number;
  /** `full`: an acknowledged batch survives power loss (fsync per commit); `normal`: survives a process crash. */
  durability?: Durability;
  /** Version reported to Elasticsearch clients on `GET /`. */
  esVersion?: string;
  /** Wall clock (tests inject one). */
  now?: () => number;
  /** fastify's logger (default off; the CLI turns it on with --log). */
  logger?: boolean;
  /** Start the processing loop (default true; tests may drive it by hand with `pipeline.drain()`). */
  autoProcess?: boolean;
}

export type ResolvedServeOptions = Required<Omit<ServeOptions, 'rulesDirs' | 'jobFiles' | 'modelPath' | 'tokenFile'>> &
  Pick<ServeOptions, 'rulesDirs' | 'jobFiles' | 'modelPath' | 'tokenFile'>;

export const MIB = 1024 * 1024;
export const DEFAULT_PORT = 8420;

export function resolveServeOptions(o: ServeOptions): ResolvedServeOptions {
  return {
    ...o,
    host: o.host ?? '127.0.0.1',
    port: o.port ?? DEFAULT_PORT,
    uiDir: o.uiDir ?? join(PACKAGE_ROOT, 'dist', 'ui'),
    maxIngestBytes: o.maxIngestBytes ?? 64 * MIB,
    maxDecompressedBytes: o.maxDecompressedBytes ?? 256 * MIB,
    maxJsonBytes: o.maxJsonBytes ?? 1 * MIB,
    maxPendingEvents: o.maxPendingEvents ?? 200_000,
    processChunkEvents: o.processChunkEvents ?? 1000,
    tickMs: o.tickMs ?? 1000,
    idleFlushMs: o.idleFlushMs ?? 120_000,
    durability: o.durability ?? 'full',
    esVersion: o.esVersion ?? '9.4.3',
    now: o.now ?? Date.now,
    logger: o.logger ?? false,
    autoProcess: o.autoProcess ?? true,
  };
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return h.slice(7).startsWith('127.');
  return false;
}
