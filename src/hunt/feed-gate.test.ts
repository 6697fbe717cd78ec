import { describe, expect, it } from 'vitest';
import type { ScoredEvent } from '../classify/types.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { compileJob } from '../rarity/compile-job.js';
import { AGENT_PROCESS_NAMES, builtinJobs, JobRunner, jobFieldPaths, parseJobsText } from '../rarity/index.js';
import type { JobConfig } from '../rarity/job-config.js';
import { FeedGate, unfedFieldPaths } from './feed-gate.js';

function event(i: number): ScoredEvent {
  const names = ['cmd.exe', 'certutil.exe', ...AGENT_PROCESS_NAMES, 'ELASTIC-AGENT.EXE', ''];
  const process: Record<string, unknown> = { name: names[i % names.length], command_line: `x ${i}`, parent: { name: 'explorer.exe' } };
  if (i % 13 === 0) delete process.name;
  if (i % 17 === 0) process.name = 7;
  const ev = { '@timestamp': '2026-01-01T00:00:00Z', process, user: { name: `u${i % 5}` }, host: { name: 'h' } } as unknown as ProcessEvent;
  const probability = [0, 0.2, 0.49, 0.5, 0.51, 0.97, 1][i % 7];
  return {
    event: ev,
    timeMs: 1_767_225_600_000 + i * 1000,
    shape: 'ecs',
    origin: { file: 'f', line: i + 1 },
    problemchild: { prediction: i % 3 === 0 ? 0 : 1, prediction_probability: probability },
    classifier: { malicious_probability: probability, model: 'm', top_features: [], threshold: 0.5 },
  };
}

/** Whether the job runner's own feed filter takes the event (it counts what it filters out). */
function runnerTakes(jobs: readonly JobConfig[], ev: ScoredEvent): boolean {
  return jobs.some((j) => {
    const r = new JobRunner(compileJob(j));
    r.push(ev);
    return r.stats().events_filtered_out === 0;
  });
}

describe('feed gate', () => {
  const { jobs: custom, issues } = parseJobsText(
    JSON.stringify([
      {
        job_id: 'rare_cmd_by_host',
        analysis_config: { bucket_span: '1h', detectors: [{ function: 'rare', by_field_name: 'process.command_line', partition_field_name: 'host.name' }], influencers: ['user.name'] },
        datafeed_config: { filter: [{ field: 'classifier.malicious_probability', gte: 0.9 }], must_not: [{ field: 'user.name', in: ['u1'] }] },
      },
      {
        job_id: 'sum_args_by_user',
        analysis_config: { bucket_span: '15m', detectors: [{ function: 'high_sum', field_name: 'process.args_count', by_field_name: 'user.name' }], influencers: ['host.name'] },
        datafeed_config: { filter: [{ field: 'problemchild.prediction', equals: 1 }] },
      },
    ]),
    'custom.json',
  );

  it('takes exactly the events some job’s feed filter takes', () => {
    expect(issues).toEqual([]);
    expect(custom).toHaveLength(2);
    for (const jobs of [builtinJobs(), builtinJobs('elastic'), [...builtinJobs(), ...custom]]) {
      const gate = new FeedGate(jobs);
      let taken = 0;
      for (let i = 0; i < 400; i++) {
        const ev = event(i);
        const t = gate.fed(ev);
        expect(t, `event ${i}`).toBe(runnerTakes(jobs, ev));
        if (t) taken++;
      }
      expect(taken).toBeGreaterThan(50);
      expect(taken).toBeLessThan(350);
    }
  });

  it('keeps the fields an unfed event is read for: filters, by and partition fields', () => {
    const paths = unfedFieldPaths(builtinJobs());
    expect([...paths].sort()).toEqual(['host.name', 'process.name', 'process.parent.name', 'user.name']);
    expect(jobFieldPaths(builtinJobs())).toEqual(expect.arrayContaining([...paths]));
    const withCustom = unfedFieldPaths([...builtinJobs(), ...custom]);
    expect(withCustom.has('process.command_line')).toBe(true);
    expect(withCustom.has('process.args_count')).toBe(true);
    expect(withCustom.has('event.id')).toBe(false);
  });
});
