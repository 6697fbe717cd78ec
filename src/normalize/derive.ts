// Values filled from other values of the same event once every table has run: names from paths, a command line
// from argv, the program from a command line (only when unambiguous), the two spellings of integrity mirrored,
// token elevation from its type. Generic for every shape, so each shape's table stays a plain field list.

import { processSlots, slotOf, type ProcessSlots } from './targets.js';
import { cachedIntegrityName } from './converters.js';
import { basename, joinArgs, programFromCommandLine, sysmonIntegrity, WELL_KNOWN_ACCOUNTS } from './windows-values.js';

const PROCESS = processSlots('process');
const PARENT = processSlots('process.parent');
const USER_NAME = slotOf('user.name');
const USER_DOMAIN = slotOf('user.domain');
const USER_ID = slotOf('user.id');

/**
 * What deriveAll() may write, as (any of these slots filled → these slots may be written): read off deriveProcess
 * and deriveAccount below. Used to bound the slots a record can leave behind (record-plan.ts planSlots()).
 */
const DERIVES: ReadonlyArray<readonly [from: readonly number[], to: readonly number[]]> = [
  ...[PROCESS, PARENT].flatMap((s) => [
    [[s.args], [s.commandLine, s.argsCount]] as const,
    [[s.commandLine], [s.executable, s.name]] as const,
    [[s.executable], [s.name]] as const,
    [[s.integrity], [s.integrityName]] as const,
    [[s.integrityName], [s.integrity, s.elevation]] as const,
    [[s.elevationType], [s.elevation]] as const,
  ]),
  [[USER_ID], [USER_DOMAIN, USER_NAME]],
];

/** Every slot that may hold a value after deriveAll(), given the slots that may hold one before it (a superset). */
export function derivedSlots(filled: Iterable<number>): Set<number> {
  const out = new Set(filled);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [from, to] of DERIVES) {
      if (!from.some((f) => out.has(f))) continue;
      for (const t of to) {
        if (out.has(t)) continue;
        out.add(t);
        grew = true;
      }
    }
  }
  return out;
}

function deriveProcess(s: ProcessSlots, vals: unknown[]): void {
  const args = vals[s.args] as string[] | undefined;
  if (args !== undefined) {
    if (vals[s.commandLine] === undefined) vals[s.commandLine] = joinArgs(args);
    if (vals[s.argsCount] === undefined) vals[s.argsCount] = args.length;
  }
  if (vals[s.executable] === undefined && typeof vals[s.commandLine] === 'string') {
    const prog = programFromCommandLine(vals[s.commandLine] as string);
    if (prog?.executable !== undefined) vals[s.executable] = prog.executable;
    if (vals[s.name] === undefined && prog?.name !== undefined) vals[s.name] = prog.name;
  }
  if (vals[s.name] === undefined && typeof vals[s.executable] === 'string') {
    const name = basename(vals[s.executable] as string);
    if (name !== undefined) vals[s.name] = name;
  }

  const level = vals[s.integrity];
  let name = vals[s.integrityName] as string | undefined;
  if (name === undefined && typeof level === 'string') {
    name = cachedIntegrityName(level);
    if (name !== undefined) vals[s.integrityName] = name;
  }
  if (level === undefined && name !== undefined) {
    const sysmon = sysmonIntegrity(name);
    if (sysmon !== undefined) vals[s.integrity] = sysmon;
  }

  if (vals[s.elevation] === undefined) {
    const type = vals[s.elevationType];
    // A "default" token is elevated only when it is a high-integrity one (UAC off, built-in admin, services).
    if (type === 'full') vals[s.elevation] = true;
    else if (type === 'limited') vals[s.elevation] = false;
    else if (type === 'default' && name !== undefined) vals[s.elevation] = name === 'high' || name === 'system';
  }
}

/** A well-known service SID names its account, whatever name the shipper wrote (see WELL_KNOWN_ACCOUNTS). */
function deriveAccount(vals: unknown[]): void {
  const id = vals[USER_ID];
  if (typeof id !== 'string' || id.length !== 8) return;
  const known = WELL_KNOWN_ACCOUNTS[id];
  if (known === undefined) return;
  vals[USER_DOMAIN] = known[0];
  vals[USER_NAME] = known[1];
}

export function deriveAll(vals: unknown[]): void {
  deriveProcess(PROCESS, vals);
  deriveProcess(PARENT, vals);
  deriveAccount(vals);
}

/** True when the process itself has a name, an executable or a command line. */
export function hasProcess(vals: unknown[]): boolean {
  return vals[PROCESS.name] !== undefined || vals[PROCESS.executable] !== undefined || vals[PROCESS.commandLine] !== undefined;
}
