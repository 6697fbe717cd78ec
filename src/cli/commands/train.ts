// `oddspawn train`: a classifier from labelled events (+ ART templates and a simulated organisation).
// Same inputs, options and seed → a byte-identical model file.

import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { positiveInt } from '../options.js';

interface TrainOpts {
  output: string;
  seed: number;
  validation?: string[];
  art?: string;
  artVariants: number;
  simulate?: string;
  features: 'full' | 'parity';
  modelId?: string;
  candidateWeight: number;
  equalizePresence: boolean;
}

function parseSim(v: string): { users: number; days: number } {
  const m = /^(\d+)x(\d+)$/.exec(v);
  if (!m) throw new InvalidArgumentError('expected USERSxDAYS, e.g. 40x14');
  return { users: Number(m[1]), days: Number(m[2]) };
}

export function register(program: Command): void {
  program
    .command('train')
    .description('train a classifier model from labelled process events')
    .argument('<data...>', 'labelled JSONL files (label.value: malicious | background | benign | attack_candidate)')
    .requiredOption('-o, --output <file>', 'model file to write')
    .option('--seed <n>', 'random seed', positiveInt, 1)
    .option('--validation <files...>', 'labelled files for early stopping, calibration and threshold (default: 20% of the training recordings)')
    .option('--art <file>', 'Atomic Red Team command corpus (art_windows_commands.jsonl) to generate attack events from')
    .option('--art-variants <n>', 'runner variants per ART template', positiveInt, 2)
    .option('--simulate <USERSxDAYS>', 'add a simulated organisation (benign volume + its attacks)')
    .option('--features <set>', 'feature set: full | parity', 'full')
    .option('--model-id <id>', 'model id (default: oddspawn_<features>_<seed>)')
    .option('--no-equalize-presence', 'keep optional fields whose presence differs between the classes of a source (see docs/model-card.md)')
    .option('--candidate-weight <w>', 'use attack_candidate as negatives with this weight (default 0: left out)', Number, 0)
    .addHelpText(
      'after',
      `
Example (the shipped model, see docs/model-card.md):
  $ oddspawn train --output models/oddspawn-classifier.json --seed 1 --model-id oddspawn_20261128_2 \\
      --art ../shared/data/corpora/art_windows_commands.jsonl --simulate 40x14 \\
      ../shared/data/train/otrf-security-datasets.jsonl ../shared/data/train/msticpy.jsonl`,
    )
    .action(async (data: string[], opts: TrainOpts) => {
      if (opts.features !== 'full' && opts.features !== 'parity') throw new InvalidArgumentError('--features must be full or parity');
      // Loaded when the command runs, not when the CLI starts (see index.ts).
      const { buildCorpus } = await import('../../classify/data/corpus.js');
      const { DEFAULT_POLICY } = await import('../../classify/data/labelled.js');
      const { serializeClassifier } = await import('../../classify/model-file.js');
      const { trainClassifier } = await import('../../classify/trainer.js');
      const { FULL_SPEC, PARITY_SPEC } = await import('../../features/index.js');
      const policy = { ...DEFAULT_POLICY, candidateAsNegativeWeight: opts.candidateWeight };
      const sim = opts.simulate ? { ...parseSim(opts.simulate), seed: opts.seed } : undefined;
      const corpus = await buildCorpus({ files: data, art: opts.art, artVariants: opts.artVariants, simulate: sim, seed: opts.seed, policy });
      const valid = opts.validation ? (await buildCorpus({ files: opts.validation, seed: opts.seed, policy })).events : undefined;
      const { file, validAuc } = trainClassifier({
        train: corpus.events,
        valid,
        spec: opts.features === 'parity' ? PARITY_SPEC : FULL_SPEC,
        seed: opts.seed,
        modelId: opts.modelId ?? `oddspawn_${opts.features}_${opts.seed}`,
        notes: { ...corpus.notes, features: opts.features, candidate_weight: opts.candidateWeight },
        equalizePresence: opts.equalizePresence,
      });
      const text = serializeClassifier(file);
      writeFileSync(opts.output, text);
      process.stderr.write(
        `wrote ${opts.output} (${(text.length / 1e6).toFixed(2)} MB): ${file.gbdt.trees.length} trees, ${file.feature_names.length} features, ` +
          `validation ROC-AUC ${validAuc.toFixed(4)}, threshold ${file.threshold.toFixed(4)}; input issues ${corpus.issues.length}\n`,
      );
    });
}
