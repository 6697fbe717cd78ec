// Byte-identity guard for the normalizer's fast paths: the JSON of normalize() over fixed inputs is hashed and must
// equal what the reference implementation (the code before the speed work) produced. The expected hashes were
// computed with that code before any change; a change of output is a behaviour change and must be deliberate.
// Inputs: every record of ../shared/data/train (split by hand, and again through openInputs), every shape fixture
// under every container format, and seeded mutations of nested documents (dotted/nested collisions, key order,
// junk values, missing fields) that reach the shape-specialised accessors and their fallbacks.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { openInputs } from '../read/inputs.js';
import type { ContainerFormat } from '../read/types.js';
import { compileMatchesAfter, normalize } from './normalize.js';
import { mulberry32 } from '../common/seeded-rng.js';

// Plans compile their match after a million hits in the product; here after 16, so these records reach the compiled match.
compileMatchesAfter(16);

const TRAIN = ['evtx-attack-samples.jsonl', 'msticpy.jsonl', 'otrf-security-datasets.jsonl'];
const FIXTURES = new URL('../../test/fixtures/shapes/', import.meta.url);
const FORMATS: ContainerFormat[] = ['ndjson', 'json', 'es-hits', 'bulk', 'evtx'];

function sha(lines: Iterable<string>): string {
  const h = createHash('sha256');
  for (const l of lines) h.update(l + '\n');
  return h.digest('hex');
}

const rng = mulberry32;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fixtureDocs(): Array<[string, Obj]> {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(new URL(f, FIXTURES), 'utf8')) as Obj]);
}

/** The bench's nested-ECS document (bench/ingest.ts), the shape the nested fast path is built for. */
function benchDoc(i: number): Obj {
  return {
    '@timestamp': new Date(Date.UTC(2026, 10, 1) + i * 997).toISOString(),
    event: { category: ['process'], type: ['start'], kind: 'event' },
    host: { name: `ws-${(i * 7) % 500}` },
    user: { name: ['amelie.roux', 'CORP\\svc', 'SYSTEM'][i % 3] },
    process: { name: 'git.exe', executable: 'C:\\Program Files\\Git\\cmd\\git.exe', command_line: 'git.exe status', pid: 1000 + i, parent: { name: 'explorer.exe' } },
  };
}

/** Every leaf path of a document (arrays are leaves). */
function leaves(o: Obj, prefix: string[] = [], out: string[][] = []): string[][] {
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (isObj(v) && Object.keys(v).length > 0) leaves(v, [...prefix, k], out);
    else out.push([...prefix, k]);
  }
  return out;
}

function parentOf(o: Obj, path: string[]): Obj | undefined {
  let cur: unknown = o;
  for (const s of path.slice(0, -1)) {
    if (!isObj(cur)) return undefined;
    cur = cur[s];
  }
  return isObj(cur) ? cur : undefined;
}

/** Seeded mutations: each keeps the document mostly valid so that it still reaches the shape tables. */
function mutants(n: number, seed: number): Obj[] {
  return mutantPairs(n, seed).map(([, d]) => d);
}

/** [base document, its mutation] pairs. */
function mutantPairs(n: number, seed: number): Array<[Obj, Obj]> {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const bases: Obj[] = [...fixtureDocs().map(([, d]) => d), benchDoc(0), benchDoc(1), benchDoc(2)];
  const junk = (): unknown =>
    pick<unknown>([null, true, false, 0, -1, 1.5, 2 ** 60, '', '-', 'S-1-0-0', 'S-1-5-18', 'x', 'C:\\Windows\\System32\\cmd.exe', '"C:\\a b\\c.exe" -x', ['a', 'b'], [], [1, 'x'], {}, { md5: 'abc', a: 1 }, '0x1F', '%%1936', 'High', '2024-01-02T03:04:05Z', '2019-07-18 03:34:01.261', 'SHA1=AA,MD5=BB']);
  const out: Array<[Obj, Obj]> = [];
  for (let i = 0; i < n; i++) {
    const base = pick(bases);
    const doc = structuredClone(base);
    const ops = 1 + Math.floor(r() * 4);
    for (let k = 0; k < ops; k++) {
      const paths = leaves(doc);
      if (paths.length === 0) break;
      const p = pick(paths);
      const parent = parentOf(doc, p);
      if (!parent) continue;
      const last = p[p.length - 1];
      switch (Math.floor(r() * 9)) {
        case 0: // drop a field
          delete parent[last];
          break;
        case 1: // junk value
          parent[last] = junk();
          break;
        case 2: // the same path also written flat at the top, before or after the nested one
          if (r() < 0.5) doc[p.join('.')] = junk();
          else {
            const copy: Obj = { [p.join('.')]: junk() };
            for (const key of Object.keys(doc)) copy[key] = doc[key];
            for (const key of Object.keys(doc)) delete doc[key];
            Object.assign(doc, copy);
          }
          break;
        case 3: {
          // flatten one nested object one level: {a:{b:1}} → {"a.b":1}
          const top = pick(Object.keys(doc));
          const v = doc[top];
          if (isObj(v)) {
            delete doc[top];
            for (const key of Object.keys(v)) doc[`${top}.${key}`] = v[key];
          }
          break;
        }
        case 4: // reverse key order of an object
          if (p.length > 1) {
            const entries = Object.entries(parent).reverse();
            for (const key of Object.keys(parent)) delete parent[key];
            for (const [key, v] of entries) parent[key] = v;
          }
          break;
        case 5: // an unknown sibling key, sometimes object-valued
          parent[pick(['zzz', 'Ext', 'hash', 'code_signature', 'parent', 'labels', 'os', 'x.y'])] = r() < 0.5 ? junk() : { md5: junk(), exists: junk(), name: junk() };
          break;
        case 6: // a container replaced by a scalar or an array
          if (p.length > 1) {
            const gp = parentOf(doc, p.slice(0, -1));
            if (gp) gp[p[p.length - 2]] = pick<unknown>(['str', 1, null, [], [{ name: 'x' }]]);
          }
          break;
        case 7: // a dotted key inside a nested object: {process:{"parent.name":…}}
          if (p.length >= 2) parent[pick(['parent.name', 'parent.pid', 'hash.md5', 'os.type', 'token.elevation_type', 'name'])] = junk();
          break;
        default: // a wildcard source, nested or flat
          if (r() < 0.5) doc.labels = { a: junk(), b: 'v' };
          else doc[`labels.${pick(['a', 'b', 'recording'])}`] = junk();
      }
    }
    out.push([base, doc]);
  }
  return out;
}

