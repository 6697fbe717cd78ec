// Assembles the ProcessEvent from the filled target slots. Written out field by field on purpose: stores to
// constant property names in a fixed order give every event the same hidden classes, several times faster than a
// generic dotted-path setter and cheaper for every later stage that reads the events. build-event.test.ts checks
// that every target in targets.ts lands at its dotted path, so this file and the target list cannot drift apart.

import type { CodeSignature, EventMeta, HashInfo, ParentProcessInfo, ProcessEvent, ProcessInfo, TokenInfo } from './process-event.js';
import { slotOf } from './targets.js';

function processSlots(p: string) {
  return {
    name: slotOf(`${p}.name`),
    executable: slotOf(`${p}.executable`),
    commandLine: slotOf(`${p}.command_line`),
    args: slotOf(`${p}.args`),
    argsCount: slotOf(`${p}.args_count`),
    pid: slotOf(`${p}.pid`),
    entityId: slotOf(`${p}.entity_id`),
    workingDirectory: slotOf(`${p}.working_directory`),
    originalFileName: slotOf(`${p}.pe.original_file_name`),
    md5: slotOf(`${p}.hash.md5`),
    sha1: slotOf(`${p}.hash.sha1`),
    sha256: slotOf(`${p}.hash.sha256`),
    imphash: slotOf(`${p}.hash.imphash`),
    sigExists: slotOf(`${p}.code_signature.exists`),
    sigTrusted: slotOf(`${p}.code_signature.trusted`),
    sigSubject: slotOf(`${p}.code_signature.subject_name`),
    sigStatus: slotOf(`${p}.code_signature.status`),
    integrity: slotOf(`${p}.integrity_level`),
    elevation: slotOf(`${p}.Ext.token.elevation`),
    elevationType: slotOf(`${p}.Ext.token.elevation_type`),
    integrityName: slotOf(`${p}.Ext.token.integrity_level_name`),
    elevationLevel: slotOf(`${p}.Ext.token.elevation_level`),
  };
}
type PSlots = ReturnType<typeof processSlots>;

const P = processSlots('process');
const PP = processSlots('process.parent');
const RECONSTRUCTED = slotOf('process.parent.reconstructed');
const E = {
  action: slotOf('event.action'),
  code: slotOf('event.code'),
  provider: slotOf('event.provider'),
  module: slotOf('event.module'),
  dataset: slotOf('event.dataset'),
  id: slotOf('event.id'),
};
const H = {
  name: slotOf('host.name'),
  hostname: slotOf('host.hostname'),
  id: slotOf('host.id'),
  osType: slotOf('host.os.type'),
  osFamily: slotOf('host.os.family'),
  osName: slotOf('host.os.name'),
  osPlatform: slotOf('host.os.platform'),
  osVersion: slotOf('host.os.version'),
};
const U = { name: slotOf('user.name'), domain: slotOf('user.domain'), id: slotOf('user.id') };
const L = { value: slotOf('label.value'), method: slotOf('label.method'), technique: slotOf('label.technique'), scenario: slotOf('label.scenario') };
const LABELS = slotOf('labels');

type Vals = readonly unknown[];

function fillProcess(o: ProcessInfo, v: Vals, s: PSlots): void {
  let x: unknown;
  if ((x = v[s.name]) !== undefined) o.name = x as string;
  if ((x = v[s.executable]) !== undefined) o.executable = x as string;
  if ((x = v[s.commandLine]) !== undefined) o.command_line = x as string;
  if ((x = v[s.args]) !== undefined) o.args = x as string[];
  if ((x = v[s.argsCount]) !== undefined) o.args_count = x as number;
  if ((x = v[s.pid]) !== undefined) o.pid = x as number;
  if ((x = v[s.entityId]) !== undefined) o.entity_id = x as string;
  if ((x = v[s.workingDirectory]) !== undefined) o.working_directory = x as string;
  if ((x = v[s.originalFileName]) !== undefined) o.pe = { original_file_name: x as string };

  if (v[s.md5] !== undefined || v[s.sha1] !== undefined || v[s.sha256] !== undefined || v[s.imphash] !== undefined) {
    const h: HashInfo = {};
    if ((x = v[s.md5]) !== undefined) h.md5 = x as string;
    if ((x = v[s.sha1]) !== undefined) h.sha1 = x as string;
    if ((x = v[s.sha256]) !== undefined) h.sha256 = x as string;
    if ((x = v[s.imphash]) !== undefined) h.imphash = x as string;
    o.hash = h;
  }
  if (v[s.sigExists] !== undefined || v[s.sigTrusted] !== undefined || v[s.sigSubject] !== undefined || v[s.sigStatus] !== undefined) {
    const c: CodeSignature = {};
    if ((x = v[s.sigExists]) !== undefined) c.exists = x as boolean;
    if ((x = v[s.sigTrusted]) !== undefined) c.trusted = x as boolean;
    if ((x = v[s.sigSubject]) !== undefined) c.subject_name = x as string;
    if ((x = v[s.sigStatus]) !== undefined) c.status = x as string;
    o.code_signature = c;
  }
  if ((x = v[s.integrity]) !== undefined) o.integrity_level = x as string;
  if (v[s.elevation] !== undefined || v[s.elevationType] !== undefined || v[s.integrityName] !== undefined || v[s.elevationLevel] !== undefined) {
    const t: TokenInfo = {};
    if ((x = v[s.elevation]) !== undefined) t.elevation = x as boolean;
    if ((x = v[s.elevationType]) !== undefined) t.elevation_type = x as string;
    if ((x = v[s.integrityName]) !== undefined) t.integrity_level_name = x as string;
    if ((x = v[s.elevationLevel]) !== undefined) t.elevation_level = x as string;
    o.Ext = { token: t };
  }
}

