// A scored event on the main thread of the parallel hunt: scores and projected fields are plain properties; the
// event document stays text — in a worker's document file, or in memory — until something reads `event` (an
// alert, an explanation, a flagged event's details), so the main thread does not parse what the workers already
// parsed, nor hold every event's document.

import type { ClassifierFields, ProblemChildFields, ScoredEvent } from '../classify/types.js';
import { OddspawnError, type Origin } from '../common/issues.js';
import { normalize } from '../normalize/normalize.js';
import type { ProcessEvent, SourceShape } from '../normalize/process-event.js';
import type { ContainerFormat } from '../read/types.js';
import type { TimeOrderCodec } from '../time-order.js';
import type { DocFiles } from './doc-files.js';
import type { WireEvent } from './protocol.js';

/** What the document holds: the normalized event's JSON, the stored document (event + scores), or the input record's text. */
export type DocKind = 'event' | 'stored' | { raw: ContainerFormat };

/** Where a document is: its text, or a place in a worker's document file. */
export type DocSource = string | DocPlace;

export interface DocPlace {
  files: DocFiles;
  worker: number;
  offset: number;
  bytes: number;
}

export class LazyScoredEvent implements ScoredEvent {
  private parsed: ProcessEvent | undefined;

  constructor(
    readonly timeMs: number,
    readonly shape: SourceShape,
    public origin: Origin,
    readonly problemchild: ProblemChildFields,
    readonly classifier: ClassifierFields,
    readonly projected: Readonly<Record<string, unknown>>,
    readonly docSource: DocSource,
    readonly docKind: DocKind,
  ) {}

  /** The document's text (read from its file each time: only the parsed event is kept). */
  get doc(): string {
    const s = this.docSource;
    return typeof s === 'string' ? s : s.files.read(s.worker, s.offset, s.bytes);
  }

  get event(): ProcessEvent {
    return (this.parsed ??= this.parse());
  }

  private parse(): ProcessEvent {
    const k = this.docKind;
    const doc = this.doc;
    if (k === 'event') return JSON.parse(doc) as ProcessEvent;
    if (k === 'stored') {
      const d = JSON.parse(doc) as ProcessEvent & { problemchild?: unknown; oddspawn?: unknown };
      delete d.problemchild;
      delete d.oddspawn;
      return d;
    }
    // The worker normalized this very record; normalizing is a function of the record and its container format.
    const r = normalize({ value: JSON.parse(doc) as unknown, origin: this.origin, format: k.raw });
    if (r.kind !== 'event') throw new OddspawnError('OS_INTERNAL', `a record a worker normalized did not normalize again (${r.kind})`);
    return r.event.event;
  }

  /** The same JSON as a plain ScoredEvent (the getter is not an own property, so it must be named here). */
  toJSON(): ScoredEvent {
    return { event: this.event, timeMs: this.timeMs, shape: this.shape, origin: this.origin, problemchild: this.problemchild, classifier: this.classifier };
  }

  static fromWire(w: WireEvent, doc: DocSource, kind: DocKind): LazyScoredEvent {
    return new LazyScoredEvent(w.timeMs, w.shape, w.origin, w.problemchild, w.classifier, w.projected, doc, kind);
  }
}

/** A document's place in the workers' files: worker, byte offset, bytes. */
export type PlaceFields = [number, number, number];

type LineFields = [number, SourceShape, Origin, ProblemChildFields, ClassifierFields, number, unknown, DocKind, PlaceFields];

/**
 * The projected fields of a scored line as the values of the paths present (a bit per path) rather than an object:
 * both threads know the paths, so the line need not spell them — a quarter of its bytes, and of the time to parse
 * it on the main thread. Over 30 paths (custom jobs reading many fields) the object is kept as it is.
 */
export class ProjectedPacking {
  constructor(readonly paths: readonly string[]) {}

  pack(p: Readonly<Record<string, unknown>>): [number, unknown] {
    const paths = this.paths;
    if (paths.length > 30) return [-1, p];
    let mask = 0;
    const values: unknown[] = [];
    for (let i = 0; i < paths.length; i++) {
      const v = p[paths[i]];
      if (v !== undefined) {
        mask |= 1 << i;
        values.push(v);
      }
    }
    return [mask, values];
  }

  unpack(mask: number, values: unknown): Record<string, unknown> {
    if (mask === -1) return values as Record<string, unknown>;
    const paths = this.paths;
    const v = values as unknown[];
    const out: Record<string, unknown> = {};
    let k = 0;
    for (let i = 0; i < paths.length; i++) if (mask & (1 << i)) out[paths[i]] = v[k++];
    return out;
  }
}

/**
 * A scored event as one line of JSON (no raw newline), made by the worker that scored it: the main thread holds,
 * sorts and spills this string rather than an object per event (cheaper to receive from the worker, to keep — no
 * pointers for the garbage collector to trace — and to spill), and reads it into an event when analysing it.
 */
export function scoredLine(w: WireEvent, kind: DocKind, place: PlaceFields, packing: ProjectedPacking): string {
  const [mask, values] = packing.pack(w.projected);
  const fields: LineFields = [w.timeMs, w.shape, w.origin, w.problemchild, w.classifier, mask, values, kind, place];
  return JSON.stringify(fields);
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

/** The event a scored line describes, its document read from `files` on first use. */
export function readScoredLine(line: string, files: DocFiles, packing: ProjectedPacking): LazyScoredEvent {
  const [timeMs, shape, origin, problemchild, classifier, mask, values, docKind, place] = JSON.parse(line) as LineFields;
  const projected = packing.unpack(mask, values);
  return new LazyScoredEvent(timeMs, shape, origin, problemchild, classifier, projected, { files, worker: place[0], offset: place[1], bytes: place[2] }, docKind);
}
