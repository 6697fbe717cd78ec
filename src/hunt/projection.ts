// The event fields the rarity jobs read, taken in the worker that has the event parsed, so the main thread can run
// the jobs from these few values without ever parsing the document (see `ScoredEvent.projected`).

import type { ScoredEvent } from '../classify/types.js';
import { compileField } from '../rarity/fields.js';

export type Projection = (s: ScoredEvent) => Record<string, unknown>;

/** Values by path, read exactly as the rarity stage reads them (nested ECS first, a flat dotted key as fallback). */
export function compileProjection(paths: readonly string[]): Projection {
  const readers = paths.map((p) => [p, compileField(p)] as const);
  return (s) => {
    const out: Record<string, unknown> = {};
    for (const [p, read] of readers) {
      const v = read(s);
      if (v !== undefined) out[p] = v;
    }
    return out;
  };
}
