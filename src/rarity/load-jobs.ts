// Loading jobs: the six built-in ProblemChild jobs plus users' job files in the same JSON format.
// A bad file or job is an Issue located at file:line; the good jobs around it still load.

import { readFileSync } from 'node:fs';
import { issue, type Issue } from '../common/issues.js';
import { JobConfig } from './job-config.js';
import { PROBLEM_CHILD_JOBS } from './jobs/problem-child.js';
import { lineOfOffset, lineOfPath } from './json-locate.js';

/**
 * Which definitions of the six jobs: `oddspawn` (default) scores the three `rare` jobs with joint rarity over
 * each entity's whole process history (see docs/anomaly-jobs.md); `elastic` keeps Elastic's semantics exactly
 * (history from the flagged feed only, Elastic-compatible scorer). The high_sum jobs are the same in both.
 */
export type JobsFlavour = 'oddspawn' | 'elastic';

export function builtinJobs(flavour: JobsFlavour = 'oddspawn'): JobConfig[] {
  return PROBLEM_CHILD_JOBS.map((j) => {
    const rare = j.analysis_config.detectors[0].function === 'rare';
    return JobConfig.parse(flavour === 'oddspawn' && rare ? { ...j, scorer: 'joint', history_feed: 'all' } : j);
  });
}

export interface LoadedJobs {
  jobs: JobConfig[];
  issues: Issue[];
}

/** Validates job objects from one parsed document: a job, an array of jobs, or `{ "jobs": [...] }`. */
export function parseJobsText(text: string, file: string): LoadedJobs {
  const issues: Issue[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    return { jobs: [], issues: [issue('OS_RARITY_JOB_CONFIG', `not valid JSON: ${msg}`, { file, line: pos ? lineOfOffset(text, Number(pos[1])) : 1 })] };
  }
  let items: unknown[];
  let prefix: Array<string | number> = [];
  if (Array.isArray(doc)) items = doc;
  else if (doc !== null && typeof doc === 'object' && Array.isArray((doc as { jobs?: unknown }).jobs)) {
    items = (doc as { jobs: unknown[] }).jobs;
    prefix = ['jobs'];
  } else items = [doc];
  const single = !Array.isArray(doc) && prefix.length === 0;
  const jobs: JobConfig[] = [];
  items.forEach((item, i) => {
    const base = single ? [] : [...prefix, i];
    const r = JobConfig.safeParse(item);
    if (r.success) {
      jobs.push(r.data);
      return;
    }
    for (const zi of r.error.issues) {
      const path = [...base, ...zi.path];
      const where = zi.path.length ? zi.path.map(String).join('.') : '(job)';
      issues.push(issue('OS_RARITY_JOB_CONFIG', `job ${single ? '' : `#${i} `}${where}: ${zi.message}`, { file, line: lineOfPath(text, path) }));
    }
  });
  return { jobs, issues };
}

/**
 * Reads job files; later files may not redefine a job id already loaded (reported, first one wins). With
 * `includeBuiltin`, a file's job that has a built-in job's id replaces the built-in one (that is how a user
 * tunes a shipped job); the other built-in jobs follow the files' jobs.
 */
export function loadJobs(paths: readonly string[], opts: { includeBuiltin?: boolean; flavour?: JobsFlavour } = {}): LoadedJobs {
  const jobs: JobConfig[] = [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const file of paths) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      issues.push(issue('OS_READ_OPEN', `cannot read job file: ${(e as Error).message}`, { file }));
      continue;
    }
    const r = parseJobsText(text, file);
    issues.push(...r.issues);
    for (const j of r.jobs) {
      if (seen.has(j.job_id)) {
        issues.push(issue('OS_RARITY_JOB_CONFIG', `duplicate job_id ${j.job_id}: the first definition is kept`, { file, line: 1 }));
        continue;
      }
      seen.add(j.job_id);
      jobs.push(j);
    }
  }
  if (opts.includeBuiltin) for (const j of builtinJobs(opts.flavour)) if (!seen.has(j.job_id)) jobs.push(j);
  return { jobs, issues };
}
