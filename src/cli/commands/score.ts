// `oddspawn score`: every input process event, normalized, with the classifier's fields added (the
// equivalent of Elastic's inference pipeline). NDJSON out; bad records are counted, never fatal.

import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { IssueLog, formatIssue } from '../../common/issues.js';

interface ScoreOpts {
  model?: string;
  overrides?: string;
  output?: string;
  threshold?: string;
}

function write(out: Writable, s: string): Promise<void> | undefined {
  if (out.write(s)) return undefined;
  return new Promise((r) => out.once('drain', () => r()));
}

export function register(program: Command): void {
  program
    .command('score')
    .description('add problemchild.* and oddspawn.classifier.* to every process-start event (NDJSON out)')
    .argument('<inputs...>', 'files, folders, globs or - for stdin')
    .option('-m, --model <file>', 'classifier model file (default: the shipped model)')
    .option('--overrides <file>', 'block/allow list (TOML or JSON)')
    .option('-o, --output <file>', 'write NDJSON here instead of stdout')
    .option('--threshold <p>', "decision threshold on the malicious probability (default: the model's)")
    .addHelpText('after', '\nExample:\n  $ oddspawn score ../shared/data/train/msticpy.jsonl -o scored.ndjson\n')
    .action(async (inputs: string[], opts: ScoreOpts) => {
      // Loaded when the command runs, not when the CLI starts (see index.ts).
      const { loadClassifier } = await import('../../classify/classifier.js');
      const { loadOverrides } = await import('../../classify/overrides.js');
      const { normalize } = await import('../../normalize/index.js');
      const { openInputs } = await import('../../read/inputs.js');
      const overrides = opts.overrides ? loadOverrides(opts.overrides) : undefined;
      const threshold = opts.threshold !== undefined ? Number(opts.threshold) : undefined;
      const clf = loadClassifier(opts.model, { overrides, threshold });
      const out: Writable = opts.output ? createWriteStream(opts.output) : process.stdout;
      const log = new IssueLog();
      let scored = 0;
      let malicious = 0;
      let skipped = 0;
      for await (const batch of openInputs(inputs)) {
        for (const i of batch.issues) log.add(i);
        let buf = '';
        for (const rec of batch.records) {
          const r = normalize(rec);
          if (r.kind === 'issue') {
            log.add(r.issue);
            continue;
          }
          if (r.kind === 'skip') {
            skipped++;
            continue;
          }
          const doc = clf.toScoredDocument(r.event.event);
          scored++;
          malicious += doc.problemchild.prediction;
          buf += JSON.stringify(doc) + '\n';
        }
        if (buf) await write(out, buf);
      }
      if (opts.output) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(() => r()));
      for (const i of log.kept.slice(0, 20)) process.stderr.write(formatIssue(i) + '\n');
      process.stderr.write(
        `scored ${scored} events (${malicious} predicted malicious) with ${clf.model.model_id}; skipped ${skipped}; issues ${log.total}\n`,
      );
    });
}
