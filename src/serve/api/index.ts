// Registers every query/management route under /api/v1. SERVER calls this inside createServer, after its auth
// hook; route handlers throw ApiError (../errors.ts) and the server's error handler writes the error body.

import type { FastifyInstance } from 'fastify';
import { alertContextRoutes } from './alert-context.js';
import { alertRoutes } from './alerts.js';
import { anomalyRoutes } from './anomalies.js';
import type { ApiContext } from './context.js';
import { dashboardRoutes } from './dashboard.js';
import { eventRoutes } from './events.js';
import { exceptionRoutes } from './exceptions.js';
import { ruleRoutes } from './rules.js';

export type { ApiContext } from './context.js';

export function registerApiRoutes(app: FastifyInstance, ctx: ApiContext): void {
  alertRoutes(app, ctx);
  alertContextRoutes(app, ctx);
  exceptionRoutes(app, ctx);
  ruleRoutes(app, ctx);
  anomalyRoutes(app, ctx);
  eventRoutes(app, ctx);
  dashboardRoutes(app, ctx);
}
