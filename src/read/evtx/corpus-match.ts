// Test support (not shipped logic): compares a flat-ECS process row made by other tools from an EVTX
// file with the raw winlog values our reader produced for the same event. Kept apart from the test so
// the mapping (Sysmon 1 / Security 4688 → ECS-ish fields) is readable on its own.

import type { EvtxValue } from './render.js';

export interface FlatRow {
  [key: string]: unknown;
}

/** The ECS-ish fields of a Sysmon 1 or Security 4688 record, mapped straight from its raw values. */
export interface ProcessView {
  timestamp: string;
  host: string;
  userName?: string;
  userDomain?: string;
  userId?: string;
  executable?: string;
  name?: string;
  commandLine?: string;
  pid?: number;
  parentExecutable?: string;
  parentName?: string;
  parentPid?: number;
}

function base(p: string | undefined): string | undefined {
  if (p === undefined) return undefined;
  const i = p.lastIndexOf('\\');
  return i >= 0 ? p.slice(i + 1) : p;
}

const NO_USER = new Set(['', '-', 'S-1-0-0']);
/** Security events name the machine account (HOST$) for these SIDs; ECS rows use the well-known names. */
const WELL_KNOWN: Record<string, [string, string]> = {
  'S-1-5-18': ['NT AUTHORITY', 'SYSTEM'],
  'S-1-5-19': ['NT AUTHORITY', 'LOCAL SERVICE'],
  'S-1-5-20': ['NT AUTHORITY', 'NETWORK SERVICE'],
};

export function processView(v: EvtxValue): ProcessView | null {
  const w = v.winlog;
  const d = w.event_data ?? {};
  if (w.event_id === 1 && w.provider_name === 'Microsoft-Windows-Sysmon') {
    const [dom, name] = (d.User ?? '').includes('\\') ? (d.User ?? '').split('\\', 2) : [undefined, d.User];
    return {
      // Sysmon's UtcTime ("2019-04-27 15:57:53.368") is when the process started.
      timestamp: d.UtcTime ? d.UtcTime.replace(' ', 'T') + 'Z' : (v['@timestamp'] ?? ''),
      host: w.computer_name ?? '',
      userName: name || undefined,
      userDomain: dom,
      executable: d.Image,
      name: base(d.Image),
      commandLine: d.CommandLine,
      pid: d.ProcessId !== undefined ? Number(d.ProcessId) : undefined,
      parentExecutable: d.ParentImage,
      parentName: base(d.ParentImage),
      parentPid: d.ParentProcessId !== undefined ? Number(d.ParentProcessId) : undefined,
    };
  }
  if (w.event_id === 4688 && w.provider_name === 'Microsoft-Windows-Security-Auditing') {
    const target = d.TargetUserSid !== undefined && !NO_USER.has(d.TargetUserSid) && !NO_USER.has(d.TargetUserName ?? '');
    const sidOf = target ? d.TargetUserSid : d.SubjectUserSid;
    const known = sidOf !== undefined ? WELL_KNOWN[sidOf] : undefined;
    return {
      timestamp: v['@timestamp'] ?? '',
      host: w.computer_name ?? '',
      userName: known ? known[1] : target ? d.TargetUserName : d.SubjectUserName,
      userDomain: known ? known[0] : target ? d.TargetDomainName : d.SubjectDomainName,
      userId: sidOf,
      executable: d.NewProcessName,
      name: base(d.NewProcessName),
      commandLine: d.CommandLine || undefined,
      pid: d.NewProcessId !== undefined ? parseInt(d.NewProcessId, 16) : undefined,
      parentExecutable: d.ParentProcessName || undefined,
      parentName: base(d.ParentProcessName || undefined),
      parentPid: d.ProcessId !== undefined ? parseInt(d.ProcessId, 16) : undefined,
    };
  }
  return null;
}

/** Field names that differ between a row and a view ([] = equal); timestamps may differ by up to 1 s. */
export function differences(row: FlatRow, view: ProcessView): string[] {
  const diff: string[] = [];
  const eq = (field: string, a: unknown, b: unknown): void => {
    if (a !== undefined && a !== b) diff.push(`${field}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  };
  eq('host.name', row['host.name'], view.host);
  eq('user.name', row['user.name'], view.userName);
  eq('user.domain', row['user.domain'], view.userDomain);
  if (view.userId !== undefined) eq('user.id', row['user.id'], view.userId);
  eq('process.executable', row['process.executable'], view.executable);
  eq('process.name', row['process.name'], view.name);
  eq('process.command_line', row['process.command_line'], view.commandLine);
  eq('process.pid', row['process.pid'], view.pid);
  if (row['process.parent.reconstructed'] !== true) {
    eq('process.parent.executable', row['process.parent.executable'], view.parentExecutable);
    eq('process.parent.name', row['process.parent.name'], view.parentName);
    eq('process.parent.pid', row['process.parent.pid'], view.parentPid);
  }
  const dt = Math.abs(Date.parse(String(row['@timestamp'])) - Date.parse(view.timestamp));
  if (!(dt <= 1000)) diff.push(`@timestamp: ${String(row['@timestamp'])} vs ${view.timestamp}`);
  return diff;
}
