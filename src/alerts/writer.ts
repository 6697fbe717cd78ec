// The one path every alert takes after a rule built it: de-duplicate (store + suppressed ids), drop it if an
// exception matches, suppress it into an earlier alert if the rule groups alerts, else store it and hand it
// to the sinks. Returns what happened so the executor can count it per run.

import { fieldStrings } from '../common/fields.js';
import { parseDuration } from '../rules/duration.js';
import type { ExceptionMatcher } from '../rules/exceptions.js';
import type { LoadedRule } from '../rules/schema.js';
import type { AlertSink } from './sinks/types.js';
import type { AlertStore } from './store.js';
import type { AlertDocument } from './types.js';

export type WriteOutcome = 'created' | 'duplicate' | 'excluded' | 'suppressed';

interface SuppressionWindow {
  intoId: string;
  startMs: number;
}

export interface AlertWriterOptions {
  store: AlertStore;
  exceptions?: ExceptionMatcher;
  sinks?: readonly AlertSink[];
}

export class AlertWriter {
  private readonly windows = new Map<string, SuppressionWindow>();
  readonly created: AlertDocument[] = [];
  /** Keep created alerts in memory for the caller (`hunt` prints them); off for long-running services. */
  keepCreated = true;

  constructor(private readonly opts: AlertWriterOptions) {}

  /** Already stored or suppressed: a re-run would count it as a duplicate. */
  isKnown(id: string): boolean {
    return this.opts.store.has(id) || this.opts.store.isSuppressed(id);
  }

  write(doc: AlertDocument, lr: LoadedRule): WriteOutcome {
    const id = doc.kibana.alert.uuid;
    const suppression = lr.rule.alert_suppression;
    if (this.opts.store.has(id) || this.opts.store.isSuppressed(id)) {
      // Re-runs must rebuild the same suppression windows, or a re-run would alert where the first run suppressed.
      if (suppression && this.opts.store.has(id)) this.openWindow(doc, lr, id);
      return 'duplicate';
    }
    const atMs = Date.parse(doc.kibana.alert.original_time);
    if (this.opts.exceptions?.match(lr.rule.rule_id, doc, atMs)) return 'excluded';
    if (suppression) {
      const key = this.suppressionKey(doc, lr);
      if (key !== undefined) {
        const w = this.windows.get(key);
        if (w && atMs - w.startMs < this.windowMs(lr) && atMs >= w.startMs) {
          this.opts.store.markSuppressed(id, w.intoId);
          this.opts.store.addSuppressed(w.intoId, doc.kibana.alert.original_time);
          return 'suppressed';
        }
        doc.kibana.alert.suppression = {
          terms: suppression.group_by.map((field) => {
            const v = fieldStrings(doc, field);
            return { field, value: v.length ? v : null };
          }),
          start: doc.kibana.alert.original_time,
          end: doc.kibana.alert.original_time,
          docs_count: 0,
        };
        this.windows.set(key, { intoId: id, startMs: atMs });
      }
    }
    if (!this.opts.store.insert(doc)) return 'duplicate';
    if (this.keepCreated) this.created.push(doc);
    for (const s of this.opts.sinks ?? []) s.write(doc);
    return 'created';
  }

  private windowMs(lr: LoadedRule): number {
    const d = lr.rule.alert_suppression?.duration;
    // Without a duration Elastic suppresses within one rule execution; one interval is the same span here.
    return d ? parseDuration(d)! : lr.intervalMs;
  }

  private suppressionKey(doc: AlertDocument, lr: LoadedRule): string | undefined {
    const s = lr.rule.alert_suppression!;
    const values = s.group_by.map((f) => fieldStrings(doc, f).sort());
    if (s.missing_fields_strategy === 'doNotSuppress' && values.some((v) => v.length === 0)) return undefined;
    return JSON.stringify([lr.rule.rule_id, values]);
  }

  private openWindow(doc: AlertDocument, lr: LoadedRule, id: string): void {
    const key = this.suppressionKey(doc, lr);
    if (key === undefined) return;
    const atMs = Date.parse(doc.kibana.alert.original_time);
    const w = this.windows.get(key);
    if (!w || atMs - w.startMs >= this.windowMs(lr)) this.windows.set(key, { intoId: id, startMs: atMs });
  }
}
