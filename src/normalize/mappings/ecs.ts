// ECS field sources, nested or flat dotted (the getter treats both alike). Every shape starts from these, so a
// document that already carries ECS (Defend, Winlogbeat with its ingest pipeline, exporters) keeps its values;
// shape-specific tables after them only fill gaps.

import type { FieldRule } from '../mapping-types.js';

function processRules(p: 'process' | 'process.parent'): FieldRule[] {
  return [
    { to: `${p}.name`, from: [`${p}.name`], conv: 'string' },
    { to: `${p}.executable`, from: [`${p}.executable`], conv: 'string' },
    { to: `${p}.command_line`, from: [`${p}.command_line`], conv: 'string' },
    { to: `${p}.args`, from: [`${p}.args`], conv: 'stringArray' },
    { to: `${p}.args_count`, from: [`${p}.args_count`], conv: 'pid' },
    { to: `${p}.pid`, from: [`${p}.pid`], conv: 'pid' },
    { to: `${p}.entity_id`, from: [`${p}.entity_id`], conv: 'code' },
    { to: `${p}.working_directory`, from: [`${p}.working_directory`], conv: 'string' },
    { to: `${p}.pe.original_file_name`, from: [`${p}.pe.original_file_name`], conv: 'string' },
    // An object {md5, sha1…}, or (flat exports of Sysmon) the raw "SHA1=…,MD5=…" list in process.hash.
    { to: `${p}.hash`, from: [`${p}.hash`], conv: 'hashes' },
    { to: `${p}.hash.md5`, from: [`${p}.hash.md5`], conv: 'string' },
    { to: `${p}.hash.sha1`, from: [`${p}.hash.sha1`], conv: 'string' },
    { to: `${p}.hash.sha256`, from: [`${p}.hash.sha256`], conv: 'string' },
    { to: `${p}.hash.imphash`, from: [`${p}.hash.imphash`, `${p}.pe.imphash`], conv: 'string' },
    // Defend: process.code_signature, or process.Ext.code_signature (an object or an array of signatures).
    { to: `${p}.code_signature`, from: [`${p}.code_signature`, `${p}.Ext.code_signature`], conv: 'signature' },
    { to: `${p}.code_signature.exists`, from: [`${p}.code_signature.exists`], conv: 'bool' },
    { to: `${p}.code_signature.trusted`, from: [`${p}.code_signature.trusted`], conv: 'bool' },
    { to: `${p}.code_signature.subject_name`, from: [`${p}.code_signature.subject_name`], conv: 'string' },
    { to: `${p}.code_signature.status`, from: [`${p}.code_signature.status`], conv: 'string' },
    { to: `${p}.integrity_level`, from: [`${p}.integrity_level`], conv: 'integrity' },
    { to: `${p}.Ext.token.elevation`, from: [`${p}.Ext.token.elevation`], conv: 'bool' },
    {
      to: `${p}.Ext.token.elevation_type`,
      from: [`${p}.Ext.token.elevation_type`, `${p}.token_elevation_type`, `${p}.Ext.token.elevation_level`],
      conv: 'elevationType',
    },
    { to: `${p}.Ext.token.integrity_level_name`, from: [`${p}.Ext.token.integrity_level_name`], conv: 'integrityLevelName' },
    { to: `${p}.Ext.token.elevation_level`, from: [`${p}.Ext.token.elevation_level`], conv: 'string' },
  ];
}

export const ECS_USER_RULES: readonly FieldRule[] = [
  { to: 'user.name', from: ['user.name'], conv: 'accountName' },
  { to: 'user.domain', from: ['user.domain'], conv: 'string' },
  { to: 'user.domain', from: ['user.name'], conv: 'accountDomain' },
  { to: 'user.id', from: ['user.id'], conv: 'sid' },
];

export const ECS_RULES: readonly FieldRule[] = [
  { to: '@timestamp', from: ['@timestamp'], conv: 'timestamp' },
  { to: 'event.action', from: ['event.action'], conv: 'string' },
  { to: 'event.code', from: ['event.code'], conv: 'code' },
  { to: 'event.provider', from: ['event.provider'], conv: 'string' },
  { to: 'event.module', from: ['event.module'], conv: 'string' },
  { to: 'event.dataset', from: ['event.dataset'], conv: 'string' },
  { to: 'event.id', from: ['event.id'], conv: 'code' },
  { to: 'host.name', from: ['host.name', 'host.hostname'], conv: 'string' },
  { to: 'host.hostname', from: ['host.hostname'], conv: 'string' },
  { to: 'host.id', from: ['host.id'], conv: 'code' },
  { to: 'host.os.type', from: ['host.os.type'], conv: 'string' },
  { to: 'host.os.family', from: ['host.os.family'], conv: 'string' },
  { to: 'host.os.name', from: ['host.os.name'], conv: 'string' },
  { to: 'host.os.platform', from: ['host.os.platform'], conv: 'string' },
  { to: 'host.os.version', from: ['host.os.version'], conv: 'string' },
  ...ECS_USER_RULES,
  ...processRules('process'),
  ...processRules('process.parent'),
  { to: 'process.parent.reconstructed', from: ['process.parent.reconstructed'], conv: 'bool' },
  { to: 'label.value', from: ['label.value'], conv: 'string' },
  { to: 'label.method', from: ['label.method'], conv: 'string' },
  { to: 'label.technique', from: ['label.technique'], conv: 'stringArray' },
  { to: 'label.scenario', from: ['label.scenario'], conv: 'string' },
  { to: 'labels', from: ['labels.*'], conv: 'labels' },
];
