// One pass over the event's strings that every family reads: lowercased names, folders, the parity
// fields and the normalised command line. Built once per event; the families never touch the raw event.

import type { ProcessEvent } from '../normalize/process-event.js';
import { parityFields, type ParityFields } from './parity-normalize.js';
import { basename, dirname } from './text.js';

export interface EventView {
  ev: ProcessEvent;
  parity: ParityFields;
  /** Lowercased process name (falls back to the executable's file name); '' when unknown. */
  name: string;
  parentName: string;
  /** Lowercased executable path and folder; '' when unknown. */
  exe: string;
  exeDir: string;
  parentExe: string;
  parentDir: string;
  /** Raw command line ('' when missing) and its lowercase. */
  cmd: string;
  cmdLower: string;
  /** The parity-normalised command line, '' when the event has none. */
  cmdNorm: string;
  /** Lowercased pe.original_file_name, '' when missing. */
  originalName: string;
  userName: string;
  userDomain: string;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

/** Placeholder values some sources write for an unknown parent ("?", "-"). */
function known(s: string): string {
  return s === '?' || s === '-' ? '' : s;
}

export function eventView(ev: ProcessEvent): EventView {
  const p = ev.process ?? {};
  const parent = p.parent ?? {};
  const exe = known(str(p.executable)).toLowerCase();
  const parentExe = known(str(parent.executable)).toLowerCase();
  const name = (known(str(p.name)) || basename(exe)).toLowerCase();
  const parentName = (known(str(parent.name)) || basename(parentExe)).toLowerCase();
  // args are joined only when there is no command line (most events have both).
  const cmd = str(p.command_line) || (Array.isArray(p.args) ? p.args.filter((a) => typeof a === 'string').join(' ') : '');
  const parity = parityFields(ev);
  return {
    ev,
    parity,
    name,
    parentName,
    exe,
    exeDir: dirname(exe),
    parentExe,
    parentDir: dirname(parentExe),
    cmd,
    // No family reads it on the hot path: lowercased on demand.
    get cmdLower() {
      return cmd.toLowerCase();
    },
    cmdNorm: cmd ? parity.commandLine : '',
    originalName: str(p.pe?.original_file_name).toLowerCase(),
    userName: str(ev.user?.name).toLowerCase(),
    userDomain: str(ev.user?.domain).toLowerCase(),
  };
}
