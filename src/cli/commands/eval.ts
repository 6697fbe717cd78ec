// `oddspawn eval`: metrics JSON for a model on labelled data, beside two baselines run in the same
// command: the ProblemChild-parity feature family trained the same way, and Elastic's legacy 37-keyword
// blocklist alone.

import type { Command } from 'commander';
import { positiveInt } from '../options.js';

interface EvalOpts {
  model?: string;
  baselineTrain?: string[];
  art?: string;
  seed: number;
  lolbas?: string;
  loso?: boolean;
  simulate?: string;
  equalizePresence: boolean;
}

export function register(program: Command): void {
  program
    .command('eval')
    .description('metrics JSON (ROC-AUC, PR-AUC, TPR@FPR, confusion, per-source and per-technique recall) with baselines')
    .argument('<data...>', 'labelled JSONL files to evaluate on')
    .option('-m, --model <file>', 'model file (default: the shipped model)')
    .option('--baseline-train <files...>', 'labelled files to train the parity baseline on (default: none → parity baseline skipped)')
    .option('--art <file>', 'ART corpus added to the parity baseline training data')
    .option('--lolbas <file>', 'also evaluate on attack events built from the LOLBAS corpus (validation only)')
    .option('--seed <n>', 'seed for the parity baseline', positiveInt, 1)
    .option('--no-equalize-presence', 'with --loso: train without field-presence equalisation (for comparison)')
    .option('--loso', 'leave-one-source-out validation over DATA (full and parity features), with --art/--simulate as generated training data')
    .option('--simulate <USERSxDAYS>', 'simulated organisation added to the LOSO / parity-baseline training data')
    .addHelpText(
      'after',
      `
Example:
  $ oddspawn eval ../shared/data/train/evtx-attack-samples.jsonl \\
      --baseline-train ../shared/data/train/otrf-security-datasets.jsonl ../shared/data/train/msticpy.jsonl \\
      --art ../shared/data/corpora/art_windows_commands.jsonl`,
    )
    .action(async (data: string[], opts: EvalOpts) => {
      // Loaded when the command runs, not when the CLI starts (see index.ts).
      const { buildCorpus } = await import('../../classify/data/corpus.js');
      const { withFilledFields } = await import('../../classify/data/fill-fields.js');
      const { defaultModelPath } = await import('../../classify/classifier.js');
      const { blocklistScores, leaveOneSourceOut, report, scoreWithModel } = await import('../../classify/evaluate.js');
      const { readClassifier } = await import('../../classify/model-file.js');
      const { trainClassifier } = await import('../../classify/trainer.js');
      const { FULL_SPEC, PARITY_SPEC } = await import('../../features/index.js');
      if (opts.loso) {
        const real = (await buildCorpus({ files: data, seed: opts.seed })).events;
        const m = opts.simulate ? /^(\d+)x(\d+)$/.exec(opts.simulate) : null;
        const sim = m ? { users: Number(m[1]), days: Number(m[2]), seed: opts.seed } : undefined;
        const generated = (await buildCorpus({ files: [], art: opts.art, simulate: sim, seed: opts.seed })).events;
        const folds = { full: leaveOneSourceOut(real, generated, FULL_SPEC, opts.seed, opts.equalizePresence),
          parity: leaveOneSourceOut(real, generated, PARITY_SPEC, opts.seed, opts.equalizePresence), };
        process.stdout.write(JSON.stringify({ loso: folds, generated_events: generated.length }, null, 2) + '\n');
        return;
      }
      const modelPath = opts.model ?? defaultModelPath();
      const model = readClassifier(modelPath);
      const corpus = await buildCorpus({ files: data, seed: opts.seed });
      const events = corpus.events;
      if (opts.lolbas) {
        const { lolbasEvents } = await import('../../classify/data/lolbas-events.js');
        events.push(...lolbasEvents(opts.lolbas));
      }
      const out: Record<string, unknown> = {
        model: model.model_id,
        threshold: model.threshold,
        data: corpus.notes.data_files,
        oddspawn: report(events, scoreWithModel(model, events), model.threshold),
      };
      // The same events with every optional field present, as one sensor that records everything writes them.
      const filled = withFilledFields(events);
      out.oddspawn_fields_filled = report(filled, scoreWithModel(model, filled), model.threshold);
      if (opts.baselineTrain) {
        const m = opts.simulate ? /^(\d+)x(\d+)$/.exec(opts.simulate) : null;
        const sim = m ? { users: Number(m[1]), days: Number(m[2]), seed: opts.seed } : undefined;
        const train = await buildCorpus({ files: opts.baselineTrain, art: opts.art, simulate: sim, seed: opts.seed });
        const { file } = trainClassifier({ train: train.events, spec: PARITY_SPEC, seed: opts.seed, modelId: 'parity-baseline' });
        out.parity_baseline = report(events, scoreWithModel(file, events), file.threshold);
      }
      out.legacy_blocklist = report(events, blocklistScores(events), 0.5);
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    });
}
