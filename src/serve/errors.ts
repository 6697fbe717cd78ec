// One error body for every route: `{ error: { code, message, details? } }` with a 4xx/5xx status. Route code
// throws an ApiError; the server's error handler turns it (and fastify's own errors) into that body.

export type ApiErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'BODY_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'AUTH_MISSING'
  | 'AUTH_INVALID'
  | 'AUTH_FORBIDDEN'
  | 'TOO_MANY_REQUESTS'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'INTERNAL';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | (string & {}),
    message: string,
    readonly details?: unknown,
    /** Extra response headers (Retry-After, WWW-Authenticate…). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details !== undefined ? { details: this.details } : {}) } };
  }
}

export const badRequest = (message: string, details?: unknown): ApiError => new ApiError(400, 'BAD_REQUEST', message, details);
export const notFound = (message: string): ApiError => new ApiError(404, 'NOT_FOUND', message);
export const conflict = (message: string): ApiError => new ApiError(409, 'CONFLICT', message);

/** A fastify error (or anything thrown) as the status and body to send. Internal details never reach the client. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const err = e as { code?: string; statusCode?: number; message?: string; validation?: unknown; validationContext?: string };
  if (err?.validation) return new ApiError(400, 'BAD_REQUEST', `invalid request ${err.validationContext ?? ''}: ${err.message ?? ''}`.replace(/\s+/g, ' ').trim(), err.validation);
  switch (err?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'BODY_TOO_LARGE', 'the request body is larger than this endpoint accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'unsupported Content-Type for this endpoint');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest('the JSON body is empty');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return badRequest('Content-Length does not match the body');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest('the body is not valid JSON');
  }
  const status = typeof err?.statusCode === 'number' ? err.statusCode : 500;
  if (status === 413) return new ApiError(413, 'BODY_TOO_LARGE', 'the request body is larger than this endpoint accepts');
  if (status === 404) return notFound(err?.message ?? 'not found');
  if (status >= 400 && status < 500) return badRequest(err?.message ?? 'bad request');
  return new ApiError(500, 'INTERNAL', 'internal error; see the server log');
}
