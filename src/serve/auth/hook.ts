// Who may do what: static UI files are public; the APIs, /metrics and the Elasticsearch-compatible endpoints need
// a token once any is configured (always when the server listens beyond loopback). `read` tokens may GET and HEAD;
// everything else (ingest, changes) needs `analyst`.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { tokenCandidates, type Role, type TokenSet } from './tokens.js';

export interface Principal {
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once authenticated (`anonymous` analyst when the server runs open on loopback). */
    principal: Principal | null;
  }
}

export type Access = 'public' | 'read' | 'analyst';

/** Whether a browser is asking for a page (the UI) rather than a client for data. */
export function wantsHtml(req: Pick<FastifyRequest, 'headers'>): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html');
}

export function accessFor(req: Pick<FastifyRequest, 'method' | 'url' | 'headers'>): Access {
  const path = req.url.split('?', 1)[0];
  const write = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
  const needs: Access = write ? 'analyst' : 'read';
  if (path.startsWith('/api/') || path === '/api' || path === '/metrics' || path.startsWith('/_')) return needs;
  // `/` is the UI for a browser and Elasticsearch's root for a shipper.
  if (path === '/' && !(req.method === 'GET' && wantsHtml(req))) return needs;
  // Anything else is a static UI file (or the SPA fallback); writing to one is not a thing.
  return write ? 'analyst' : 'public';
}

export interface AuthPolicy {
  tokens: TokenSet;
  /** No token required (loopback with no tokens configured): every caller is an analyst. */
  open: boolean;
}

const CHALLENGE = { 'www-authenticate': 'Bearer realm="oddspawn"' };

export function installAuth(app: FastifyInstance, policy: AuthPolicy): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const access = accessFor(req);
    if (policy.open) {
      req.principal = { name: 'anonymous', role: 'analyst' };
      return;
    }
    const candidates = tokenCandidates(req.headers.authorization);
    if (candidates === undefined) {
      if (access === 'public') return;
      throw new ApiError(401, 'AUTH_MISSING', 'this endpoint needs a token: send "Authorization: Bearer <token>"', undefined, CHALLENGE);
    }
    const entry = candidates.map((c) => policy.tokens.lookup(c)).find((e) => e !== undefined);
    if (!entry) {
      if (access === 'public') return;
      throw new ApiError(401, 'AUTH_INVALID', 'the token is not valid', undefined, CHALLENGE);
    }
    req.principal = { name: entry.name, role: entry.role };
    if (access === 'analyst' && entry.role !== 'analyst') {
      throw new ApiError(403, 'AUTH_FORBIDDEN', `the token "${entry.name}" has the read role; this needs analyst`);
    }
  });
}
