// Winlogbeat / Elastic Agent "windows" integration documents, and EVTX records (the EVTX reader yields the same
// Winlogbeat shape). Raw event data lives under winlog.event_data; every value there may be a string.

import type { FieldRule, MappingRule } from '../mapping-types.js';
import { ECS_RULES } from './ecs.js';

const ED = 'winlog.event_data';

const WINLOG_COMMON: readonly FieldRule[] = [
  { to: 'host.name', from: ['winlog.computer_name'], conv: 'string' },
  { to: 'event.code', from: ['winlog.event_id'], conv: 'code' },
  { to: 'event.provider', from: ['winlog.provider_name'], conv: 'string' },
];

/**
 * Sysmon event 1 (process create). ECS from the ingest pipeline wins; event data fills the gaps. Except the time:
 * UtcTime is when the process was created, while @timestamp (System/TimeCreated) is when Sysmon wrote the event,
 * which can lag by seconds or, for events replayed at service start, by much more.
 */
export const SYSMON_1_RULES: readonly MappingRule[] = [
  { to: '@timestamp', from: [`${ED}.UtcTime`], conv: 'timestamp' },
  ...ECS_RULES,
  ...WINLOG_COMMON,
  { to: 'process.executable', from: [`${ED}.Image`], conv: 'winString' },
  { to: 'process.command_line', from: [`${ED}.CommandLine`], conv: 'winString' },
  { to: 'process.pid', from: [`${ED}.ProcessId`], conv: 'pid' },
  { to: 'process.entity_id', from: [`${ED}.ProcessGuid`], conv: 'winString' },
  { to: 'process.working_directory', from: [`${ED}.CurrentDirectory`], conv: 'winString' },
  { to: 'process.pe.original_file_name', from: [`${ED}.OriginalFileName`], conv: 'winString' },
  { to: 'process.hash', from: [`${ED}.Hashes`], conv: 'hashes' },
  { to: 'process.integrity_level', from: [`${ED}.IntegrityLevel`], conv: 'integrity' },
  { to: 'process.parent.executable', from: [`${ED}.ParentImage`], conv: 'winString' },
  { to: 'process.parent.command_line', from: [`${ED}.ParentCommandLine`], conv: 'winString' },
  { to: 'process.parent.pid', from: [`${ED}.ParentProcessId`], conv: 'pid' },
  { to: 'process.parent.entity_id', from: [`${ED}.ParentProcessGuid`], conv: 'winString' },
  // "DOMAIN\name"; winlog.user is the account Sysmon runs as, not the process user, so it is not a source.
  { to: 'user.name', from: [`${ED}.User`], conv: 'accountName' },
  { to: 'user.domain', from: [`${ED}.User`], conv: 'accountDomain' },
];

/**
 * Security 4688. The account choice comes first: the ingest pipeline's user.* is the subject, which is not the
 * process user when the target account differs (a service started as LOCAL SERVICE by the machine account).
 */
export const SECURITY_4688_RULES: readonly MappingRule[] = [
  {
    choose: ['user.name', 'user.domain', 'user.id'],
    options: [
      [`${ED}.TargetUserName`, `${ED}.TargetDomainName`, `${ED}.TargetUserSid`],
      [`${ED}.SubjectUserName`, `${ED}.SubjectDomainName`, `${ED}.SubjectUserSid`],
    ],
    conv: ['accountName', 'winString', 'sid'],
    require: [0],
    rejectIf: [
      [0, '-'],
      [2, 'S-1-0-0'],
    ],
  },
  ...ECS_RULES,
  ...WINLOG_COMMON,
  { to: 'process.executable', from: [`${ED}.NewProcessName`], conv: 'winString' },
  { to: 'process.pid', from: [`${ED}.NewProcessId`], conv: 'pid' },
  { to: 'process.command_line', from: [`${ED}.CommandLine`], conv: 'winString' },
  { to: 'process.parent.pid', from: [`${ED}.ProcessId`], conv: 'pid' },
  { to: 'process.parent.executable', from: [`${ED}.ParentProcessName`], conv: 'winString' },
  { to: 'process.Ext.token.elevation_type', from: [`${ED}.TokenElevationType`], conv: 'elevationType' },
  { to: 'process.integrity_level', from: [`${ED}.MandatoryLabel`], conv: 'integrity' },
  { to: 'process.Ext.token.integrity_level_name', from: [`${ED}.MandatoryLabel`], conv: 'integrityLevelName' },
];
