// The anomaly jobs a machine_learning rule may name: the built-in ProblemChild jobs of the rarity stage
// (a user's own job files can add more: pass their ids as `knownJobs` to the loader).
// Elastic's newer rules name the same jobs with an `_ea` suffix; import maps those onto these.

import { PROBLEM_CHILD_JOBS } from '../rarity/jobs/problem-child.js';

export const KNOWN_JOB_IDS: readonly string[] = PROBLEM_CHILD_JOBS.map((j) => j.job_id);

/** `problem_child_rare_process_by_user_ea` → `problem_child_rare_process_by_user` when the latter is known. */
export function canonicalJobId(id: string, known: readonly string[] = KNOWN_JOB_IDS): string {
  if (known.includes(id)) return id;
  const base = id.replace(/_ea$/, '');
  return known.includes(base) ? base : id;
}
