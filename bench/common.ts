// Shared bench plumbing: machine facts recorded beside every result, and where results go.

import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** bench/ in the source tree, whether running from bench/ (tsx) or dist/bench/ (compiled). */
export const BENCH_DIR = here.includes(`${join('dist', 'bench')}`) ? resolve(here, '..', '..', 'bench') : here;
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const TMP_DIR = join(BENCH_DIR, 'tmp');

export function machine(): Record<string, string | number> {
  const c = cpus();
  return {
    node: process.version,
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
  };
}

export function record(name: string, result: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  const doc = { bench: name, date: new Date().toISOString(), machine: machine(), result };
  writeFileSync(path, JSON.stringify(doc, null, 2) + '\n');
  return path;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
