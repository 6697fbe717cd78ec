// The model file: canonical JSON (keys sorted, arrays of numbers on one line, numbers printed by the
// shortest round-trip form) so the same model always gives the same bytes, and a validating parser
// that names the first problems it finds.

import { z } from 'zod';
import { OddspawnError } from '../../common/issues.js';
import type { GbdtModel } from './types.js';

type Json = number | string | boolean | null | Json[] | { [k: string]: Json | undefined };

export function serializeModel(m: GbdtModel): string {
  return canonicalJson(m as unknown as Json, '') + '\n';
}

function canonicalJson(v: Json | undefined, indent: string): string {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`serializeModel: non-finite number ${v}`);
    return JSON.stringify(v);
  }
  if (v === undefined) throw new RangeError('serializeModel: undefined value');
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.every((e) => e === null || typeof e !== 'object')) return '[' + v.map((e) => canonicalJson(e, inner)).join(',') + ']';
    return '[\n' + v.map((e) => inner + canonicalJson(e, inner)).join(',\n') + '\n' + indent + ']';
  }
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .sort();
  if (keys.length === 0) return '{}';
  return '{\n' + keys.map((k) => `${inner}${JSON.stringify(k)}: ${canonicalJson(v[k], inner)}`).join(',\n') + '\n' + indent + '}';
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const int = z.number().int();

const treeSchema = z.object({
  feature: z.array(int.min(-1)),
  threshold: z.array(finite),
  missingGoesLeft: z.array(z.union([z.literal(0), z.literal(1)])),
  left: z.array(int.min(-1)),
  right: z.array(int.min(-1)),
  leafValue: z.array(finite),
  cover: z.array(finite.min(0)),
  gain: z.array(finite),
});

const paramsSchema = z.object({
  nTrees: int.min(1),
  learningRate: finite,
  maxDepth: int.min(1),
  maxLeaves: int.min(2).optional(),
  minChildWeight: finite,
  lambdaL2: finite,
  minSplitGain: finite.optional(),
  rowSubsample: finite,
  colSubsample: finite,
  maxBins: int.min(2).max(256),
  classWeights: z.object({ pos: finite, neg: finite }).optional(),
  earlyStoppingRounds: int.min(1).optional(),
  seed: int,
});

const calibrationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('platt'), a: finite, b: finite }),
  z.object({ kind: z.literal('isotonic'), x: z.array(finite), y: z.array(finite) }),
]);

const modelSchema = z.object({
  version: z.literal(1),
  objective: z.literal('binary:logistic'),
  featureNames: z.array(z.string()),
  baseScore: finite,
  trees: z.array(treeSchema),
  bestIteration: int.min(-1),
  params: paramsSchema,
  trainLog: z.array(z.object({ round: int, trainLogloss: finite, validLogloss: finite.optional(), leaves: int })),
  calibration: calibrationSchema.optional(),
  threshold: finite.optional(),
});

/** Parses and validates a model file; throws OddspawnError (OS_CONFIG) naming the file and the problem. */
export function parseModel(json: string, file = '<model>'): GbdtModel {
  const fail = (msg: string): never => {
    throw new OddspawnError('OS_CONFIG', `invalid GBDT model ${file}: ${msg}`, { file });
  };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message})`);
  }
  const res = modelSchema.safeParse(raw);
  if (!res.success) {
    const first = res.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('; ');
    return fail(first);
  }
  const m = res.data as GbdtModel;
  const nf = m.featureNames.length;
  m.trees.forEach((t, k) => {
    const n = t.feature.length;
    const where = `trees.${k}`;
    if (n === 0) fail(`${where}: tree has no nodes`);
    for (const key of ['threshold', 'missingGoesLeft', 'left', 'right', 'leafValue', 'cover', 'gain'] as const)
      if (t[key].length !== n) fail(`${where}.${key}: ${t[key].length} entries, expected ${n} (one per node)`);
    const parents = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (t.feature[i] < 0) {
        if (t.left[i] !== -1 || t.right[i] !== -1) fail(`${where} node ${i}: a leaf must have left = right = -1`);
        continue;
      }
      if (t.feature[i] >= nf) fail(`${where} node ${i}: feature ${t.feature[i]} out of range (model has ${nf} features)`);
      if (!(t.left[i] > i && t.right[i] === t.left[i] + 1 && t.right[i] < n))
        fail(`${where} node ${i}: children must be the pair (left, left + 1) after the node and inside the tree`);
      parents[t.left[i]]++;
      parents[t.right[i]]++;
    }
    for (let i = 1; i < n; i++) if (parents[i] !== 1) fail(`${where} node ${i}: reachable from ${parents[i]} parents, expected 1`);
  });
  if (m.bestIteration !== m.trees.length - 1) fail(`bestIteration ${m.bestIteration} does not match ${m.trees.length} trees`);
  if (m.calibration?.kind === 'isotonic') {
    const { x, y } = m.calibration;
    if (x.length !== y.length) fail('calibration: x and y differ in length');
    for (let i = 1; i < x.length; i++) if (x[i] < x[i - 1]) fail('calibration: x must be non-decreasing');
  }
  return m;
}
