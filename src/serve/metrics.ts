// Prometheus metrics of one server (its own registry, so several servers in one process — tests — stay apart).

import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunRecord } from '../rules/run-log.js';

export class ServeMetrics {
  readonly registry = new Registry();
  readonly eventsIn = new Counter({ name: 'oddspawn_events_received_total', help: 'Records received over HTTP, by endpoint', labelNames: ['endpoint'], registers: [this.registry] });
  readonly accepted = new Counter({ name: 'oddspawn_events_accepted_total', help: 'Process-start events queued (acknowledged)', registers: [this.registry] });
  readonly rejects = new Counter({ name: 'oddspawn_records_rejected_total', help: 'Records that could not be read or normalized, by issue code', labelNames: ['code'], registers: [this.registry] });
  readonly skipped = new Counter({ name: 'oddspawn_records_skipped_total', help: 'Records that are not Windows process starts, by reason', labelNames: ['reason'], registers: [this.registry] });
  readonly backpressure = new Counter({ name: 'oddspawn_ingest_throttled_total', help: 'Ingest requests answered 429 because the queue was full', registers: [this.registry] });
  readonly processed = new Counter({ name: 'oddspawn_events_processed_total', help: 'Events scored, modelled and stored', registers: [this.registry] });
  readonly predictions = new Counter({ name: 'oddspawn_predictions_total', help: 'Classifier predictions, by class', labelNames: ['class'], registers: [this.registry] });
  readonly records = new Counter({ name: 'oddspawn_anomaly_records_total', help: 'Anomaly records created, by job', labelNames: ['job'], registers: [this.registry] });
  readonly alerts = new Counter({ name: 'oddspawn_alerts_created_total', help: 'Alerts created, by rule', labelNames: ['rule_id'], registers: [this.registry] });
  readonly ruleRuns = new Histogram({
    name: 'oddspawn_rule_run_duration_seconds',
    help: 'Duration of rule executions, by rule',
    labelNames: ['rule_id'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({ name: 'oddspawn_queue_pending_events', help: 'Acknowledged events waiting to be processed', registers: [this.registry] });
  readonly processingErrors = new Counter({ name: 'oddspawn_processing_errors_total', help: 'Processing steps that failed and were retried', registers: [this.registry] });

  onRuns(runs: readonly RunRecord[]): void {
    for (const r of runs) {
      this.ruleRuns.observe({ rule_id: r.ruleId }, r.durationMs / 1000);
      if (r.alertsCreated) this.alerts.inc({ rule_id: r.ruleId }, r.alertsCreated);
    }
  }
}
