// The shape scan: counts and gates of a raw command line in one pass, with its entropy. A new command
// line's scan is taken in cold-pass.ts's one read of the string (with its lowercase, the first
// normalisation pass and the regex gates); cmdline-codes carries it to the shape features.

import { ColdPass, coldPassInto } from './cold-pass.js';

/** Counts and gates from one pass over the command line (cmdline-shape's per-feature helpers each scan it). */
export interface Scan {
  args: number;
  longestToken: number;
  quotes: number;
  carets: number;
  backticks: number;
  percents: number;
  caseFlips: number;
  separators: number;
  pipeRedirect: boolean;
  /** Longest run of [A-Za-z0-9+/]: BASE64_BLOB matches iff it is ≥ 40. */
  base64Run: number;
  dollar: boolean;
  dots: number;
  doubleBackslash: boolean;
  backslash: boolean;
  /** Whitespace (\\s) then "-e" or "/e" (any case): ENCODED_FLAG cannot match without it. */
  dashE: boolean;
  /** Whitespace then "-w", "/w" or "-n" (any case): HIDDEN cannot match without one. */
  dashWN: boolean;
  /** Dots with a digit on both sides: IPV4 cannot match with fewer than three. */
  digitDots: number;
  /** Every code unit is ASCII. */
  ascii: boolean;
  /** entropy(cmd), counted in the same pass. */
  entropy: number;
}

/** A Scan that scanInto fills in place (one per user, reused: no object per command line). */
export class ScanState implements Scan {
  args = 0;
  longestToken = 0;
  quotes = 0;
  carets = 0;
  backticks = 0;
  percents = 0;
  caseFlips = 0;
  separators = 0;
  pipeRedirect = false;
  base64Run = 0;
  dollar = false;
  dots = 0;
  doubleBackslash = false;
  backslash = false;
  dashE = false;
  dashWN = false;
  digitDots = 0;
  ascii = true;
  entropy = 0;
}

/** The one-pass counts (and entropy) of a command line, in a new object. */
export function scan(cmd: string): Scan {
  const out = new ScanState();
  if (scratch.length < cmd.length) scratch = new Uint16Array(Math.max(cmd.length, 2 * scratch.length));
  scanInto(cmd, out, scratch);
  return out;
}
let scratch = new Uint16Array(256);

/**
 * Fills `out` with the counts of cmd and writes the ASCII lowercase of its code units into
 * lower[0 … cmd.length) (which must be that long): when out.ascii, that is cmd.toLowerCase(); otherwise
 * the caller lowercases with the engine (non-ASCII lowercasing can change the length or give ASCII).
 * The loop is cold-pass.ts's, which normalises and gates in the same read (here into scratch space).
 */
export function scanInto(cmd: string, out: ScanState, lower: Uint16Array): void {
  if (normScratch.length < cmd.length) normScratch = new Uint16Array(Math.max(cmd.length, 2 * normScratch.length));
  coldPassInto(cmd, out, lower, normScratch, passScratch);
}
let normScratch = new Uint16Array(256);
const passScratch = new ColdPass();
