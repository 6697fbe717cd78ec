// A scored event on the main thread of the parallel hunt: scores and projected fields are plain properties; the
// event document stays text — in a worker's document file, or in memory — until something reads `event` (an
// alert, an explanation, a flagged event's details), so the main thread does not parse what the workers already
// parsed, nor hold every event's document.

import type { ClassifierFields, ProblemChildFields, ScoredEvent } from '../classify/types.js';
import { OddspawnError, type Origin } from '../common/issues.js';
import { normalize } from '../normalize/normalize.js';
import type { ProcessEvent, SourceShape } from '../normalize/process-event.js';
import type { ContainerFormat } from '../read/types.js';
import type { DocFiles } from './doc-files.js';

/** What the document holds: the normalized event's JSON, the stored document (event + scores), or the input record's text. */
export type DocKind = 'event' | 'stored' | { raw: ContainerFormat };

/** The kind of every plain NDJSON line's document: one object, as a document kind is only read. */
export const NDJSON_LINE: DocKind = { raw: 'ndjson' };

/** Where a document is: its text, or a place in a worker's document file. */
export type DocSource = string | DocPlace;

export interface DocPlace {
  files: DocFiles;
  worker: number;
  offset: number;
  bytes: number;
  /** The input file the document is a line of (else it is in the worker's document file). */
  input?: string;
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
    /** Per projected path, the value's process-global id or -1 (ScoredEvent.projectedIds; string-ids.ts). */
    readonly projectedIds?: Readonly<Record<string, number>>,
  ) {}

  /** The document's text (read from its file each time: only the parsed event is kept). */
  get doc(): string {
    const s = this.docSource;
    if (typeof s === 'string') return s;
    return s.input !== undefined ? s.files.readInput(s.input, s.offset, s.bytes) : s.files.read(s.worker, s.offset, s.bytes);
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
    // A line read back from its input file must still be the line the worker scored (doc-files.ts readInput).
    const s = this.docSource;
    if (typeof s !== 'string' && s.input !== undefined && r.event.timeMs !== this.timeMs)
      throw new OddspawnError('OS_INTERNAL', `input ${s.input} changed during the hunt: the line at byte ${s.offset} is no longer the event read there`);
    return r.event.event;
  }

  /** The same JSON as a plain ScoredEvent (the getter is not an own property, so it must be named here). */
  toJSON(): ScoredEvent {
    return { event: this.event, timeMs: this.timeMs, shape: this.shape, origin: this.origin, problemchild: this.problemchild, classifier: this.classifier };
  }
}
