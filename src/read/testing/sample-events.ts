// The logical data of the conformance suite: events chosen to stress a streaming reader (escaped
// quotes and backslashes, brackets inside strings, multi-byte UTF-8 that a chunk boundary can split,
// keys that look like container keywords) and helpers that write them in every supported container.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawBatch, RawRecord } from '../types.js';
import type { Issue } from '../../common/issues.js';

export type Event = Record<string, unknown>;

export function sampleEvents(): Event[] {
  const events: Event[] = [];
  for (let k = 0; k < 23; k++) {
    events.push({
      '@timestamp': `2026-01-0${1 + (k % 9)}T10:00:${String(k).padStart(2, '0')}.000Z`,
      'event.code': k % 2 === 0 ? '1' : 4688,
      'host.name': `host-${k % 4}`,
      'user.name': k % 5 === 0 ? 'CORP\\alice' : 'bob',
      'user.id': k % 3 === 0 ? 1001 : 'S-1-5-21-1-2-3-1001',
      process: {
        name: k % 7 === 0 ? 'pöwershell.exe' : 'cmd.exe',
        executable: 'C:\\Windows\\System32\\cmd.exe',
        command_line: `cmd.exe /c "echo \\"quoted\\" ]}{[ ${'x'.repeat(k * 13)} 日本語 🚀 end${k}"`,
        args: ['cmd.exe', '/c', `"${k}"`, '\\\\server\\share\\'],
        pid: 1000 + k,
        parent: k % 4 === 3 ? null : { name: 'explorer.exe', pid: 4 },
      },
      hits: k === 5 ? [1, 2, 3] : undefined,
      index: k === 6 ? 'not-a-bulk-action' : undefined,
      'label.value': k % 6 === 0 ? 'malicious' : 'benign',
      seq: k,
    });
  }
  // Drop the undefined keys so that a JSON round trip is the identity.
  return events.map((e) => JSON.parse(JSON.stringify(e)) as Event);
}

export interface Written {
  content: string;
  /** Expected origin of each event, without `file`. */
  origins: Array<{ line?: number; record?: number }>;
}

export function asNdjson(events: Event[], eol = '\n', bom = false): Written {
  // A blank line in the middle and no newline at the end, as real files have.
  const lines: string[] = [];
  const origins: Written['origins'] = [];
  events.forEach((e, k) => {
    if (k === 3) lines.push('');
    lines.push(JSON.stringify(e));
    origins.push({ line: lines.length });
  });
  return { content: (bom ? '\ufeff' : '') + lines.join(eol), origins };
}

export function asJsonArray(events: Event[]): Written {
  const lines = ['['];
  const origins: Written['origins'] = [];
  events.forEach((e, k) => {
    lines.push(`  ${JSON.stringify(e)}${k < events.length - 1 ? ',' : ''}`);
    origins.push({ record: k + 1, line: lines.length });
  });
  lines.push(']', '');
  return { content: lines.join('\n'), origins };
}

export function asPrettyConcatenated(events: Event[]): Written {
  const lines: string[] = [];
  const origins: Written['origins'] = [];
  events.forEach((e, k) => {
    origins.push({ record: k + 1, line: lines.length + 1 });
    lines.push(...JSON.stringify(e, null, 2).split('\n'));
  });
  return { content: lines.join('\n') + '\n', origins };
}

function hit(e: Event, k: number): Event {
  return { _index: 'logs-endpoint.events.process-default', _id: `id-${k}`, _score: 1.0, _source: e };
}

export function asSearchResponse(events: Event[], pretty: boolean): Written {
  const head = { took: 5, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } };
  if (!pretty) {
    const body = { ...head, hits: { total: { value: events.length, relation: 'eq' }, max_score: 1, hits: events.map(hit) } };
    return { content: JSON.stringify(body), origins: events.map((_, k) => ({ record: k + 1, line: 1 })) };
  }
  const lines = ['{', '  "took": 5,', '  "_shards": {"total": 1, "hits": {"x": 1}},', '  "hits": {', '    "total": {"value": 23, "relation": "eq"},', '    "hits": ['];
  const origins: Written['origins'] = [];
  events.forEach((e, k) => {
    lines.push(`      ${JSON.stringify(hit(e, k))}${k < events.length - 1 ? ',' : ''}`);
    origins.push({ record: k + 1, line: lines.length });
  });
  lines.push('    ]', '  },', '  "aggregations": {"hits": {"hits": [{"_source": {"no": 1}}]}}', '}', '');
  return { content: lines.join('\n'), origins };
}

export function asScrollArray(events: Event[], pageSize: number): Written {
  const pages: string[] = [];
  const origins: Written['origins'] = [];
  for (let p = 0; p * pageSize < events.length; p++) {
    const page = events.slice(p * pageSize, (p + 1) * pageSize);
    pages.push(JSON.stringify({ _scroll_id: 'abc', hits: { hits: page.map((e, j) => hit(e, p * pageSize + j)) } }));
    for (let j = 0; j < page.length; j++) origins.push({ record: origins.length + 1, line: p + 2 });
  }
  return { content: `[\n${pages.join(',\n')}\n]\n`, origins };
}

export function asNdjsonHits(events: Event[]): Written {
  return { content: events.map((e, k) => JSON.stringify(hit(e, k))).join('\n') + '\n', origins: events.map((_, k) => ({ line: k + 1 })) };
}

export function asBulk(events: Event[]): Written {
  const lines: string[] = [];
  const origins: Written['origins'] = [];
  events.forEach((e, k) => {
    if (k % 5 === 2) lines.push(JSON.stringify({ delete: { _index: 'x', _id: `gone-${k}` } }));
    if (k % 7 === 4) {
      lines.push(JSON.stringify({ update: { _id: `u-${k}` } }), JSON.stringify({ doc: e, doc_as_upsert: true }));
    } else {
      lines.push(JSON.stringify(k % 2 === 0 ? { index: { _index: 'x', _id: `id-${k}` } } : { create: { _index: 'x' } }), JSON.stringify(e));
    }
    origins.push({ line: lines.length });
  });
  return { content: lines.join('\n') + '\n', origins };
}

/** A temporary folder removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `oddspawn-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function collect(batches: AsyncIterable<RawBatch>): Promise<{ records: RawRecord[]; issues: Issue[]; batchSizes: number[] }> {
  const records: RawRecord[] = [];
  const issues: Issue[] = [];
  const batchSizes: number[] = [];
  for await (const b of batches) {
    records.push(...b.records);
    issues.push(...b.issues);
    batchSizes.push(b.records.length);
  }
  return { records, issues, batchSizes };
}
