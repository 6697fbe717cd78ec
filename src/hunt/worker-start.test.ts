// Workers start when a work unit is there for them: a small input (one unit) starts one worker, whatever the
// worker count; an input of many units starts them all. Each worker makes its document file when it starts.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IssueLog } from '../common/issues.js';
import { emptyCounts } from '../ingest.js';
import { builtinJobs, jobFieldPaths } from '../rarity/index.js';
import { writeSimulation } from '../simulate/index.js';
import { DocFiles } from './doc-files.js';
import { unfedFieldPaths } from './feed-gate.js';
import { huntWorkerScript, parallelScored } from './parallel-ingest.js';
import { ScoredLineReader } from './scored-line.js';

const root = mkdtempSync(join(tmpdir(), 'oddspawn-worker-start-'));
const file = join(root, 'sim.ndjson');

beforeAll(async () => {
  await writeSimulation({ users: 3, days: 2, attacks: 1, seed: 17 }, file);
}, 60_000);

async function run(workers: number, unitBytes?: number): Promise<{ started: number; lines: string[] }> {
  const script = huntWorkerScript();
  if (!script) throw new Error('dist/src/hunt/hunt-worker.js is missing: run `npm run build` first (npm test does)');
  const jobs = builtinJobs('oddspawn');
  const docFiles = new DocFiles(root);
  const projectedPaths = jobFieldPaths(jobs);
  const reader = new ScoredLineReader(projectedPaths, docFiles, unfedFieldPaths(jobs));
  const lines: string[] = [];
  try {
    const setup = { projectedPaths, jobs, storeDocs: false, maxLineBytes: 1 << 20 };
    for await (const part of parallelScored([file], emptyCounts(), { workers, script, docFiles, lineReader: reader, issues: new IssueLog(), unitBytes, setup })) {
      for (const l of part.events) lines.push(JSON.stringify(reader.read(l.line).event));
    }
    return { started: readdirSync(docFiles.dir).length, lines };
  } finally {
    docFiles.close();
  }
}

describe('hunt workers', () => {
  it('start one worker for an input of one unit, and every worker for many units, with the same events', async () => {
    const lineCount = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    const small = await run(3);
    expect(small.started).toBe(1);
    expect(small.lines.length).toBe(lineCount);
    const split = await run(3, 4096);
    expect(split.started).toBe(3);
    expect(split.lines).toEqual(small.lines);
  }, 120_000);
});
