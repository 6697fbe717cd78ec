// Elastic Endgame process events as indexed by Elastic (ECS plus the sensor's own fields under endgame.*).
// ECS wins; endgame.* fills the gaps.

import type { FieldRule } from '../mapping-types.js';
import { ECS_RULES } from './ecs.js';

const EG = 'endgame';

export const ENDGAME_RULES: readonly FieldRule[] = [
  ...ECS_RULES,
  { to: '@timestamp', from: [`${EG}.timestamp_utc`, `${EG}.timestamp`], conv: 'timestamp' },
  { to: 'process.name', from: [`${EG}.process_name`], conv: 'string' },
  { to: 'process.executable', from: [`${EG}.process_path`], conv: 'string' },
  { to: 'process.command_line', from: [`${EG}.command_line`], conv: 'string' },
  { to: 'process.pid', from: [`${EG}.pid`], conv: 'pid' },
  { to: 'process.entity_id', from: [`${EG}.unique_pid`], conv: 'code' },
  { to: 'process.pe.original_file_name', from: [`${EG}.original_file_name`], conv: 'string' },
  { to: 'process.hash.md5', from: [`${EG}.md5`], conv: 'string' },
  { to: 'process.hash.sha1', from: [`${EG}.sha1`], conv: 'string' },
  { to: 'process.hash.sha256', from: [`${EG}.sha256`], conv: 'string' },
  { to: 'process.code_signature.subject_name', from: [`${EG}.signature_signer`], conv: 'string' },
  { to: 'process.code_signature.status', from: [`${EG}.signature_status`], conv: 'string' },
  { to: 'process.integrity_level', from: [`${EG}.integrity_level`], conv: 'integrity' },
  { to: 'process.Ext.token.elevation_type', from: [`${EG}.token_elevation_type`], conv: 'elevationType' },
  { to: 'process.parent.name', from: [`${EG}.parent_process_name`], conv: 'string' },
  { to: 'process.parent.executable', from: [`${EG}.parent_process_path`], conv: 'string' },
  { to: 'process.parent.pid', from: [`${EG}.ppid`], conv: 'pid' },
  { to: 'process.parent.entity_id', from: [`${EG}.unique_ppid`], conv: 'code' },
  { to: 'user.name', from: [`${EG}.user_name`], conv: 'accountName' },
  { to: 'user.domain', from: [`${EG}.user_domain`], conv: 'string' },
  { to: 'user.id', from: [`${EG}.user_sid`], conv: 'sid' },
];
