// A scored event on the main thread of the parallel hunt: scores and projected fields are plain properties; the
// event document stays JSON text until something reads `event` (an alert, an explanation, a flagged event's
// details), so the main thread does not parse what the workers already parsed.

import type { ClassifierFields, ProblemChildFields, ScoredEvent } from '../classify/types.js';
import type { Origin } from '../common/issues.js';
import type { ProcessEvent, SourceShape } from '../normalize/process-event.js';
import type { TimeOrderCodec } from '../time-order.js';
import type { WireEvent } from './protocol.js';

export class LazyScoredEvent implements ScoredEvent {
  private parsed: ProcessEvent | undefined;

  constructor(
    readonly timeMs: number,
    readonly shape: SourceShape,
    public origin: Origin,
    readonly problemchild: ProblemChildFields,
    readonly classifier: ClassifierFields,
    readonly projected: Readonly<Record<string, unknown>>,
    /** The event's JSON; with `withScores`, the stored document (event + problemchild + oddspawn). */
    readonly doc: string,
    readonly withScores: boolean,
  ) {}

  get event(): ProcessEvent {
    if (this.parsed === undefined) {
      const d = JSON.parse(this.doc) as ProcessEvent & { problemchild?: unknown; oddspawn?: unknown };
      if (this.withScores) {
        delete d.problemchild;
        delete d.oddspawn;
      }
      this.parsed = d;
    }
    return this.parsed;
  }

  /** The same JSON as a plain ScoredEvent (the getter is not an own property, so it must be named here). */
  toJSON(): ScoredEvent {
    return { event: this.event, timeMs: this.timeMs, shape: this.shape, origin: this.origin, problemchild: this.problemchild, classifier: this.classifier };
  }

  static fromWire(w: WireEvent, doc: string, withScores: boolean): LazyScoredEvent {
    return new LazyScoredEvent(w.timeMs, w.shape, w.origin, w.problemchild, w.classifier, w.projected, doc, withScores);
  }
}

/** Spill format for time order: the wire fields as JSON, a tab, then the document text as it is (JSON has no raw tab). */
export const LAZY_SCORED_CODEC: TimeOrderCodec<LazyScoredEvent> = {
  timeOf: (s) => s.timeMs,
  encode: (s) => `${JSON.stringify([s.timeMs, s.shape, s.origin, s.problemchild, s.classifier, s.projected, s.withScores ? 1 : 0])}\t${s.doc}`,
  decode: (line) => {
    const tab = line.indexOf('\t');
    const [timeMs, shape, origin, problemchild, classifier, projected, withScores] = JSON.parse(line.slice(0, tab)) as [
      number,
      SourceShape,
      Origin,
      ProblemChildFields,
      ClassifierFields,
      Record<string, unknown>,
      number,
    ];
    return new LazyScoredEvent(timeMs, shape, origin, problemchild, classifier, projected, line.slice(tab + 1), withScores === 1);
  },
};
