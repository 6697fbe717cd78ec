// Every field of ProcessEvent a mapping table may fill, as dotted ECS paths. The mapper keeps one value slot per
// target and builds the nested document from the filled slots at the end, in this order (stable key order →
// byte-identical output). A "group" target (e.g. "process.hash") takes an object and spreads it into its children.

function processTargets(p: string): string[] {
  return [
    `${p}.name`,
    `${p}.executable`,
    `${p}.command_line`,
    `${p}.args`,
    `${p}.args_count`,
    `${p}.pid`,
    `${p}.entity_id`,
    `${p}.working_directory`,
    `${p}.pe.original_file_name`,
    `${p}.hash.md5`,
    `${p}.hash.sha1`,
    `${p}.hash.sha256`,
    `${p}.hash.imphash`,
    `${p}.code_signature.exists`,
    `${p}.code_signature.trusted`,
    `${p}.code_signature.subject_name`,
    `${p}.code_signature.status`,
    `${p}.integrity_level`,
    `${p}.Ext.token.elevation`,
    `${p}.Ext.token.elevation_type`,
    `${p}.Ext.token.integrity_level_name`,
    `${p}.Ext.token.elevation_level`,
  ];
}

export const TARGETS: readonly string[] = [
  '@timestamp',
  'event.action',
  'event.code',
  'event.provider',
  'event.module',
  'event.dataset',
  'event.id',
  'host.name',
  'host.hostname',
  'host.id',
  'host.os.type',
  'host.os.family',
  'host.os.name',
  'host.os.platform',
  'host.os.version',
  'user.name',
  'user.domain',
  'user.id',
  ...processTargets('process'),
  ...processTargets('process.parent'),
  'process.parent.reconstructed',
  'label.value',
  'label.method',
  'label.technique',
  'label.scenario',
  'labels',
];

export const SLOT: ReadonlyMap<string, number> = new Map(TARGETS.map((t, i) => [t, i]));

export function slotOf(target: string): number {
  const s = SLOT.get(target);
  if (s === undefined) throw new Error(`unknown normalize target "${target}"`);
  return s;
}

/** Children of a group target by their last key ("process.hash" → {md5: slot, …}); undefined for a leaf. */
export function groupChildren(target: string): Readonly<Record<string, number>> | undefined {
  if (SLOT.has(target)) return undefined;
  const prefix = target + '.';
  const out: Record<string, number> = {};
  let any = false;
  TARGETS.forEach((t, i) => {
    if (t.startsWith(prefix) && t.indexOf('.', prefix.length) < 0) {
      out[t.slice(prefix.length)] = i;
      any = true;
    }
  });
  if (!any) throw new Error(`unknown normalize target "${target}"`);
  return out;
}

/** Slot indices the derivation step and the event builder read directly. */
export function processSlots(p: 'process' | 'process.parent') {
  return {
    name: slotOf(`${p}.name`),
    executable: slotOf(`${p}.executable`),
    commandLine: slotOf(`${p}.command_line`),
    args: slotOf(`${p}.args`),
    argsCount: slotOf(`${p}.args_count`),
    integrity: slotOf(`${p}.integrity_level`),
    elevation: slotOf(`${p}.Ext.token.elevation`),
    elevationType: slotOf(`${p}.Ext.token.elevation_type`),
    elevationLevel: slotOf(`${p}.Ext.token.elevation_level`),
    integrityName: slotOf(`${p}.Ext.token.integrity_level_name`),
  };
}
export type ProcessSlots = ReturnType<typeof processSlots>;
