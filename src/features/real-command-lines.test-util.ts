// The command lines of the real labelled events in ../shared/data/train, for tests that compare a fast path with its
// definition on real input (callers skip when HAS_SHARED_DATA is false).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../../test/shared-data.js';
import { loadJsonl } from '../classify/data/labelled.js';

export function realCommandLines(): string[] {
  const dir = sharedPath('train');
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort())
    for (const ev of loadJsonl(join(dir, f)).all) {
      const c = ev.process?.command_line;
      if (typeof c === 'string') out.push(c);
    }
  return out;
}

/**
 * `differences` (a description of where a fast path departs from its definition, or '' / undefined)
 * over every real command line and its upper-case copy: the descriptions found, and how many lines.
 */
export function realLineDifferences(differences: (s: string) => string | undefined): { bad: string[]; lines: number } {
  const lines = realCommandLines();
  const bad: string[] = [];
  for (const c of lines) {
    const d = differences(c) || differences(c.toUpperCase());
    if (d) bad.push(d);
  }
  return { bad, lines: lines.length };
}
