// Public surface of the alerts stage.

export type { AlertDocument, AlertAnomalyFields, AlertExplanation, KibanaAlertFields, WorkflowStatus } from './types.js';
export { WORKFLOW_STATUSES } from './types.js';
export { alertId, anomalySourceId, eventSourceId, ruleUuid } from './id.js';
export { buildAnomalyAlert, buildEventAlert, scoredDocument } from './build.js';
export { MemoryAlertStore, SqliteAlertStore, ALERTS_MIGRATIONS, type AlertFilter, type AlertStore } from './store.js';
export { AlertWriter, type WriteOutcome } from './writer.js';
export type { AlertSink, SinkReport } from './sinks/types.js';
export { createNdjsonSink } from './sinks/ndjson.js';
export { createTableSink, formatAlertTable, type TableOptions } from './sinks/table.js';
export { createWebhookSink, type WebhookOptions } from './sinks/webhook.js';
export { escapeTerminal } from './sinks/escape.js';
