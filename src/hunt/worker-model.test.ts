// The main thread reads and validates the model file once and hands the parsed file to the workers (WorkerSetup.model):
// a classifier built from that copy scores exactly as one loaded from the file, and the workers do use it.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClassifier, defaultModelPath, loadClassifier } from '../classify/classifier.js';
import { readClassifier } from '../classify/model-file.js';
import { IssueLog } from '../common/issues.js';
import { emptyCounts, ingest } from '../ingest.js';
import type { NormalizedEvent } from '../normalize/process-event.js';
import { builtinJobs, jobFieldPaths } from '../rarity/index.js';
import { writeSimulation } from '../simulate/index.js';
import { DocFiles } from './doc-files.js';
import { unfedFieldPaths } from './feed-gate.js';
import { huntWorkerScript, parallelScored } from './parallel-ingest.js';
import { ScoredLineReader } from './scored-line.js';
import type { WorkerSetup } from './protocol.js';

const root = mkdtempSync(join(tmpdir(), 'oddspawn-worker-model-'));
const file = join(root, 'sim.ndjson');

beforeAll(async () => {
  await writeSimulation({ users: 4, days: 2, attacks: 2, seed: 29 }, file);
}, 60_000);

async function events(): Promise<NormalizedEvent[]> {
  const out: NormalizedEvent[] = [];
  for await (const b of ingest([file], emptyCounts(), { issues: new IssueLog() })) out.push(...b);
  return out;
}

async function scoredLines(setup: Omit<WorkerSetup, 'keepIssues' | 'docDir'>): Promise<string[]> {
  const script = huntWorkerScript();
  if (!script) throw new Error('dist/src/hunt/hunt-worker.js is missing: run `npm run build` first (npm test does)');
  const docFiles = new DocFiles(root);
  const reader = new ScoredLineReader(setup.projectedPaths, docFiles, unfedFieldPaths(setup.jobs));
  const out: string[] = [];
  try {
    for await (const part of parallelScored([file], emptyCounts(), { workers: 2, script, docFiles, lineReader: reader, issues: new IssueLog(), unitBytes: 8192, setup })) {
      for (const l of part.events) {
        const ev = reader.read(l.line);
        out.push(JSON.stringify({ p: ev.problemchild, c: ev.classifier, e: ev.event }));
      }
    }
    return out;
  } finally {
    docFiles.close();
  }
}

describe('the model a worker is handed', () => {
  it('scores every event exactly as the model file loaded by the worker itself', async () => {
    const evs = await events();
    expect(evs.length).toBeGreaterThan(500);
    const fromFile = loadClassifier(undefined, { explain: false });
    const model = readClassifier(defaultModelPath());
    // The main thread builds its own classifier from the object first, then posts it (a structured clone).
    const main = createClassifier(model, { explain: false });
    const copy = createClassifier(structuredClone(model), { explain: false });
    let malicious = 0;
    for (const ev of evs) {
      const a = fromFile.scoreEvent(ev);
      expect(JSON.stringify(copy.scoreEvent(ev))).toBe(JSON.stringify(a));
      expect(JSON.stringify(main.scoreEvent(ev))).toBe(JSON.stringify(a));
      if (a.problemchild.prediction === 1) malicious++;
    }
    expect(malicious).toBeGreaterThan(0);
  });

  it('is what the workers score with, and gives the same lines as their own load of the file', async () => {
    const jobs = builtinJobs('oddspawn');
    const base = { projectedPaths: jobFieldPaths(jobs), jobs, storeDocs: false, maxLineBytes: 1 << 20 };
    const own = await scoredLines(base);
    const model = readClassifier(defaultModelPath());
    expect(await scoredLines({ ...base, model })).toEqual(own);
    // A copy with another id shows which model the workers scored with.
    const renamed = await scoredLines({ ...base, model: { ...model, model_id: 'handed_over' } });
    expect(renamed.length).toBe(own.length);
    expect(renamed.every((l) => l.includes('"model":"handed_over"'))).toBe(true);
  }, 120_000);
});
