// Elastic's six ProblemChild anomaly jobs (integrations problemchild-ml.json, current version) as data.
// Ids are the legacy ones without "_ea", as the rules reference them. See elastic-reference.md §3.

import type { JobConfigInput } from '../job-config.js';

/** Elastic Agent and Beats binaries, excluded from every datafeed (integrations 2.4.0). */
export const AGENT_PROCESS_NAMES = [
  'elastic-agent.exe', 'elastic-agent', 'elastic-endpoint.exe', 'elastic-endpoint', 'metricbeat.exe', 'metricbeat',
  'filebeat.exe', 'filebeat', 'packetbeat.exe', 'packetbeat', 'winlogbeat.exe', 'winlogbeat',
];

const datafeed = {
  filter: [
    { field: 'problemchild.prediction', equals: 1 },
    { field: 'problemchild.prediction_probability', gte: 0.5 },
  ],
  must_not: [{ field: 'process.name', in: AGENT_PROCESS_NAMES }],
};

const SIGNATURE = ['process_code_signature_subject_name', 'process_code_signature_trusted'];
const BY_HOST = ['process.name', 'host.name', 'host.id', 'user.name', 'event.module', 'user.id', 'process.command_line', ...SIGNATURE];
const BY_USER = ['process.name', 'user.name', 'event.module', 'user.id', 'host.name', 'host.id', 'process.command_line', ...SIGNATURE];
const BY_PARENT = ['process.name', 'process.parent.name', 'process.command_line', 'host.name', 'host.id', 'user.name', 'event.module', 'user.id', ...SIGNATURE];

const groups = ['living_off_the_land', 'security'];
const custom = (techniques: string[]) => ({ created_by: 'ml-module-problem-child', threat_tactics: ['TA0005'], threat_techniques: techniques });

function rare(entity: string, influencers: string[], description: string, techniques: string[], id: string): JobConfigInput {
  return {
    job_id: id,
    description,
    groups,
    analysis_config: {
      bucket_span: '15m',
      detectors: [{ function: 'rare', by_field_name: 'process.name', partition_field_name: entity, detector_description: `rare process given a ${entity.split('.').slice(-2, -1)[0]}` }],
      influencers,
    },
    datafeed_config: datafeed,
    scorer: 'elastic',
    custom_settings: custom(techniques),
  };
}

function highSum(entity: string, influencers: string[], description: string, id: string): JobConfigInput {
  return {
    job_id: id,
    description,
    groups,
    analysis_config: {
      bucket_span: '15m',
      detectors: [{ function: 'high_sum', field_name: 'problemchild.prediction_probability', by_field_name: entity, detector_description: `high_sum(problemchild.prediction_probability) by ${entity}` }],
      influencers,
    },
    datafeed_config: datafeed,
    custom_settings: custom(['T1036', 'T1218']),
  };
}

export const PROBLEM_CHILD_JOBS: readonly JobConfigInput[] = [
  rare('user.name', BY_USER, 'Finds processes the classifier flagged as malicious that this user account has rarely or never run before.', ['T1036', 'T1218'], 'problem_child_rare_process_by_user'),
  rare('host.name', BY_HOST, 'Finds processes the classifier flagged as malicious that are rare or new on this host.', ['T1218'], 'problem_child_rare_process_by_host'),
  rare('process.parent.name', BY_PARENT, 'Finds flagged child processes that this parent process name rarely or never starts.', ['T1036', 'T1218'], 'problem_child_rare_process_by_parent'),
  highSum('user.name', BY_USER, 'Finds 15-minute windows in which one user account piles up an unusually high total of malicious probability.', 'problem_child_high_sum_by_user'),
  highSum('host.name', BY_HOST, 'Finds 15-minute windows in which one host piles up an unusually high total of malicious probability.', 'problem_child_high_sum_by_host'),
  highSum('process.parent.name', BY_PARENT, 'Finds 15-minute windows in which the children of one parent process name pile up an unusually high total of malicious probability.', 'problem_child_high_sum_by_parent'),
];
