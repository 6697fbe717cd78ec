// Which shape a record is, or why it is skipped: an ordered table, first match decides. Winlogbeat documents are
// recognised by provider or channel (events forwarded with WEF arrive in "ForwardedEvents"), Defend by its dataset,
// Endgame by its module or fields, then generic ECS by event.category/type, then by provider/code, then by the mere
// presence of process fields (flat exports such as ../shared/data/train carry no event.category).

import type { Condition, DetectRule, ShapeMapping } from './mapping-types.js';
import { ECS_RULES } from './mappings/ecs.js';
import { ENDGAME_RULES } from './mappings/endgame.js';
import { SECURITY_4688_RULES, SYSMON_1_RULES } from './mappings/winlog.js';

const NOT_WINDOWS = ['linux', 'macos', 'darwin', 'unix', 'ios', 'android', 'freebsd'];

const SYSMON: Condition = {
  any: [
    { path: 'winlog.provider_name', in: ['Microsoft-Windows-Sysmon'] },
    { path: 'winlog.channel', in: ['Microsoft-Windows-Sysmon/Operational'] },
  ],
};
const SECURITY: Condition = {
  any: [
    { path: 'winlog.provider_name', in: ['Microsoft-Windows-Security-Auditing'] },
    { path: 'winlog.channel', in: ['Security'] },
  ],
};
const EID_1: Condition = { path: 'winlog.event_id', in: ['1'] };
const EID_4688: Condition = { path: 'winlog.event_id', in: ['4688'] };
const EVTX: Condition = { format: 'evtx' };
const DEFEND_PROCESS: Condition = { path: 'event.dataset', in: ['endpoint.events.process'] };
const ENDGAME: Condition = {
  any: [
    { path: 'event.module', in: ['endgame'] },
    { path: 'endgame.event_type_full', exists: true },
  ],
};
const PROCESS_CATEGORY: Condition = { path: 'event.category', in: ['process'] };
const START_TYPE: Condition = { path: 'event.type', in: ['start'] };

export const DETECT_RULES: readonly DetectRule[] = [
  { when: [{ path: 'host.os.type', in: NOT_WINDOWS }], skip: 'not-windows' },
  { when: [{ path: 'host.os.platform', in: NOT_WINDOWS }], skip: 'not-windows' },

  { when: [EVTX, SYSMON, EID_1], shape: 'evtx-sysmon' },
  { when: [EVTX, SECURITY, EID_4688], shape: 'evtx-security-4688' },
  { when: [EVTX], skip: 'not-process-start' },

  { when: [SYSMON, EID_1], shape: 'winlogbeat-sysmon' },
  { when: [SYSMON], skip: 'not-process-start' },
  { when: [SECURITY, EID_4688], shape: 'winlogbeat-security-4688' },
  { when: [SECURITY], skip: 'not-process-start' },
  { when: [{ path: 'winlog.event_id', exists: true }], skip: 'not-process' },

  { when: [DEFEND_PROCESS, { path: 'event.action', in: ['start'] }], shape: 'elastic-defend' },
  { when: [DEFEND_PROCESS], skip: 'not-start' },
  { when: [{ path: 'event.dataset', prefix: 'endpoint.' }], skip: 'not-process' },

  { when: [ENDGAME, { path: 'endgame.event_type_full', in: ['process_event'] }, { path: 'endgame.event_subtype_full', in: ['creation_event'] }], shape: 'endgame' },
  { when: [ENDGAME, { path: 'endgame.event_type_full', in: ['process_event'] }], skip: 'not-start' },
  { when: [ENDGAME, { path: 'endgame.event_type_full', exists: true }], skip: 'not-process' },
  { when: [ENDGAME, PROCESS_CATEGORY, START_TYPE], shape: 'endgame' },

  { when: [PROCESS_CATEGORY, START_TYPE], shape: 'ecs' },
  { when: [PROCESS_CATEGORY], skip: 'not-start' },
  { when: [{ path: 'event.category', exists: true }], skip: 'not-process' },
  { when: [{ path: 'event.action', in: ['end', 'already_running', 'termination_event'] }], skip: 'not-start' },
  { when: [{ path: 'event.provider', in: ['Microsoft-Windows-Sysmon'] }, { path: 'event.code', in: ['1'] }], shape: 'ecs' },
  { when: [{ path: 'event.provider', in: ['Microsoft-Windows-Sysmon'] }], skip: 'not-process-start' },
  { when: [{ path: 'event.provider', in: ['Microsoft-Windows-Security-Auditing'] }, { path: 'event.code', in: ['4688'] }], shape: 'ecs' },
  { when: [{ path: 'event.provider', in: ['Microsoft-Windows-Security-Auditing'] }], skip: 'not-process-start' },
  {
    when: [
      {
        any: [
          { path: 'process.executable', exists: true },
          { path: 'process.name', exists: true },
          { path: 'process.command_line', exists: true },
          { path: 'process.args', exists: true },
        ],
      },
    ],
    shape: 'ecs',
  },
];

/** The field table each shape is mapped with. EVTX records are Winlogbeat-shaped and share their tables. */
export const SHAPE_MAPPINGS: readonly ShapeMapping[] = [
  { shape: 'elastic-defend', rules: ECS_RULES },
  { shape: 'winlogbeat-sysmon', rules: SYSMON_1_RULES },
  { shape: 'winlogbeat-security-4688', rules: SECURITY_4688_RULES },
  { shape: 'evtx-sysmon', rules: SYSMON_1_RULES },
  { shape: 'evtx-security-4688', rules: SECURITY_4688_RULES },
  { shape: 'ecs', rules: ECS_RULES },
  { shape: 'endgame', rules: ENDGAME_RULES },
];
