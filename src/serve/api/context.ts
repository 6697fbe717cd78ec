// What the query/management routes need from the service: the open database and the stores built on it,
// the current rule set, and a clock. SERVER builds one and passes it to registerApiRoutes.

import type { SqliteAlertStore } from '../../alerts/store.js';
import type { ExceptionStore } from '../../rules/exception-store.js';
import type { LoadedRule } from '../../rules/schema.js';
import type { Db } from '../../store/db.js';
import type { EventsRepo } from '../../store/events-repo.js';

export interface ApiContext {
  /** The service's SQLite database. */
  db: Db;
  alerts: SqliteAlertStore;
  exceptions: ExceptionStore;
  /** Events kept for investigation. */
  events: EventsRepo;
  /** The current rule set (after rule settings are applied). */
  rules(): readonly LoadedRule[];
  /** Rebuilds the engine after a rule setting changed (enable/disable/threshold). */
  reloadRules(): void;
  /** Wall clock in epoch milliseconds, injectable for tests. */
  now(): number;
}
