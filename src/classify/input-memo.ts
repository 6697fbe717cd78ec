// A memo of margins keyed by the event fields featurization reads (features/inputs.ts). In telemetry
// most events repeat a command line seen moments ago with the same process, parent and account: for
// those the row, and so the margin, is the one computed then, and neither featurization nor
// prediction is needed. Entries are found by command line and chained (the same
// command line comes with several parents or accounts), the other inputs compared with ===; a table
// that fills is dropped at once, like the others.
//
// A few command lines come with many more variants than a chain can walk cheaply (a simulated
// organisation's `conhost.exe 0xffffffff -ForceV1`: 16 % of its events, 73 parent/account
// combinations): once a line's chain outgrows MAX_CHAIN, its entries are re-chained by a cheap hash of
// the other inputs (each string's length and three of its characters: equal inputs hash equally, and
// the inputs are still compared with === before a hit), so a lookup walks only the variants sharing it.

import { FEATURE_INPUT_COUNT, readFeatureInputs } from '../features/inputs.js';
import type { CommandLineParts } from '../features/parity-normalize.js';
import type { ProcessEvent } from '../normalize/process-event.js';

const N = FEATURE_INPUT_COUNT;
/** readFeatureInputs writes the command line last: the entries of one line share it, so it is not compared. */
const CMD = N - 1;
/** Entries compared per lookup at most (the newest first); an older one beyond is only a miss. */
const MAX_CHAIN = 8;

/**
 * A hash of vals[base … base + CMD) and a wide line's id: inputs that are pairwise === hash equally
 * (a number by its int32 truncation, so 0 and -0 agree; symbols and bigints all alike).
 */
