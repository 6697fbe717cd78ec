// Every event field featurization reads, in one place: the row is a pure function of these values,
// so a caller that has seen the same values before (compared with ===) may reuse what it computed
// from them. Keep this list in step with view.ts, parity-normalize.ts and user-context.ts (the only
// readers of the raw event): inputs.test.ts changes every other field of real events and checks
// that no feature moves.

import type { ProcessEvent } from '../normalize/process-event.js';

/** The SIDs user-context and the parity flags single out (both lists are these three). */
const SERVICE_SIDS = new Set(['S-1-5-18', 'S-1-5-19', 'S-1-5-20']);
/** Stands for any other non-empty SID: a symbol, so no event value can equal it. */
const OTHER_SID = Symbol('other SID');

/** How many values readFeatureInputs writes. */
export const FEATURE_INPUT_COUNT = 16;

/** A value the reuse may key on: primitives only (an object could be mutated behind the key). */
function primitive(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function');
}

/**
 * Writes the featurization inputs of ev into out[0 … FEATURE_INPUT_COUNT) and returns the command
 * line, or undefined when the event is not one whose inputs can be compared: a command line that is
 * not a non-empty string (then the args array is read), or any input that is not a primitive.
 */
export function readFeatureInputs(ev: ProcessEvent, out: unknown[]): string | undefined {
  const p = ev.process;
  const cmd: unknown = p?.command_line;
  if (typeof cmd !== 'string' || cmd.length === 0) return undefined;
  const parent = p.parent;
  const token = p.Ext?.token;
  const sig = p.code_signature;
  const user = ev.user;
  out[0] = p.name;
  out[1] = p.executable;
  out[2] = p.pe?.original_file_name;
  out[3] = p.integrity_level;
  out[4] = parent?.name;
  out[5] = parent?.executable;
  out[6] = token?.elevation;
  out[7] = token?.elevation_type;
  out[8] = token?.integrity_level_name;
  out[9] = sig?.exists;
  out[10] = sig?.trusted;
  out[11] = sig?.status;
  const sid: unknown = user?.id;
  if (typeof sid === 'string' && sid.length > 0) {
    // A SID decides alone (user-context asService, parity runningAsSystem): only whether it is one of
    // the service SIDs matters, and the user's name and domain are not read.
    out[12] = SERVICE_SIDS.has(sid) ? sid : OTHER_SID;
    out[13] = undefined;
    out[14] = undefined;
  } else {
    out[12] = sid;
    out[13] = user?.name;
    out[14] = user?.domain;
  }
  out[15] = cmd;
  for (let i = 0; i < FEATURE_INPUT_COUNT; i++) if (!primitive(out[i])) return undefined;
  return cmd;
}