function resultLines(docs: Iterable<[unknown, string, number]>, format: ContainerFormat | ((i: number) => ContainerFormat)): string[] {
  const out: string[] = [];
  let i = 0;
  for (const [value, file, line] of docs) {
    const f = typeof format === 'function' ? format(i) : format;
    out.push(JSON.stringify(normalize({ value, origin: { file, line }, format: f })));
    i++;
  }
  return out;
}

describe('normalize output is byte-identical to the reference', () => {
  it('on every shape fixture under every container format', () => {
    const lines: string[] = [];
    for (const [name, doc] of fixtureDocs()) {
      for (const f of FORMATS) lines.push(...resultLines([[structuredClone(doc), name, 1]], f));
    }
    expect(lines.length).toBe(fixtureDocs().length * FORMATS.length);
    expect(sha(lines)).toBe('f3cd09610a08a55b5accaf217390aae9d53479d70063d214ebb5de4b4c380734');
  });

  it('on 4,000 seeded mutations of nested documents (collisions, key order, junk, flattening)', () => {
    const docs = mutants(4000, 7331);
    const lines = resultLines(
      docs.map((d, i) => [d, 'mutant', i + 1] as [unknown, string, number]),
      (i) => (i % 7 === 0 ? FORMATS[(i / 7) % FORMATS.length] : 'ndjson'),
    );
    const kinds = new Map<string, number>();
    for (const l of lines) {
      const k = (JSON.parse(l) as { kind: string }).kind;
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    // The mutations must keep most records events, or they would not test the event path.
    expect((kinds.get('event') ?? 0) > 2500).toBe(true);
    expect(sha(lines)).toBe('307a1e401d5a64e0ffd7d8fc7c75e6c2dc682e103ca2b94d7a4cc2a03e475856');
  });

  it('on mutations that follow their base document (the layout cache sees near-misses and hits)', () => {
    // Each mutation comes after its base, twice: the first normalize of the base caches its layout, the mutation
    // then matches part of it (a null, a type change, an extra key…) before falling back; repeats hit exactly.
    const docs: Array<[unknown, string, number]> = [];
    mutantPairs(1500, 4242).forEach(([base, doc], i) => {
      docs.push([structuredClone(base), 'base', i + 1], [structuredClone(base), 'base', i + 1], [doc, 'mutant', i + 1], [structuredClone(doc), 'mutant', i + 1]);
    });
    const lines = resultLines(docs, 'ndjson');
    expect(lines.length).toBe(6000);
    expect(sha(lines)).toBe('1388a7355577241f63dd2768f4531541b67287a4538f8cdfb88eea4e09f99c3e');
  });
});

describe.skipIf(!HAS_SHARED_DATA)('normalize output on shared/data/train is byte-identical to the reference', () => {
  it('for every record, lines split by hand', () => {
    const lines: string[] = [];
    for (const file of TRAIN) {
      const text = readFileSync(sharedPath('train', file), 'utf8').split('\n');
      const docs: Array<[unknown, string, number]> = [];
      text.forEach((l, i) => {
        if (l.trim() !== '') docs.push([JSON.parse(l) as unknown, file, i + 1]);
      });
      lines.push(...resultLines(docs, 'ndjson'));
    }
    expect(lines.length).toBe(8287);
    expect(sha(lines)).toBe('e1178a80fd39d9f8a284031469518eacaa71d77d5a563e43799063b9642f4542');
  });

  it('for every record read through openInputs (reader + normalizer)', async () => {
    const lines: string[] = [];
    for await (const b of openInputs(TRAIN.map((f) => sharedPath('train', f)))) {
      for (const i of b.issues) lines.push(JSON.stringify({ ...i, origin: i.origin && { ...i.origin, file: basename(i.origin.file) } }));
      for (const raw of b.records) {
        const rec = { ...raw, origin: { ...raw.origin, file: basename(raw.origin.file) } };
        lines.push(JSON.stringify(rec.origin) + rec.format + JSON.stringify(normalize(rec)));
      }
    }
    expect(lines.length).toBe(8287);
    expect(sha(lines)).toBe('35646abc545f7d5f3d0c1bd8e7012564bc84f93729b4010ef2c74d1d39746517');
  });
});
