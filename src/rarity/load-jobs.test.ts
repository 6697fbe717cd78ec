import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from './job-config.js';
import { lineOfPath } from './json-locate.js';
import { builtinJobs, loadJobs } from './load-jobs.js';

describe('built-in jobs', () => {
  it('are the six ProblemChild jobs with Elastic’s detectors and feed filter', () => {
    const jobs = builtinJobs('elastic');
    expect(jobs.map((j) => j.job_id)).toEqual([
      'problem_child_rare_process_by_user',
      'problem_child_rare_process_by_host',
      'problem_child_rare_process_by_parent',
      'problem_child_high_sum_by_user',
      'problem_child_high_sum_by_host',
      'problem_child_high_sum_by_parent',
    ]);
    const user = jobs[0];
    expect(user.analysis_config.bucket_span).toBe('15m');
    expect(user.analysis_config.detectors[0]).toEqual({
      function: 'rare', by_field_name: 'process.name', partition_field_name: 'user.name', detector_description: 'rare process given a user',
    });
    expect(user.analysis_config.influencers).toContain('process_code_signature_trusted');
    expect(user.datafeed_config.filter).toEqual([
      { field: 'problemchild.prediction', equals: 1 },
      { field: 'problemchild.prediction_probability', gte: 0.5 },
    ]);
    expect(user.datafeed_config.must_not[0].in).toContain('elastic-endpoint.exe');
    expect(jobs[5].analysis_config.detectors[0]).toMatchObject({ function: 'high_sum', field_name: 'problemchild.prediction_probability', by_field_name: 'process.parent.name' });
    expect(user.scorer).toBe('elastic');
    expect(user.history_feed).toBe('flagged');
    expect(user.model.prune_floor).toBe(0.01);
  });

  it('oddspawn flavour (the default): the rare jobs use joint rarity over the whole history, the rest is Elastic’s', () => {
    const ours = builtinJobs();
    const elastic = builtinJobs('elastic');
    expect(ours.map((j) => j.job_id)).toEqual(elastic.map((j) => j.job_id));
    for (let i = 0; i < ours.length; i++) {
      const rare = elastic[i].analysis_config.detectors[0].function === 'rare';
      expect([ours[i].scorer, ours[i].history_feed]).toEqual(rare ? ['joint', 'all'] : ['elastic', 'flagged']);
      expect({ ...ours[i], scorer: 'elastic', history_feed: 'flagged' }).toEqual(elastic[i]);
    }
  });

  it('parses durations', () => {
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('soon')).toBeUndefined();
  });
});

describe('user job files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oddspawn-jobs-'));
  const good = join(dir, 'good.json');
  writeFileSync(
    good,
    JSON.stringify(
      {
        jobs: [
          {
            job_id: 'rare_process_by_host_population',
            analysis_config: { detectors: [{ function: 'rare', by_field_name: 'process.name', partition_field_name: 'host.name' }], influencers: ['host.name'] },
            scorer: 'population',
          },
        ],
      },
      null,
      2,
    ),
  );
  const bad = join(dir, 'bad.json');
  writeFileSync(
    bad,
    `[
  {
    "job_id": "ok_job",
    "analysis_config": { "detectors": [ { "function": "new_terms", "by_field_name": "process.name", "partition_field_name": "user.name" } ] }
  },
  {
    "job_id": "broken",
    "analysis_config": {
      "bucket_span": "fortnight",
      "detectors": [ { "function": "high_sum", "by_field_name": "user.name" } ]
    }
  }
]
`,
  );
  const syntax = join(dir, 'syntax.json');
  writeFileSync(syntax, '{\n  "job_id": "x",\n  oops\n}\n');

  it('loads valid jobs with defaults filled in', () => {
    const { jobs, issues } = loadJobs([good]);
    expect(issues).toEqual([]);
    expect(jobs[0].job_id).toBe('rare_process_by_host_population');
    expect(jobs[0].analysis_config.bucket_span).toBe('15m');
    expect(jobs[0].latency).toBe('60s');
  });

  it('reports invalid jobs at file:line and keeps the good ones', () => {
    const { jobs, issues } = loadJobs([bad, syntax, join(dir, 'missing.json')], { includeBuiltin: true });
    expect(jobs.map((j) => j.job_id)).toContain('ok_job');
    expect(jobs.map((j) => j.job_id)).not.toContain('broken');
    expect(jobs).toHaveLength(7);
    const schema = issues.filter((i) => i.code === 'OS_RARITY_JOB_CONFIG' && i.origin?.file === bad);
    expect(schema.map((i) => [i.origin?.line, /bucket_span|field_name/.exec(i.message)?.[0]])).toEqual([
      [9, 'bucket_span'],
      [10, 'field_name'],
    ]);
    expect(issues.find((i) => i.origin?.file === syntax)?.origin?.line).toBe(3);
    expect(issues.find((i) => i.origin?.file.endsWith('missing.json'))?.code).toBe('OS_READ_OPEN');
  });

  it('a job file may replace a built-in job by its id; the other built-ins stay', () => {
    const f = join(dir, 'override.json');
    const elasticUser = builtinJobs('elastic')[0];
    writeFileSync(f, JSON.stringify({ ...elasticUser, description: 'tuned by the user' }, null, 1));
    const { jobs, issues } = loadJobs([f], { includeBuiltin: true });
    expect(issues).toEqual([]);
    expect(jobs.map((j) => j.job_id)).toEqual(builtinJobs().map((j) => j.job_id));
    expect(jobs[0]).toMatchObject({ job_id: elasticUser.job_id, description: 'tuned by the user', scorer: 'elastic', history_feed: 'flagged' });
    expect(jobs[1].scorer).toBe('joint');
    expect(loadJobs([f], { includeBuiltin: true, flavour: 'elastic' }).jobs[1].scorer).toBe('elastic');
  });

  it('locates nested paths', () => {
    const text = '{\n "a": [\n  1,\n  { "b": {\n   "c": 2 } }\n ]\n}';
    expect(lineOfPath(text, ['a', 1, 'b', 'c'])).toBe(5);
    expect(lineOfPath(text, ['a', 0])).toBe(3);
    expect(lineOfPath(text, ['a', 1, 'zzz'])).toBe(4);
  });
});
