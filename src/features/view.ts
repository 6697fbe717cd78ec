// One pass over the event's strings that every family reads: lowercased names, folders, the parity
// fields and the normalised command line. Built once per event; the families never touch the raw event.

import type { ProcessEvent } from '../normalize/process-event.js';
import { parityFields, pathOf, type KnownLine, type ParityFields, type PathRecord } from './parity-normalize.js';
import { memoized } from './memo.js';
import { basename } from './text.js';

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

// A class, not an object literal with a getter: every view then shares one hidden class and the
// lazy lowercase lives on the prototype (a literal with an accessor is rebuilt per event).
class View implements EventView {
  constructor(
    readonly ev: ProcessEvent,
    readonly parity: ParityFields,
    readonly name: string,
    readonly parentName: string,
    readonly exe: string,
    readonly exeDir: string,
    readonly parentExe: string,
    readonly parentDir: string,
    readonly cmd: string,
    readonly originalName: string,
    readonly userName: string,
    readonly userDomain: string,
  ) {}

  // No family reads it on the hot path: lowercased on demand.
  get cmdLower(): string {
    return this.cmd.toLowerCase();
  }

  // The families read the record's codes (cmdline-codes.ts); the text is built for explanations only.
  get cmdNorm(): string {
    return this.cmd ? this.parity.commandLine : '';
  }
}

/**
 * The part of a view read from the process's and its parent's names and executables and the PE name
 * only (inputs 0, 1, 2, 4 and 5 of features/inputs.ts): a caller that has seen those values before
 * (compared with ===) may pass the part it built then to eventView instead of looking it up again.
 */
export interface ViewContext {
  readonly exeRec: PathRecord;
  readonly parentRec: PathRecord;
  readonly name: string;
  readonly parentName: string;
  readonly originalName: string;
}

export function viewContext(ev: ProcessEvent): ViewContext {
  const p = ev.process ?? {};
  const parent = p.parent ?? {};
  const exeRec = pathOf(p.executable);
  const parentRec = pathOf(parent.executable);
  return {
    exeRec,
    parentRec,
    name: lower(known(str(p.name)) || basename(exeRec.lower)),
    parentName: lower(known(str(parent.name)) || basename(parentRec.lower)),
    originalName: lower(str(p.pe?.original_file_name)),
  };
}

/**
 * ctx: viewContext(ev), or the one built from an earlier event with the same names, executables and PE name.
 * line: the event's command line as the caller holds it (parity-normalize.ts KnownLine).
 */
export function eventView(ev: ProcessEvent, ctx: ViewContext = viewContext(ev), line?: KnownLine): EventView {
  const p = ev.process ?? {};
  const { exeRec, parentRec } = ctx;
  // args are joined only when there is no command line (most events have both).
  const cmd = str(p.command_line) || (Array.isArray(p.args) ? p.args.filter((a) => typeof a === 'string').join(' ') : '');
  const parity = parityFields(ev, exeRec, parentRec, line);
  return new View(
    ev,
    parity,
    ctx.name,
    ctx.parentName,
    exeRec.lower,
    exeRec.dir,
    parentRec.lower,
    parentRec.dir,
    cmd,
    ctx.originalName,
    str(ev.user?.name).toLowerCase(),
    str(ev.user?.domain).toLowerCase(),
  );
}

/**
 * toLowerCase, memoised: the same names and paths recur, and the memo hands back one string object
 * per value, whose hash V8 keeps, so the family memos keyed by it hash it only once.
 */
const lower = memoized(16384, (s: string) => s.toLowerCase());