const PARENT_SLOTS: readonly number[] = [...Object.values(PP), RECONSTRUCTED];

function anyParent(v: Vals): boolean {
  for (let i = 0; i < PARENT_SLOTS.length; i++) if (v[PARENT_SLOTS[i]] !== undefined) return true;
  return false;
}

export function buildEvent(v: Vals, iso: string): ProcessEvent {
  let x: unknown;
  const event: EventMeta = { kind: 'event', category: ['process'], type: ['start'] };
  if ((x = v[E.action]) !== undefined) event.action = x as string;
  if ((x = v[E.code]) !== undefined) event.code = x as string;
  if ((x = v[E.provider]) !== undefined) event.provider = x as string;
  if ((x = v[E.module]) !== undefined) event.module = x as string;
  if ((x = v[E.dataset]) !== undefined) event.dataset = x as string;
  if ((x = v[E.id]) !== undefined) event.id = x as string;

  const host: ProcessEvent['host'] = {};
  if ((x = v[H.name]) !== undefined) host.name = x as string;
  if ((x = v[H.hostname]) !== undefined) host.hostname = x as string;
  if ((x = v[H.id]) !== undefined) host.id = x as string;
  if (v[H.osType] !== undefined || v[H.osFamily] !== undefined || v[H.osName] !== undefined || v[H.osPlatform] !== undefined || v[H.osVersion] !== undefined) {
    const os: NonNullable<ProcessEvent['host']['os']> = {};
    if ((x = v[H.osType]) !== undefined) os.type = x as string;
    if ((x = v[H.osFamily]) !== undefined) os.family = x as string;
    if ((x = v[H.osName]) !== undefined) os.name = x as string;
    if ((x = v[H.osPlatform]) !== undefined) os.platform = x as string;
    if ((x = v[H.osVersion]) !== undefined) os.version = x as string;
    host.os = os;
  }

  const user: ProcessEvent['user'] = {};
  if ((x = v[U.name]) !== undefined) user.name = x as string;
  if ((x = v[U.domain]) !== undefined) user.domain = x as string;
  if ((x = v[U.id]) !== undefined) user.id = x as string;

  const proc: ProcessEvent['process'] = {};
  fillProcess(proc, v, P);
  if (anyParent(v)) {
    const parent: ParentProcessInfo = {};
    fillProcess(parent, v, PP);
    if ((x = v[RECONSTRUCTED]) !== undefined) parent.reconstructed = x as boolean;
    proc.parent = parent;
  }

  const out: ProcessEvent = { '@timestamp': iso, event, host, user, process: proc };
  if (v[L.value] !== undefined || v[L.method] !== undefined || v[L.technique] !== undefined || v[L.scenario] !== undefined) {
    const label: NonNullable<ProcessEvent['label']> = {};
    if ((x = v[L.value]) !== undefined) label.value = x as string;
    if ((x = v[L.method]) !== undefined) label.method = x as string;
    if ((x = v[L.technique]) !== undefined) label.technique = x as string[];
    if ((x = v[L.scenario]) !== undefined) label.scenario = x as string;
    out.label = label;
  }
  if ((x = v[LABELS]) !== undefined) out.labels = x as Record<string, string>;
  return out;
}
