// One event's field values, shared by every job of a runner: each field is read once per event and each
// distinct feed filter tested at most once, however many jobs use them — the six built-in jobs share one feed
// filter, one must_not and six fields instead of reading them six times over. The reads and the filters are
// generated code (frame-code.ts).

import type { ScoredEvent } from '../classify/types.js';
import { compileField, keyword, type Accessor } from './fields.js';
import { compileFill, compileFilter, type FillSlots, type SlotTest } from './frame-code.js';
import type { FieldClause } from './job-config.js';

/** The fields and feed filters of a set of jobs, each under one slot number. */
export class FieldSlots {
  readonly readers: Accessor[] = [];
  readonly paths: string[] = [];
  readonly filters: SlotTest[] = [];
  private readonly fieldSlot = new Map<string, number>();
  private readonly filterSlot = new Map<string, number>();
  private filled: FillSlots | undefined;
  private filledSlots = 0;

  /** Reads every slot of an event at once (generated for the slots there are when first asked, again after more). */
  fill(): FillSlots {
    if (this.filled === undefined || this.filledSlots !== this.readers.length) {
      this.filled = compileFill(this.paths, this.readers);
      this.filledSlots = this.readers.length;
    }
    return this.filled;
  }

  field(path: string): number {
    let s = this.fieldSlot.get(path);
    if (s === undefined) {
      s = this.readers.length;
      this.readers.push(compileField(path));
      this.paths.push(path);
      this.fieldSlot.set(path, s);
    }
    return s;
  }

  /** Elastic datafeed semantics: every `filter` clause must hold and no `must_not` clause may. */
  feedFilter(filter: readonly FieldClause[], mustNot: readonly FieldClause[]): number {
    const key = JSON.stringify([filter, mustNot]);
    let s = this.filterSlot.get(key);
    if (s !== undefined) return s;
    const test = compileFilter(filter, mustNot, (field) => this.field(field));
    s = this.filters.length;
    this.filters.push(test);
    this.filterSlot.set(key, s);
    return s;
  }
}

/**
 * One event's values: every field slot read at reset() (a few property loads: the jobs' fields are few, and
 * nearly all of them are needed for nearly every event), each feed filter tested on its first use for the
 * event (generation-stamped, so reset() stays O(slots)).
 */
export class EventFrame {
  ev: ScoredEvent | undefined;
  private gen = 0;
  private vals: unknown[] = [];
  /** Per slot, the value's id (ScoredEvent.projectedIds) or -1: set for document slots, -1 for the others. */
  private ids = new Int32Array(0);
  /** Whether `ids` holds an event's ids (else every slot is -1). */
  private idsSet = false;
  private fill: FillSlots | undefined;
  private fStamp = new Int32Array(0);
  private fRes = new Uint8Array(0);

  constructor(private readonly slots: FieldSlots) {}

  reset(ev: ScoredEvent): void {
    this.ev = ev;
    if (this.fill === undefined || this.vals.length !== this.slots.readers.length || this.fStamp.length !== this.slots.filters.length) this.resize();
    // Ids are written only for an event with ids, or to clear the last one's: events without them skip it.
    const withIds = ev.projectedIds !== undefined;
    this.fill!(ev, this.vals, withIds || this.idsSet ? this.ids : undefined);
    this.idsSet = withIds;
    if (++this.gen === 0x3fffffff) {
      this.gen = 1;
      this.fStamp.fill(0);
    }
  }

  private resize(): void {
    this.vals = new Array<unknown>(this.slots.readers.length).fill(undefined);
    this.ids = new Int32Array(this.slots.readers.length).fill(-1);
    this.idsSet = false;
    this.fill = this.slots.fill();
    this.fStamp = new Int32Array(this.slots.filters.length);
    this.fRes = new Uint8Array(this.slots.filters.length);
  }

  value(slot: number): unknown {
    return this.vals[slot];
  }

  /** The field as a keyword (see fields.ts keyword()). */
  keyword(slot: number): string | undefined {
    return keyword(this.vals[slot]);
  }

  /**
   * The id of the slot's value (a string then, so keyword() is the value itself when not empty), or -1: ids
   * name one string each for the life of the process (src/hunt/string-ids.ts).
   */
  id(slot: number): number {
    return this.ids[slot];
  }

  passes(filter: number): boolean {
    if (this.fStamp[filter] !== this.gen) {
      this.fRes[filter] = this.slots.filters[filter](this.vals) ? 1 : 0;
      this.fStamp[filter] = this.gen;
    }
    return this.fRes[filter] === 1;
  }
}
