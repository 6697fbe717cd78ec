// Request validation for the API routes: zod schemas for query strings, params and bodies; a failure is a
// 400 BAD_REQUEST whose details name each bad field. Empty query values (`?status=`) mean "no filter".

import { z } from 'zod';
import { badRequest } from '../errors.js';

export interface FieldProblem {
  field: string;
  message: string;
}

function problems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol').join('.');
    if (i.code === 'unrecognized_keys') return { field: i.keys.join(','), message: `unknown parameter${i.keys.length > 1 ? 's' : ''}` };
    return { field: path, message: i.message };
  });
}

/** Parses `input` with `schema`, or throws 400 BAD_REQUEST naming what was wrong in `where` (query, body…). */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const p = problems(r.error);
  const first = p[0];
  throw badRequest(`invalid ${where}${first ? `: ${first.field ? `${first.field}: ` : ''}${first.message}` : ''}`, p);
}

/** A query string object without its empty values (a cleared filter in the UI sends `?user=`). */
export function queryInput(query: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (query && typeof query === 'object') {
    for (const [k, v] of Object.entries(query as Record<string, unknown>)) if (v !== '') out[k] = v;
  }
  return out;
}

/** A point in time given as an ISO 8601 string (or epoch milliseconds), normalised to `toISOString()`. */
export const isoTime = z
  .string()
  .max(64)
  .transform((s, ctx) => {
    const ms = /^\d{1,15}$/.test(s) ? Number(s) : /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(s) : NaN;
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 time such as 2026-01-05T10:00:00Z' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

export const limitParam = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);
export const offsetParam = z.coerce.number().int().min(0).max(10_000_000).default(0);

/** A short text filter (user, host, rule id…): bounded so a hostile query string cannot be huge. */
export const textParam = z.string().min(1).max(1024);

export const idParams = z.strictObject({ id: z.string().min(1).max(512) });

export function ensureTimeOrder(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > to) throw badRequest('invalid query: from is after to', [{ field: 'from', message: 'after to' }]);
}
