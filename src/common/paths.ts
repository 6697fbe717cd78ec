// Files the package ships (sample, rules, model), found relative to this module so they work
// from the source tree (vitest), from dist/ and from an installed package alike.

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'samples'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('oddspawn: cannot locate the package root (package.json beside samples/)');
}

export const PACKAGE_ROOT = packageRoot();

export function bundledSamplePath(): string {
  return join(PACKAGE_ROOT, 'samples', 'process-starts.ndjson');
}

export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
