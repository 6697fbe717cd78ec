// Labelled events → the dense matrix the GBDT trains on, with per-row weights that balance the two
// classes and keep any one source from drowning the others (each source's share grows with the square
// root of its size, so 4,000 generated attacks do not outweigh 300 real ones 13 to 1).

import type { FeatureSet } from '../../features/index.js';
import type { Dataset } from '../gbdt/index.js';
import type { LabelledEvent } from './labelled.js';

export function buildDataset(events: readonly LabelledEvent[], fs: FeatureSet, balance = true): Dataset {
  const cols = fs.names.length;
  const X = new Float32Array(events.length * cols);
  const y = new Uint8Array(events.length);
  for (let i = 0; i < events.length; i++) {
    fs.featurize(events[i].event, X, i * cols);
    y[i] = events[i].y;
  }
  return { rows: events.length, cols, X, y, weight: balance ? balancedWeights(events) : rawWeights(events), featureNames: fs.names };
}

function rawWeights(events: readonly LabelledEvent[]): Float32Array {
  return Float32Array.from(events, (e) => e.weight);
}

export function balancedWeights(events: readonly LabelledEvent[]): Float32Array {
  const groups = new Map<string, number>();
  const key = (e: LabelledEvent): string => `${e.y}\u0000${e.source}`;
  for (const e of events) groups.set(key(e), (groups.get(key(e)) ?? 0) + e.weight);
  const classRoot = [0, 0];
  for (const [k, n] of groups) classRoot[k.startsWith('1') ? 1 : 0] += Math.sqrt(n);
  const w = new Float32Array(events.length);
  let sum = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const n = groups.get(key(e)) ?? 1;
    // Class total 1/2, split between sources ∝ sqrt(size), shared equally by the rows of a source.
    w[i] = (0.5 * (Math.sqrt(n) / classRoot[e.y]) * e.weight) / n;
    sum += w[i];
  }
  const scale = events.length / (sum || 1);
  for (let i = 0; i < w.length; i++) w[i] *= scale;
  return w;
}

/** Deterministic split by recording: a recording's events all land on the same side. */
export function splitByRecording(events: readonly LabelledEvent[], validFraction: number, seed: number): { train: LabelledEvent[]; valid: LabelledEvent[] } {
  const train: LabelledEvent[] = [];
  const valid: LabelledEvent[] = [];
  for (const e of events) (recordingHash(`${e.source}/${e.recording}`, seed) < validFraction ? valid : train).push(e);
  return { train, valid };
}

function recordingHash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}
