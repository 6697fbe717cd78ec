// What normalize() returns for one raw record.

import type { Issue } from '../common/issues.js';
import type { SkipReason } from './mapping-types.js';
import type { NormalizedEvent } from './process-event.js';

export type { SkipReason } from './mapping-types.js';

export type NormalizeResult =
  | {
      kind: 'event';
      event: NormalizedEvent;
      /** OS_NORM_FIELD_TYPE warnings: a field was converted or dropped, the event was kept. */
      warnings?: Issue[];
    }
  | { kind: 'skip'; reason: SkipReason }
  | { kind: 'issue'; issue: Issue };

export const SKIP_REASONS: readonly SkipReason[] = ['not-windows', 'not-process', 'not-start', 'not-process-start'];
