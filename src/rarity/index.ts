// Public surface of the rarity stage.

export { createJobRunner, loadRunnerState, saveRunnerState, STATE_FORMAT, type JobRunnerOptions, type RarityRunner } from './runner.js';
export { JobRunner, type JobStats } from './job-runner.js';
export { jobFieldPaths } from './field-paths.js';
export { compileProjection, projectFields } from './fields.js';
export { JobConfig, parseDuration, type JobConfigInput } from './job-config.js';
export { builtinJobs, loadJobs, parseJobsText, type JobsFlavour, type LoadedJobs } from './load-jobs.js';
export { AGENT_PROCESS_NAMES, PROBLEM_CHILD_JOBS } from './jobs/problem-child.js';
export { applyRenormalized, ensureRecordStore, queryRecords, upsertRecords, type RecordQuery } from './record-store.js';
export { migrateRarity } from './migrations.js';
export { recordId, type AnomalyRecord, type Influencer, type RarityExplanation } from './types.js';
