// Tests that need the third-party data in ../shared/data read it from there (it is never committed).
// When it is absent they skip with a message and everything else still runs.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file holding package.json (also from the compiled dist/test/). */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const up = resolve(dir, '..');
    if (existsSync(join(up, 'package.json')) && !existsSync(join(dir, 'package.json'))) return up;
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = up;
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

export const REPO_ROOT = findRepoRoot();
export const SHARED_DATA = process.env.ODDSPAWN_SHARED_DATA ?? resolve(REPO_ROOT, '..', 'shared', 'data');
export const HAS_SHARED_DATA = existsSync(join(SHARED_DATA, 'train'));

export function sharedPath(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}

if (!HAS_SHARED_DATA) {
  console.warn(`[oddspawn tests] ../shared/data not found at ${SHARED_DATA}: tests that need it are skipped`);
}
