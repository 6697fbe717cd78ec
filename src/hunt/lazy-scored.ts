// A scored event on the main thread of the parallel hunt: scores and projected fields are plain properties; the
// event document stays text until something reads `event` (an alert, an explanation, a flagged event's
// details), so the main thread does not parse what the workers already parsed.

import type { ClassifierFields, ProblemChildFields, ScoredEvent } from '../classify/types.js';
import { OddspawnError, type Origin } from '../common/issues.js';
import { normalize } from '../normalize/normalize.js';
import type { ProcessEvent, SourceShape } from '../normalize/process-event.js';
import type { ContainerFormat } from '../read/types.js';
import type { TimeOrderCodec } from '../time-order.js';
import type { WireEvent } from './protocol.js';

/** What `doc` holds: the normalized event's JSON, the stored document (event + scores), or the input record's text. */
export type DocKind = 'event' | 'stored' | { raw: ContainerFormat };

export class LazyScoredEvent implements ScoredEvent {
  private parsed: ProcessEvent | undefined;

  constructor(
    readonly timeMs: number,
    readonly shape: SourceShape,
    public origin: Origin,
    readonly problemchild: ProblemChildFields,
    readonly classifier: ClassifierFields,
    readonly projected: Readonly<Record<string, unknown>>,
    readonly doc: string,
    readonly docKind: DocKind,
  ) {}

  get event(): ProcessEvent {
    return (this.parsed ??= this.parse());
  }

  private parse(): ProcessEvent {
    const k = this.docKind;
    if (k === 'event') return JSON.parse(this.doc) as ProcessEvent;
    if (k === 'stored') {
      const d = JSON.parse(this.doc) as ProcessEvent & { problemchild?: unknown; oddspawn?: unknown };
      delete d.problemchild;
      delete d.oddspawn;
      return d;
    }
    // The worker normalized this very record; normalizing is a function of the record and its container format.
    const r = normalize({ value: JSON.parse(this.doc) as unknown, origin: this.origin, format: k.raw });
    if (r.kind !== 'event') throw new OddspawnError('OS_INTERNAL', `a record a worker normalized did not normalize again (${r.kind})`);
    return r.event.event;
  }

  /** The same JSON as a plain ScoredEvent (the getter is not an own property, so it must be named here). */
  toJSON(): ScoredEvent {
    return { event: this.event, timeMs: this.timeMs, shape: this.shape, origin: this.origin, problemchild: this.problemchild, classifier: this.classifier };
  }

  static fromWire(w: WireEvent, doc: string, withScores: boolean): LazyScoredEvent {
    const kind: DocKind = withScores ? 'stored' : w.rawFormat !== undefined ? { raw: w.rawFormat } : 'event';
    return new LazyScoredEvent(w.timeMs, w.shape, w.origin, w.problemchild, w.classifier, w.projected, doc, kind);
  }
}

/** Spill format for time order: the wire fields as JSON, a tab, then the document text as it is (JSON has no raw tab). */
export const LAZY_SCORED_CODEC: TimeOrderCodec<LazyScoredEvent> = {
  timeOf: (s) => s.timeMs,
  encode: (s) => `${JSON.stringify([s.timeMs, s.shape, s.origin, s.problemchild, s.classifier, s.projected, s.docKind])}\t${s.doc}`,
  decode: (line) => {
    const tab = line.indexOf('\t');
    const [timeMs, shape, origin, problemchild, classifier, projected, docKind] = JSON.parse(line.slice(0, tab)) as [
      number,
      SourceShape,
      Origin,
      ProblemChildFields,
      ClassifierFields,
      Record<string, unknown>,
      DocKind,
    ];
    return new LazyScoredEvent(timeMs, shape, origin, problemchild, classifier, projected, line.slice(tab + 1), docKind);
  },
};
