// Worker-parallel reading must give exactly the sequential output. The worker has to be JavaScript, so
// the test transpiles the reader's modules (TypeScript → ESM, no type check) into a temp dir first; that
// way it never depends on a possibly stale dist/.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, REPO_ROOT, sharedPath } from '../../../test/shared-data.js';
import type { RawBatch } from '../types.js';
import { ChunkBuilder, fileHeader } from './build-evtx.testkit.js';
import { readEvtxFiles } from './index.js';

const SOURCES = [
  'src/common/issues.ts',
  'src/common/codes.ts',
  ...['binxml', 'chunk', 'file', 'magic', 'plans', 'render', 'tree-eval', 'values', 'worker', 'worker-protocol'].map((n) => `src/read/evtx/${n}.ts`),
];

function compileWorker(): URL {
  const out = mkdtempSync(join(tmpdir(), 'oddspawn-evtx-worker-'));
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  for (const rel of SOURCES) {
    const js = ts.transpileModule(readFileSync(join(REPO_ROOT, rel), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    }).outputText;
    const dest = join(out, rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, js);
  }
  return pathToFileURL(join(out, 'src/read/evtx/worker.js'));
}

function evtxFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...evtxFiles(p));
    else if (e.name.endsWith('.evtx')) out.push(p);
  }
  return out.sort();
}

async function collect(it: AsyncIterable<RawBatch>): Promise<string[]> {
  const out: string[] = [];
  for await (const b of it) out.push(JSON.stringify(b));
  return out;
}

function syntheticFiles(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'oddspawn-evtx-par-'));
  const files: string[] = [];
  for (let f = 0; f < 6; f++) {
    const chunks: Buffer[] = [];
    for (let k = 0; k < 3; k++) {
      const c = new ChunkBuilder();
      for (let r = 0; r < 50; r++) {
        const id = k * 50 + r + 1;
        c.record(id, new Date(Date.UTC(2024, 0, 1, 0, 0, id)), (c) => {
          c.fragment().open('Event').closeStart().open('System').closeStart();
          c.open('EventRecordID').closeStart().text(String(id)).end();
          c.open('Computer').closeStart().text(`host-${f}`).end();
          c.end().end().eof();
        });
      }
      chunks.push(c.finish());
    }
    const p = join(dir, `f${f}.evtx`);
    writeFileSync(p, Buffer.concat([fileHeader(3), ...chunks]));
    files.push(p);
  }
  files.splice(3, 0, join(dir, 'missing.evtx'));
  return files;
}

describe('readEvtxFiles: worker threads', () => {
  let worker: URL;
  beforeAll(() => {
    worker = compileWorker();
    expect(existsSync(worker)).toBe(true);
  });

  it('gives byte-identical batches to a sequential read (synthetic files, a missing file, tight credit)', async () => {
    const files = syntheticFiles();
    const seq = await collect(readEvtxFiles(files, { workers: 0, chunksPerBatch: 1 }));
    const par = await collect(readEvtxFiles(files, { workers: 3, chunksPerBatch: 1, credit: 1, workerUrl: worker }));
    expect(seq.length).toBe(6 * 3 + 1);
    expect(par).toEqual(seq);
    expect(seq.join('\n')).toContain('OS_READ_OPEN');
  });

  it.skipIf(!HAS_SHARED_DATA || !existsSync(sharedPath('evtx')))('gives byte-identical output on the whole corpus', async () => {
    const files = evtxFiles(sharedPath('evtx'));
    const seq = await collect(readEvtxFiles(files, { workers: 0 }));
    const par = await collect(readEvtxFiles(files, { workers: 2, workerUrl: worker }));
    expect(par.length).toBe(seq.length);
    expect(par.join('\n')).toBe(seq.join('\n'));
  });
});
