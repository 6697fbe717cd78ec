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
