// The scored line: how a worker hands a scored event to the main thread of the parallel hunt. One flat JSON array
// per event — scores, origin, the values of the fields the rarity jobs read, and where the event's document is —
// which the main thread holds, sorts and spills as the string it is (no object graph to receive, trace or
// re-encode), and reads into a LazyScoredEvent only when analysing it.
//
// Strings that repeat (host, user and process names, the shape, the input file) travel as numbers: each worker
// numbers a string the first time it sends it and ships the new strings with the batch, before any line that
// uses them is read. The main thread keeps one string object per number, so the lines are shorter to make and to
// parse, and every event of one user hands the rarity jobs the same string — whose hash a Map has already seen.

import type { ClassifierFields, ProblemChildFields, ScoredEvent } from '../classify/types.js';
import { OddspawnError, type Origin } from '../common/issues.js';
import type { SourceShape } from '../normalize/process-event.js';
import type { ContainerFormat } from '../read/types.js';
import { compileDocPath } from '../rarity/fields.js';
import type { TimeOrderCodec } from '../time-order.js';
import type { DocFiles } from './doc-files.js';
import { LazyScoredEvent, NDJSON_LINE, type DocKind, type DocPlace } from './lazy-scored.js';
import { compileIdsMaker, processStringIds, type StringIds } from './string-ids.js';

/** Longer strings are sent as they are: they seldom repeat, and hashing them costs more than it saves. */
const MAX_NUMBERED_LENGTH = 256;
/**
 * New numbers per projected field and worker: a field whose values keep being new (a command line, an event id)
 * stops being numbered after this many, so the tables stay small on any input while names keep their numbers.
 */
const MAX_NUMBERED_PER_FIELD = 4096;
/** Projected fields as a bit per field up to this many; beyond, the projected object travels as it is. */
const MAX_PACKED_FIELDS = 30;

// Positions in the line (a flat array: one allocation to parse).
const TIME = 0;
const SHAPE = 1;
const ORIGIN = 2; // the file's number, then the line; or the origin object, then 0
const PREDICTION = 4; // prediction and its probability; or the problemchild object, then 0
const CLASSIFIER = 6; // malicious probability, the model's number, the threshold; or the classifier object, then 0, 0
// 0 event, 1 stored, 2 + the container format's number; or −1 − the input file's number: a plain NDJSON line read
// from PLACE's bytes of that input file
const KIND = 9;
const PLACE = 10; // worker, byte offset, bytes
const MASK = 13; // a bit per projected field present, or -1 (then VALUES is the projected object)
// A bit per present field whose value is a string's number; its complement (< 0) when the line is trimmed: it leaves
// out the fields no job reads from an event its feed filter does not take (feed-gate.ts).
const NUMBERED = 14;
const VALUES = 15;

type Line = unknown[];

/**
 * A document's place: worker, byte offset, bytes — in the worker's document file, or, with a fourth field, in that
 * input file (a plain NDJSON line, read back from where it was read).
 */
export type PlaceFields = [number, number, number] | [number, number, number, string];

/** Whether `o`'s enumerable keys are exactly `keys`, in that order: an object rebuilt from them is the same JSON. */
function hasKeys(o: object, keys: readonly string[]): boolean {
  let k = 0;
  for (const key in o) {
    if (k >= keys.length || key !== keys[k]) return false;
    k++;
  }
  return k === keys.length;
}

const ORIGIN_KEYS = ['file', 'line'];
const PREDICTION_KEYS = ['prediction', 'prediction_probability'];
const CLASSIFIER_KEYS = ['malicious_probability', 'model', 'top_features', 'threshold'];

function isOriginPlain(o: Origin): boolean {
  return hasKeys(o, ORIGIN_KEYS) && typeof o.file === 'string' && typeof o.line === 'number';
}

function isPredictionPlain(p: ProblemChildFields): boolean {
  return hasKeys(p, PREDICTION_KEYS) && typeof p.prediction === 'number' && typeof p.prediction_probability === 'number';
}

function isClassifierPlain(c: ClassifierFields): boolean {
  return (
    hasKeys(c, CLASSIFIER_KEYS) &&
    typeof c.malicious_probability === 'number' &&
    typeof c.model === 'string' &&
    typeof c.threshold === 'number' &&
    Array.isArray(c.top_features) &&
    c.top_features.length === 0
  );
}

/** A worker's side: makes scored lines, numbering the strings it sends. */
export class ScoredLineWriter {
  private readonly numbers = new Map<string, number>();
  private fresh: string[] = [];
  private readonly readers: ReadonlyArray<(doc: unknown) => unknown>;
  private readonly numberedPerField: Int32Array;
  private readonly packed: boolean;
  /** The fields a trimmed line keeps, as a bit per field. */
  private readonly unfedMask: number;

  /** `unfedPaths`: the fields to keep in the line of an event no job's feed takes (feed-gate.ts unfedFieldPaths). */
  constructor(
    readonly paths: readonly string[],
    unfedPaths?: ReadonlySet<string>,
  ) {
    this.readers = paths.map((p) => compileDocPath(p));
    this.numberedPerField = new Int32Array(paths.length);
    this.packed = paths.length <= MAX_PACKED_FIELDS;
    this.unfedMask = fieldMask(paths, unfedPaths);
  }