export function variantHash(vals: readonly unknown[], base: number, line: number): number {
  let h = Math.imul(line + 1, 0x9e3779b1);
  for (let i = base; i < base + CMD; i++) {
    const v = vals[i];
    let x: number;
    if (typeof v === 'string') {
      const n = v.length;
      x = n === 0 ? 0 : n ^ (v.charCodeAt(0) << 8) ^ (v.charCodeAt(n >> 1) << 16) ^ (v.charCodeAt(n - 1) << 23);
    } else if (v === undefined) x = 1;
    else if (v === true) x = 2;
    else if (v === false) x = 3;
    else if (typeof v === 'number') x = v | 0;
    else x = 5;
    h = Math.imul(h ^ x, 0x01000193);
  }
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

export class InputMemo {
  /** Command line → its newest entry (older ones chained through `next`), or -(wide line id) - 1. */
  private readonly byCommandLine = new Map<string, number>();
  /** Wide lines' entries: variantHash → newest entry (older ones with that hash chained through `next`). */
  private readonly byVariant = new Map<number, number>();
  /** Entry e's inputs are values[e*N … (e+1)*N). */
  private readonly values: unknown[];
  private readonly margins: Float64Array;
  /** Entry e's command-line record (the featurizer's, parity-normalize.ts), undefined when not given. */
  private readonly records: (CommandLineParts | undefined)[];
  /** Wide line l's record. */
  private readonly wideRecords: (CommandLineParts | undefined)[] = [];
  /** The next (older) entry of the same command line (or, on a wide line, the same variant hash), -1 at the end. */
  private readonly next: Int32Array;
  /** How many entries a line's chain holds from this one down (itself included). */
  private readonly depth: Int32Array;
  /** The wide line an entry belongs to (-1: a chained line's). */
  private readonly lineOf: Int32Array;
  private count = 0;
  private wideLines = 0;
  /** The inputs of the last lookup, and its command line (undefined: not comparable, nothing to store). */
  private readonly current: unknown[] = new Array<unknown>(N);
  private currentCmd: string | undefined;
  /** The newest entry of the last lookup's chain (-1: none). */
  private currentHead = -1;
  /** The last lookup's wide line (-1: chained or new) and variant hash. */
  private currentLine = -1;
  private currentHash = 0;
  /** The record of the last lookup's line (undefined: a line not in the table, or none given). */
  private currentRecord: CommandLineParts | undefined;
  hits = 0;

  /**
   * capacity: entries kept before the table is dropped. 65,536 (≈ 8 MB of slots plus the strings they
   * hold): a simulated organisation's stream repeats inputs up to tens of thousands of events apart
   * (input hits 176,485 → 183,543 of 294,341 events against 16,384; CPU ×1.05–1.07 in same-process A/Bs).
   */
  constructor(private readonly capacity = 65536) {
    if (!(capacity >= 1)) throw new RangeError('InputMemo: capacity must be at least 1');
    this.values = new Array<unknown>(capacity * N).fill(undefined);
    this.margins = new Float64Array(capacity);
    this.records = new Array<CommandLineParts | undefined>(capacity).fill(undefined);
    this.next = new Int32Array(capacity);
    this.depth = new Int32Array(capacity);
    this.lineOf = new Int32Array(capacity);
  }

  /** The margin memoised for ev's inputs, or undefined; remembers the inputs for `store`. */
  lookup(ev: ProcessEvent): number | undefined {
    const cur = this.current;
    const cmd = (this.currentCmd = readFeatureInputs(ev, cur));
    this.currentHead = -1;
    this.currentLine = -1;
    this.currentRecord = undefined;
    if (cmd === undefined) return undefined;
    const head = this.byCommandLine.get(cmd);
    if (head === undefined) return undefined;
    let line = -1;
    let e = head;
    if (head < 0) {
      line = this.currentLine = -head - 1;
      this.currentRecord = this.wideRecords[line];
      const h = (this.currentHash = variantHash(cur, 0, line));
      e = this.byVariant.get(h) ?? -1;
    } else this.currentRecord = this.records[head];
    this.currentHead = e;
    const vals = this.values;
    for (let k = 0; e >= 0 && k < MAX_CHAIN; e = this.next[e], k++) {
      if (line >= 0 && this.lineOf[e] !== line) continue;
      const base = e * N;
      let i = 0;
      while (i < CMD && vals[base + i] === cur[i]) i++;
      if (i === CMD) {
        this.hits++;
        return this.margins[e];
      }
    }
    return undefined;
  }

  /**
   * The inputs the last lookup read (readFeatureInputs' order), until the next lookup or `store`;
   * undefined when it could not key the event.
   */
  lastInputs(): readonly unknown[] | undefined {
    return this.currentCmd === undefined ? undefined : this.current;
  }

  /**
   * After a lookup that missed: the record stored with its command line; null when the table does
   * not hold that line; undefined when the lookup could not key the event or the line has no record.
   */
  lineRecord(): CommandLineParts | null | undefined {
    if (this.currentCmd === undefined) return undefined;
    return this.currentHead >= 0 || this.currentLine >= 0 ? this.currentRecord : null;
  }

  /** Records the margin of the event last passed to `lookup` (which missed); a no-op for one it could not key. */
  store(margin: number, record?: CommandLineParts): void {
    const cmd = this.currentCmd;
    if (cmd === undefined) return;
    this.currentCmd = undefined;
    let head = this.currentHead;
    let line = this.currentLine;
    if (this.count >= this.capacity) {
      this.byCommandLine.clear();
      this.byVariant.clear();
      this.count = 0;
      this.wideLines = 0;
      this.records.fill(undefined);
      this.wideRecords.length = 0;
      head = -1;
      line = -1;
    }
    const e = this.count++;
    const base = e * N;
    for (let i = 0; i < N; i++) this.values[base + i] = this.current[i];
    this.margins[e] = margin;
    this.records[e] = record;
    this.next[e] = head;
    if (line >= 0) {
      this.lineOf[e] = line;
      this.byVariant.set(this.currentHash, e);
      return;
    }
    this.lineOf[e] = -1;
    const depth = (this.depth[e] = head >= 0 ? this.depth[head] + 1 : 1);
    if (depth <= MAX_CHAIN) this.byCommandLine.set(cmd, e);
    else this.widen(cmd, e);
  }

  get size(): number {
    return this.count;
  }

  /** Re-chains the line's entries (newest: e) by variant hash. */
  private widen(cmd: string, newest: number): void {
    const line = this.wideLines++;
    const chain: number[] = [];
    for (let e = newest; e >= 0; e = this.next[e]) chain.push(e);
    // Oldest first, so each hash's chain runs newest to oldest like a line's.
    for (let j = chain.length - 1; j >= 0; j--) {
      const e = chain[j];
      const h = variantHash(this.values, e * N, line);
      this.lineOf[e] = line;
      this.next[e] = this.byVariant.get(h) ?? -1;
      this.byVariant.set(h, e);
    }
    this.wideRecords[line] = this.records[newest];
    this.byCommandLine.set(cmd, -line - 1);
  }
}
