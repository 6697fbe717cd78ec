// The normalize stage's public surface.
export { normalize, normalizeKeepingRaw } from './normalize.js';
export { NormalizeStats, type NormalizeStatsJSON } from './stats.js';
export { SKIP_REASONS, type NormalizeResult, type SkipReason } from './result.js';
export { createRejectsWriter, rejectLine, type RejectsWriter } from './rejects.js';
export type { NormalizedEvent, ProcessEvent, SourceShape } from './process-event.js';