  /** The strings numbered since the last call, in number order: they travel with the lines that use them. */
  takeNewStrings(): string[] {
    const f = this.fresh;
    this.fresh = [];
    return f;
  }

  private number(s: string): number {
    let n = this.numbers.get(s);
    if (n === undefined) {
      n = this.numbers.size;
      this.numbers.set(s, n);
      this.fresh.push(s);
    }
    return n;
  }

  /** The field's value's number, or -1 when it travels as it is. */
  private fieldNumber(i: number, s: string): number {
    if (s.length > MAX_NUMBERED_LENGTH) return -1;
    const n = this.numbers.get(s);
    if (n !== undefined) return n;
    if (this.numberedPerField[i] >= MAX_NUMBERED_PER_FIELD) return -1;
    this.numberedPerField[i]++;
    return this.number(s);
  }

  /** `fed`: whether some job's feed filter takes the event; when not, the line may leave fields out (see NUMBERED). */
  line(sc: ScoredEvent, kind: DocKind, place: PlaceFields, fed = true): string {
    const line: Line = [sc.timeMs, this.number(sc.shape)];
    const o = sc.origin;
    if (isOriginPlain(o)) line.push(this.number(o.file), o.line);
    else line.push(o, 0);
    const p = sc.problemchild;
    if (isPredictionPlain(p)) line.push(p.prediction, p.prediction_probability);
    else line.push(p, 0);
    const c = sc.classifier;
    if (isClassifierPlain(c)) line.push(c.malicious_probability, this.number(c.model), c.threshold);
    else line.push(c, 0, 0);
    const input = place[3];
    if (input !== undefined && (typeof kind !== 'object' || kind.raw !== 'ndjson'))
      throw new OddspawnError('OS_INTERNAL', 'only a plain NDJSON line is read back from its input file');
    const code = input !== undefined ? -1 - this.number(input) : kind === 'event' ? 0 : kind === 'stored' ? 1 : 2 + this.number(kind.raw);
    line.push(code, place[0], place[1], place[2]);
    const doc: unknown = sc.event;
    const readers = this.readers;
    if (!this.packed) {
      const projected: Record<string, unknown> = {};
      if (doc !== null && typeof doc === 'object') {
        for (let i = 0; i < readers.length; i++) {
          const v = readers[i](doc);
          if (v !== undefined) projected[this.paths[i]] = v;
        }
      }
      line.push(-1, 0, projected);
      return JSON.stringify(line);
    }
    let mask = 0;
    let numbered = 0;
    const trim = !fed && this.unfedMask !== ALL;
    const wanted = trim ? this.unfedMask : ALL;
    line.push(0, 0);
    if (doc !== null && typeof doc === 'object') {
      for (let i = 0; i < readers.length; i++) {
        if ((wanted & (1 << i)) === 0) continue;
        const v = readers[i](doc);
        if (v === undefined) continue;
        mask |= 1 << i;
        const n = typeof v === 'string' ? this.fieldNumber(i, v) : -1;
        if (n >= 0) {
          numbered |= 1 << i;
          line.push(n);
        } else line.push(v);
      }
    }
    line[MASK] = mask;
    line[NUMBERED] = trim ? ~numbered : numbered;
    return JSON.stringify(line);
  }
}

/** Every field kept: no trimming. */
const ALL = -1;

/** A bit per path in `keep`; ALL when there is no set, or the fields do not fit the bits (then lines are never trimmed). */
function fieldMask(paths: readonly string[], keep: ReadonlySet<string> | undefined): number {
  if (keep === undefined || paths.length > MAX_PACKED_FIELDS) return ALL;
  let m = 0;
  for (let i = 0; i < paths.length; i++) if (keep.has(paths[i])) m |= 1 << i;
  return m;
}

/**
 * Lines read in this thread, how many were trimmed, and how many left-out fields were then read from documents:
 * the jobs read none (feed-gate.ts), so a count above 0 means a reader slowed down, never a wrong value.
 */
export const scoredLineStats = { read: 0, trimmed: 0, leftOutReads: 0 };

/** A trimmed line's projected values point at their event, whose document answers for the left-out fields. */
const EVENT = Symbol('event');
type TrimmedProjection = Record<string, unknown> & { [EVENT]?: LazyScoredEvent };

/**
 * The prototype of a trimmed line's projected values: a getter per left-out field reads it from the event's
 * document, as the worker would have (the same reader over the same normalized event).
 */
function leftOutFields(paths: readonly string[], keepMask: number): object {
  const proto = {};
  for (let i = 0; i < paths.length; i++) {
    if (keepMask & (1 << i)) continue;
    const read = compileDocPath(paths[i]);
    Object.defineProperty(proto, paths[i], {
      get(this: TrimmedProjection): unknown {
        const ev = this[EVENT];
        scoredLineStats.leftOutReads++;
        return ev === undefined ? undefined : read(ev.event);
      },
      enumerable: false,
    });
  }
  return proto;
}

