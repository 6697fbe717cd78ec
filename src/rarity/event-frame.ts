// One event's field values, shared by every job of a runner: each field (and each distinct feed filter) is
// read, converted and tested at most once per event however many jobs use it — the six built-in jobs share one
// feed filter, one must_not and four fields instead of reading them six times over.

import type { ScoredEvent } from '../classify/types.js';
import { clauseTest, compileField, keyword, type Accessor } from './fields.js';
import type { FieldClause } from './job-config.js';

type FrameTest = (f: EventFrame) => boolean;

/** The fields and feed filters of a set of jobs, each under one slot number. */
export class FieldSlots {
  readonly readers: Accessor[] = [];
  readonly paths: string[] = [];
  readonly filters: FrameTest[] = [];
  private readonly fieldSlot = new Map<string, number>();
  private readonly filterSlot = new Map<string, number>();

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
    const mustSlots = filter.map((c) => this.field(c.field));
    const mustTests = filter.map(clauseTest);
    const notSlots = mustNot.map((c) => this.field(c.field));
    const notTests = mustNot.map(clauseTest);
    const test: FrameTest = (f) => {
      for (let i = 0; i < mustSlots.length; i++) if (!mustTests[i](f.value(mustSlots[i]))) return false;
      for (let i = 0; i < notSlots.length; i++) if (notTests[i](f.value(notSlots[i]))) return false;
      return true;
    };
    s = this.filters.length;
    this.filters.push(test);
    this.filterSlot.set(key, s);
    return s;
  }
}

/** Generation-stamped caches: reset() is O(1), a slot is (re)computed on its first use for the current event. */
export class EventFrame {
  ev: ScoredEvent | undefined;
  private gen = 0;
  private vStamp = new Int32Array(0);
  private vals: unknown[] = [];
  private kStamp = new Int32Array(0);
  private kws: Array<string | undefined> = [];
  private fStamp = new Int32Array(0);
  private fRes = new Uint8Array(0);

  constructor(private readonly slots: FieldSlots) {}

  reset(ev: ScoredEvent): void {
    this.ev = ev;
    if (this.vStamp.length !== this.slots.readers.length || this.fStamp.length !== this.slots.filters.length) this.resize();
    if (++this.gen === 0x3fffffff) {
      this.gen = 1;
      this.vStamp.fill(0);
      this.kStamp.fill(0);
      this.fStamp.fill(0);
    }
  }

  private resize(): void {
    const n = this.slots.readers.length;
    this.vStamp = new Int32Array(n);
    this.kStamp = new Int32Array(n);
    this.vals = new Array<unknown>(n).fill(undefined);
    this.kws = new Array<string | undefined>(n).fill(undefined);
    this.fStamp = new Int32Array(this.slots.filters.length);
    this.fRes = new Uint8Array(this.slots.filters.length);
  }

  value(slot: number): unknown {
    if (this.vStamp[slot] !== this.gen) {
      this.vals[slot] = this.slots.readers[slot](this.ev!);
      this.vStamp[slot] = this.gen;
    }
    return this.vals[slot];
  }

  /** The field as a keyword (see fields.ts keyword()). */
  keyword(slot: number): string | undefined {
    if (this.kStamp[slot] !== this.gen) {
      this.kws[slot] = keyword(this.value(slot));
      this.kStamp[slot] = this.gen;
    }
    return this.kws[slot];
  }

  passes(filter: number): boolean {
    if (this.fStamp[filter] !== this.gen) {
      this.fRes[filter] = this.slots.filters[filter](this) ? 1 : 0;
      this.fStamp[filter] = this.gen;
    }
    return this.fRes[filter] === 1;
  }
}
