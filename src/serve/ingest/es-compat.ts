// The start-up calls shippers make before they send `_bulk` (Beats, Elastic Agent, Logstash, Fluent Bit, the
// official clients): version, licence, templates, pipelines, ILM policies, data streams, nodes. oddspawn stores
// none of it; it answers minimal valid bodies so the shipper proceeds to ship. Every answer carries
// `x-elastic-product: Elasticsearch`, which the official clients (8.x/9.x) require on 2xx responses.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { VERSION } from '../../common/version.js';

export const ES_PRODUCT_HEADER = { 'x-elastic-product': 'Elasticsearch' } as const;

export function esRootBody(esVersion: string): object {
  return {
    name: 'oddspawn',
    cluster_name: 'oddspawn',
    cluster_uuid: 'b2RkLXNwYXduLW9kZHNwYXdu',
    version: {
      number: esVersion,
      build_flavor: 'default',
      build_type: 'oddspawn',
      build_hash: `oddspawn-${VERSION}`,
      build_date: '2026-01-01T00:00:00.000Z',
      build_snapshot: false,
      lucene_version: '10.0.0',
      minimum_wire_compatibility_version: '8.19.0',
      minimum_index_compatibility_version: '8.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

const ACK = { acknowledged: true };

const LICENSE = {
  status: 'active',
  uid: '00000000-0000-4000-8000-000000000000',
  type: 'basic',
  issue_date: '2026-01-01T00:00:00.000Z',
  issue_date_in_millis: 1767225600000,
  max_nodes: 1000,
  max_resource_units: null,
  issued_to: 'oddspawn',
  issuer: 'oddspawn',
  start_date_in_millis: -1,
};

export function registerEsCompatRoutes(app: FastifyInstance, esVersion: string): void {
  const es = { config: { es: true } };
  const named = (name: string | undefined): string => (name && name !== '*' ? name : 'oddspawn');
  const send = (reply: FastifyReply, body: object) => reply.code(200).send(body);

  app.head('/', es, async (_req, reply) => reply.code(200).header('content-type', 'application/json').send());
  app.get('/_license', es, async () => ({ license: LICENSE }));
  app.get('/_xpack', es, async () => ({
    build: { hash: `oddspawn-${VERSION}`, date: '2026-01-01T00:00:00.000Z' },
    license: { uid: LICENSE.uid, type: 'basic', mode: 'basic', status: 'active' },
    features: Object.fromEntries(['ilm', 'ml', 'security', 'monitoring', 'data_streams'].map((f) => [f, { available: true, enabled: f !== 'ml' && f !== 'security' }])),
    tagline: 'You know, for X',
  }));
  app.get('/_cluster/health', es, async () => ({ cluster_name: 'oddspawn', status: 'green', timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1, active_primary_shards: 0, active_shards: 0, relocating_shards: 0, initializing_shards: 0, unassigned_shards: 0 }));

  const nodes = async () => ({
    _nodes: { total: 1, successful: 1, failed: 0 },
    cluster_name: 'oddspawn',
    nodes: {
      oddspawn: {
        name: 'oddspawn',
        version: esVersion,
        roles: ['master', 'data', 'ingest'],
        ingest: { processors: ['append', 'convert', 'date', 'geoip', 'gsub', 'json', 'lowercase', 'remove', 'rename', 'script', 'set', 'user_agent'].map((type) => ({ type })) },
      },
    },
  });
  app.get('/_nodes', es, nodes);
  app.get('/_nodes/*', es, nodes);

  // Templates (composable, component, legacy), ingest pipelines, ILM policies, data streams, aliases:
  // everything "exists" (so shippers do not try to install it) and installing is acknowledged.
  for (const [path, body] of [
    ['/_index_template/:name', (n: string) => ({ index_templates: [{ name: n, index_template: { index_patterns: [`${n}*`], composed_of: [], template: {}, data_stream: {} } }] })],
    ['/_component_template/:name', (n: string) => ({ component_templates: [{ name: n, component_template: { template: {} } }] })],
    ['/_template/:name', (n: string) => ({ [n]: { order: 0, index_patterns: [`${n}*`], settings: {}, mappings: {}, aliases: {} } })],
    ['/_ingest/pipeline/:name', (n: string) => ({ [n]: { description: 'accepted by oddspawn (not applied)', processors: [] } })],
    ['/_ilm/policy/:name', (n: string) => ({ [n]: { version: 1, modified_date: '2026-01-01T00:00:00.000Z', policy: { phases: {} } } })],
    ['/_data_stream/:name', (n: string) => ({ data_streams: [{ name: n, timestamp_field: { name: '@timestamp' }, indices: [], generation: 1, status: 'GREEN', template: n }] })],
    ['/_alias/:name', (n: string) => ({ [n]: { aliases: { [n]: {} } } })],
  ] as const) {
    // HEAD before GET: fastify only lets a custom HEAD handler replace the automatic one when it comes first.
    app.head<{ Params: { name: string } }>(path, es, async (_req, reply) => reply.code(200).header('content-type', 'application/json').send());
    app.get<{ Params: { name: string } }>(path, es, async (req, reply) => send(reply, body(named(req.params.name))));
    app.put(path, es, async () => ACK);
    app.post(path, es, async () => ACK);
  }
  app.get('/_ingest/pipeline', es, async () => ({}));
  app.get('/_index_template', es, async () => ({ index_templates: [] }));
  app.get('/_template', es, async () => ({}));
}