/** The main thread's side: the workers' numbered strings, and scored lines read into events. */
export class ScoredLineReader {
  private readonly strings: string[][] = [];
  /** Per worker, the process-global id of each of its numbered strings (-1: none). */
  private readonly ids: number[][] = [];
  private readonly kinds: Array<Map<number, DocKind>> = [];
  private readonly leftOut: object;
  private readonly idScratch: Int32Array;
  private readonly makeIds: ((ids: Int32Array) => Record<string, number>) | undefined;

  /** `unfedPaths`: as the workers' ScoredLineWriter was given. `stringIds`: the id space (the process's, but for tests). */
  constructor(
    readonly paths: readonly string[],
    private readonly files: DocFiles,
    unfedPaths?: ReadonlySet<string>,
    private readonly stringIds: StringIds = processStringIds,
  ) {
    this.leftOut = leftOutFields(paths, fieldMask(paths, unfedPaths));
    this.idScratch = new Int32Array(paths.length);
    this.makeIds = paths.length <= MAX_PACKED_FIELDS ? compileIdsMaker(paths) : undefined;
  }

  /**
   * Adds a worker's newly numbered strings (in the order it sent them) before reading the lines that came with
   * them. A short string gets its process-global id here, and the one string object kept for that id: the same
   * value from two workers is then one object, with one id.
   */
  define(worker: number, strings: readonly string[]): void {
    const t = (this.strings[worker] ??= []);
    const ids = (this.ids[worker] ??= []);
    const space = this.stringIds;
    for (const s of strings) {
      const id = space.idOf(s);
      t.push(id >= 0 ? space.stringOf(id) : s);
      ids.push(id);
    }
  }

  read(text: string): LazyScoredEvent {
    const l = JSON.parse(text) as Line;
    const worker = l[PLACE] as number;
    const strings = this.strings[worker];
    const o = l[ORIGIN];
    const origin: Origin = typeof o === 'number' ? { file: strings[o], line: l[ORIGIN + 1] as number } : (o as Origin);
    const p = l[PREDICTION];
    const problemchild: ProblemChildFields =
      typeof p === 'number' ? { prediction: p as 0 | 1, prediction_probability: l[PREDICTION + 1] as number } : (p as ProblemChildFields);
    const c = l[CLASSIFIER];
    const classifier: ClassifierFields =
      typeof c === 'number'
        ? { malicious_probability: c, model: strings[l[CLASSIFIER + 1] as number], top_features: [], threshold: l[CLASSIFIER + 2] as number }
        : (c as ClassifierFields);
    const mask = l[MASK] as number;
    let projected: TrimmedProjection;
    let projectedIds: Record<string, number> | undefined;
    let trimmed = false;
    if (mask === -1) projected = l[VALUES] as Record<string, unknown>;
    else {
      let numbered = l[NUMBERED] as number;
      if (numbered < 0) {
        trimmed = true;
        numbered = ~numbered;
      }
      projected = trimmed ? (Object.create(this.leftOut) as TrimmedProjection) : {};
      const paths = this.paths;
      const sid = this.ids[worker];
      const ids = this.idScratch;
      let k = VALUES;
      for (let i = 0; i < paths.length; i++) {
        if ((mask & (1 << i)) === 0) {
          ids[i] = -1;
          continue;
        }
        const v = l[k++];
        if (numbered & (1 << i)) {
          projected[paths[i]] = strings[v as number];
          ids[i] = sid[v as number];
        } else {
          projected[paths[i]] = v;
          ids[i] = -1;
        }
      }
      projectedIds = this.makeIds!(ids);
    }
    const code = l[KIND] as number;
    const place: DocPlace = { files: this.files, worker, offset: l[PLACE + 1] as number, bytes: l[PLACE + 2] as number };
    if (code < 0) place.input = strings[-1 - code];
    const ev = new LazyScoredEvent(
      l[TIME] as number, strings[l[SHAPE] as number] as SourceShape, origin, problemchild, classifier, projected, place, this.kind(worker, code), projectedIds,
    );
    scoredLineStats.read++;
    if (trimmed) {
      projected[EVENT] = ev;
      scoredLineStats.trimmed++;
    }
    return ev;
  }

  private kind(worker: number, code: number): DocKind {
    if (code < 0) return NDJSON_LINE;
    if (code === 0) return 'event';
    if (code === 1) return 'stored';
    // One object per format: a document kind is only read.
    const m = (this.kinds[worker] ??= new Map());
    let k = m.get(code);
    if (k === undefined) {
      k = { raw: this.strings[worker][code - 2] as ContainerFormat };
      m.set(code, k);
    }
    return k;
  }
}

/** A scored line and its event time, which the time order sorts on. */
export class ScoredLine {
  constructor(
    readonly timeMs: number,
    readonly line: string,
  ) {}
}

/** Time-order spill format: the line itself; the time is its first field. */
export const SCORED_LINE_CODEC: TimeOrderCodec<ScoredLine> = {
  timeOf: (s) => s.timeMs,
  encode: (s) => s.line,
  decode: (line) => new ScoredLine(Number(line.slice(1, line.indexOf(','))), line),
};
