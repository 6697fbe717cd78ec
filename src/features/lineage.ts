// Parent → child plausibility: Office, mail, browsers, document readers, WMI, services and script
// hosts rarely have a legitimate reason to start shells or LOLBins.

import { b, parentLabel, procLabel, scalarFamily, type ScalarFeature } from './family.js';
import { binaryFact, CAP, processClass, PROCESS_CLASSES, type ProcessClass } from './lolbins.js';
import { memoFamily, tupleKey } from './memo.js';
import type { EventView } from './view.js';

const USER_WRITABLE_DIR = /\\(?:users|temp|tmp|programdata|perflogs|\$recycle\.bin|appdata|downloads)(?:\\|$)/;

const childCls = (v: EventView): ProcessClass => processClass(v.name);
const parentCls = (v: EventView): ProcessClass => processClass(v.parentName);

function childIsRisky(v: EventView): boolean {
  const c = childCls(v);
  return c === 'shell' || c === 'script_host' || c === 'lolbin' || c === 'recon';
}

function parentIs(v: EventView, ...classes: ProcessClass[]): number {
  const p = parentCls(v);
  if (p === 'missing') return NaN;
  return b(classes.includes(p) && childIsRisky(v));
}

const FEATURES: ScalarFeature[] = [
  {
    id: 'parent_class',
    value: (v) => PROCESS_CLASSES.indexOf(parentCls(v)),
    describe: (v) => `parent ${parentLabel(v)} (${parentCls(v).replace('_', ' ')})`,
  },
  {
    id: 'child_class',
    value: (v) => PROCESS_CLASSES.indexOf(childCls(v)),
    describe: (v) => `${procLabel(v)} is a ${childCls(v).replace('_', ' ')} process`,
  },
  {
    id: 'office_spawns_risky',
    value: (v) => parentIs(v, 'office', 'mail_chat', 'document_reader'),
    describe: (v) => `${parentLabel(v)} (Office/mail/PDF) started ${procLabel(v)}`,
  },
  { id: 'browser_spawns_risky', value: (v) => parentIs(v, 'browser'), describe: (v) => `browser ${parentLabel(v)} started ${procLabel(v)}` },
  { id: 'wmi_spawns_risky', value: (v) => parentIs(v, 'wmi'), describe: (v) => `WMI (${parentLabel(v)}) started ${procLabel(v)}` },
  {
    id: 'service_spawns_risky',
    value: (v) => parentIs(v, 'services', 'svchost'),
    describe: (v) => `service host ${parentLabel(v)} started ${procLabel(v)}`,
  },
  { id: 'script_host_spawns_risky', value: (v) => parentIs(v, 'script_host'), describe: (v) => `script host ${parentLabel(v)} started ${procLabel(v)}` },
  {
    id: 'shell_spawns_lolbin',
    value: (v) => (parentCls(v) === 'missing' ? NaN : b(parentCls(v) === 'shell' && (childCls(v) === 'lolbin' || childCls(v) === 'script_host'))),
    describe: (v) => `shell ${parentLabel(v)} started ${procLabel(v)}`,
  },
  {
    id: 'shell_spawns_recon',
    value: (v) => (parentCls(v) === 'missing' ? NaN : b(parentCls(v) === 'shell' && childCls(v) === 'recon')),
    describe: (v) => `shell ${parentLabel(v)} started discovery tool ${procLabel(v)}`,
  },
  {
    id: 'shell_spawns_shell',
    value: (v) => (parentCls(v) === 'missing' ? NaN : b(parentCls(v) === 'shell' && childCls(v) === 'shell')),
    describe: (v) => `shell ${parentLabel(v)} started shell ${procLabel(v)}`,
  },
  {
    id: 'parent_is_lolbin',
    value: (v) => (parentCls(v) === 'missing' ? NaN : b(((binaryFact(v.parentName)?.caps ?? 0) & (CAP.proxyExec | CAP.download | CAP.compile)) !== 0)),
    describe: (v) => `parent ${parentLabel(v)} is itself a proxy-execution/download tool`,
  },
  {
    id: 'parent_in_user_writable',
    value: (v) => (v.parentDir ? b(USER_WRITABLE_DIR.test(v.parentDir)) : NaN),
    describe: (v) => `parent ${parentLabel(v)} runs from a user-writable folder (${v.parentDir})`,
  },
  {
    id: 'parent_unknown_binary',
    value: (v) => (parentCls(v) === 'missing' ? NaN : b(parentCls(v) === 'other')),
    describe: (v) => `parent ${parentLabel(v)} is not a recognised Windows or desktop program`,
  },
  { id: 'parent_missing', value: (v) => b(parentCls(v) === 'missing'), describe: () => 'the parent process is unknown' },
  {
    id: 'same_as_parent',
    value: (v) => (v.parentName && v.name ? b(v.parentName === v.name) : NaN),
    describe: (v) => `${procLabel(v)} started by another ${v.parentName}`,
  },
];

// Reads the child and parent names and the parent folder only.
export const lineageFamily = memoFamily(scalarFamily('lineage', FEATURES), 16384, (v) => tupleKey(v.name, v.parentName, v.parentDir));
