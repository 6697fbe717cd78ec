// Parent → child plausibility: Office, mail, browsers, document readers, WMI, services and script
// hosts rarely have a legitimate reason to start shells or LOLBins.

import { b, parentLabel, procLabel, scalarFamily, type ScalarFeature } from './family.js';
import { binaryFact, CAP, processClass, PROCESS_CLASSES, type ProcessClass } from './lolbins.js';
import type { FeatureFamily } from './family.js';
import { memoized } from './memo.js';
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

const RISKY_CHILD = new Set<ProcessClass>(['shell', 'script_host', 'lolbin', 'recon']);
const PROXY_DOWNLOAD_COMPILE = CAP.proxyExec | CAP.download | CAP.compile;
const userWritableDir = memoized(16384, (dir: string) => USER_WRITABLE_DIR.test(dir));
const OFFICE_LIKE = new Set<ProcessClass>(['office', 'mail_chat', 'document_reader']);
const SERVICE_LIKE = new Set<ProcessClass>(['services', 'svchost']);

const generic = scalarFamily('lineage', FEATURES);
/** The per-feature definition the fast extractor must equal (the property test compares them). */
export const lineageReference: FeatureFamily = generic;

/**
 * The same values as FEATURES, computed in one pass from two class lookups (the per-feature
 * closures re-derive the classes many times; this runs on every event).
 */
function extract(v: EventView, row: Float32Array, o: number): void {
  const p = parentCls(v);
  const c = childCls(v);
  const missing = p === 'missing';
  const risky = RISKY_CHILD.has(c);
  const shell = p === 'shell';
  row[o] = PROCESS_CLASSES.indexOf(p);
  row[o + 1] = PROCESS_CLASSES.indexOf(c);
  row[o + 2] = missing ? NaN : b(OFFICE_LIKE.has(p) && risky);
  row[o + 3] = missing ? NaN : b(p === 'browser' && risky);
  row[o + 4] = missing ? NaN : b(p === 'wmi' && risky);
  row[o + 5] = missing ? NaN : b(SERVICE_LIKE.has(p) && risky);
  row[o + 6] = missing ? NaN : b(p === 'script_host' && risky);
  row[o + 7] = missing ? NaN : b(shell && (c === 'lolbin' || c === 'script_host'));
  row[o + 8] = missing ? NaN : b(shell && c === 'recon');
  row[o + 9] = missing ? NaN : b(shell && c === 'shell');
  row[o + 10] = missing ? NaN : b(((binaryFact(v.parentName)?.caps ?? 0) & PROXY_DOWNLOAD_COMPILE) !== 0);
  row[o + 11] = v.parentDir ? b(userWritableDir(v.parentDir)) : NaN;
  row[o + 12] = missing ? NaN : b(p === 'other');
  row[o + 13] = b(missing);
  row[o + 14] = v.parentName && v.name ? b(v.parentName === v.name) : NaN;
}

export const lineageFamily: FeatureFamily = { id: generic.id, names: generic.names, extract, describe: generic.describe };
