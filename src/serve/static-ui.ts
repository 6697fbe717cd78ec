// The analyst UI: static files built into dist/ui, with the SPA fallback (any other page path answers
// index.html and the app routes it). Without a build, `/` says so in a fixed page (nothing echoed back).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const UI_NOT_BUILT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>oddspawn</title></head>
<body><h1>oddspawn is running</h1>
<p>The analyst UI is not built. Run <code>npm run build</code> and restart <code>oddspawn serve</code>.</p>
<p>The API answers under <code>/api/v1/</code> (see <code>/api/v1/health</code>) and metrics under <code>/metrics</code>.</p>
</body></html>
`;

/** Headers for the UI's HTML: no framing, no inline or foreign scripts, nothing sniffed. */
export const HTML_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

export interface UiHandle {
  available: boolean;
  /** Answers a page request with index.html (or the not-built page). */
  sendIndex(reply: FastifyReply): FastifyReply;
}

export async function registerUi(app: FastifyInstance, uiDir: string): Promise<UiHandle> {
  const available = existsSync(join(uiDir, 'index.html'));
  if (available) {
    await app.register(fastifyStatic, { root: uiDir, prefix: '/', index: false, wildcard: true, decorateReply: true, cacheControl: true, maxAge: 0 });
  }
  return {
    available,
    sendIndex(reply) {
      reply.headers(HTML_HEADERS).header('cache-control', 'no-cache');
      if (available) return reply.sendFile('index.html');
      return reply.code(200).type('text/html; charset=utf-8').send(UI_NOT_BUILT_HTML);
    },
  };
}
