// The shipped model file: the feature spec it was trained with, the GBDT (with calibration and the
// decision threshold), the training sources with licences and counts, and a model id. Written as
// canonical JSON so the same training run always produces the same bytes.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OddspawnError } from '../common/issues.js';
import { FEATURE_SPEC_VERSION, type FeatureSpec } from '../features/index.js';
import { parseModel, serializeModel, type GbdtModel } from './gbdt/index.js';

export const MODEL_FORMAT = 'oddspawn-classifier/1';

export interface SourceCount {
  name: string;
  licence: string;
  role: 'train' | 'validation';
  events: number;
  positives: number;
  negatives: number;
}

export interface ClassifierModelFile {
  format: typeof MODEL_FORMAT;
  model_id: string;
  feature_spec: FeatureSpec;
  feature_names: string[];
  /** Decision threshold on the calibrated probability. */
  threshold: number;
  /** How the threshold was chosen and what it gave on validation. */
  threshold_rule: string;
  sources: SourceCount[];
  /** Free-form, deterministic training facts (seed, params, label policy, validation metrics). */
  training: Record<string, string | number | boolean>;
  gbdt: GbdtModel;
}

const headerSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  model_id: z.string().min(1),
  feature_spec: z.object({
    version: z.number().int(),
    families: z.array(z.enum(['parity', 'parity_core', 'parity_bigram', 'cmd', 'lolbin', 'masq', 'lineage', 'user', 'hash'])).min(1),
    parityBigramBuckets: z.number().int().positive().optional(),
    hashed: z
      .object({ cmdTokens: z.number().int().min(0), cmdTrigrams: z.number().int().min(0), name: z.number().int().min(0), parentName: z.number().int().min(0), dirTokens: z.number().int().min(0) })
      .optional(),
  }),
  feature_names: z.array(z.string()),
  threshold: z.number().min(0).max(1),
  threshold_rule: z.string(),
  sources: z.array(
    z.object({ name: z.string(), licence: z.string(), role: z.enum(['train', 'validation']), events: z.number(), positives: z.number(), negatives: z.number() }),
  ),
  training: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  gbdt: z.unknown(),
});

/** Canonical bytes: header keys in a fixed order, the GBDT through its own canonical serializer. */
export function serializeClassifier(m: ClassifierModelFile): string {
  const { gbdt, ...header } = m;
  const head = JSON.stringify(sortKeys(header), null, 1).slice(0, -2);
  return `${head},\n "gbdt": ${serializeModel(gbdt).trimEnd()}\n}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

export function parseClassifier(text: string, file = '<model>'): ClassifierModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new OddspawnError('OS_CONFIG', `${file}: model is not valid JSON: ${(e as Error).message}`, { file });
  }
  const r = headerSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new OddspawnError('OS_CONFIG', `${file}: invalid model file at ${i.path.join('.') || '(root)'}: ${i.message}`, { file });
  }
  if (r.data.feature_spec.version !== FEATURE_SPEC_VERSION)
    throw new OddspawnError('OS_CONFIG', `${file}: model uses feature spec ${r.data.feature_spec.version}, this build has ${FEATURE_SPEC_VERSION}`, { file });
  const gbdt = parseModel(JSON.stringify((raw as { gbdt: unknown }).gbdt), file);
  return { ...(r.data as Omit<ClassifierModelFile, 'gbdt'>), gbdt };
}

export function readClassifier(path: string): ClassifierModelFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new OddspawnError('OS_CONFIG', `cannot read model ${path}: ${(e as Error).message}`, { file: path });
  }
  return parseClassifier(text, path);
}
