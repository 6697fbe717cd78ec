// `rare` by a category field, partitioned by an entity: per entity a decayed Dirichlet over bucket presence
// (+1 per category per bucket, then ×exp(−decay) per non-empty bucket), sampled before scoring, as ml-cpp does.
// Mode "elastic" scores with ml-cpp's less-likely-categories probability; mode "population" shrinks the entity's
// shares toward the organisation's before taking the same tail mass.

import { categoryNames, cellOf, hasCategories, type Cell, type EntityCell, type OpenBucket } from '../bucket.js';
import { CategoryTable, EntityModel, restoreModels, snapshotModels, type ModelsSnapshot } from '../entity-model.js';
import { MAX_ANOMALOUS_PROBABILITY, rawScore } from '../math/anomaly-score.js';
import { lessLikelyProbabilities } from './category-prob.js';
import { PopulationPrior, populationProbabilities } from './population-prior.js';
import { fmt, type BucketResult, type Candidate, type Scorer, type ScorerNames } from './types.js';

export interface RareOptions {
  mode: 'elastic' | 'population' | 'joint';
  decayRate: number;
  pruneFloor: number;
  populationWeight: number;
  populationMinPrior: number;
}

// Per-entity scratch, reused across entities and buckets (typed-array allocation is costly in V8).
let sIds = new Int32Array(64);
let sBefore = new Float64Array(64);
let sWhich = new Int32Array(64);
let sProbs = new Float64Array(64);
let sScored = new Int32Array(64);
/** The entity's cells in name order (emptied after each bucket: it must not keep events alive). */
const sCells: Cell[] = [];
function ensureScratch(n: number): void {
  if (sIds.length >= n) return;
  const c = Math.max(n, sIds.length * 2);
  sIds = new Int32Array(c);
  sBefore = new Float64Array(c);
  sWhich = new Int32Array(c);
  sProbs = new Float64Array(c);
  sScored = new Int32Array(c);
}

export interface RareSnapshot extends ModelsSnapshot {
  pruned: number;
}

export class RareScorer implements Scorer {
  readonly name: string;
  readonly normalized = true;
  private table = new CategoryTable();
  private models = new Map<string, EntityModel>();
  private pruned = 0;

  constructor(
    private readonly opts: RareOptions,
    private readonly fields: ScorerNames,
  ) {
    this.name = `${opts.mode}_rare`;
  }

  close(bucket: OpenBucket, entities: readonly EntityCell[], dryRun: boolean): BucketResult {
    const result: BucketResult = { raws: [], scopes: [], candidates: [] };
    const f = Math.exp(-this.opts.decayRate);
    const prior = this.opts.mode === 'population' ? new PopulationPrior(this.table) : undefined;
    const table = dryRun ? null : this.table;
    for (const ent of entities) {
      if (!hasCategories(ent)) continue;
      const key = ent.partition;
      let m = this.models.get(key);
      if (!m) {
        m = new EntityModel(bucket.index);
        if (!dryRun) this.models.set(key, m);
      } else if (dryRun) m = m.clone();
      const names = categoryNames(ent).sort();
      ensureScratch(names.length);
      const ids = sIds;
      const before = sBefore;
      const which = sWhich.subarray(0, names.length);
      const probs = sProbs;
      // A dry run must not intern: new names get ids past the table, which nothing stores.
      let scratch = this.table.names.length;
      const cells = sCells;
      for (let j = 0; j < names.length; j++) {
        const known = this.table.ids.get(names[j]);
        ids[j] = known ?? (dryRun ? scratch++ : this.table.intern(names[j]));
        cells[j] = cellOf(ent, names[j]);
      }
      for (let j = 0; j < names.length; j++) before[j] = m.weightOf(ids[j]);
      const bucketsBefore = m.buckets;
      for (let j = 0; j < names.length; j++) {
        const pos = m.ensure(ids[j], table);
        m.w[pos] += 1;
        m.last[pos] = bucket.index;
      }
      for (let i = 0; i < m.k; i++) m.w[i] *= f;
      m.buckets = (m.buckets + 1) * f;
      // Categories present only as history (history_feed "all") update the model but are not scored.
      let nScored = 0;
      for (let j = 0; j < names.length; j++) if (cells[j].count > 0) sScored[nScored++] = j;
      const scored = sScored.subarray(0, nScored);
      const whichScored = which.subarray(0, scored.length);
      for (let s = 0; s < scored.length; s++) whichScored[s] = m.find(ids[scored[s]]);
      // An entity seen only through history this bucket (the common case with history_feed "all") has nothing to score.
      if (scored.length > 0) {
        if (prior) populationProbabilities(m.ids, m.w, m.k, whichScored, prior, this.opts.populationWeight, this.opts.populationMinPrior, probs);
        else lessLikelyProbabilities(m.w, m.k, whichScored, probs);
      }
      if (this.opts.mode === 'joint') {
        // Rare for this entity AND rare across entities: the entity's tail probability times the smoothed
        // share of the other entities that hold the category. The entity's own decayed buckets with it count
        // as that many holders: a process only this account runs, but runs every night, is its routine, and
        // must not stay "unique in the organisation" forever.
        const entities = this.models.size;
        for (let s = 0; s < scored.length; s++) {
          const id = ids[scored[s]];
          const holders = id < this.table.names.length ? this.table.entityCount[id] : 0;
          const others = Math.max(0, holders - (dryRun && before[scored[s]] === 0 ? 0 : 1));
          const own = before[scored[s]];
          probs[s] *= Math.min(1, (others + 0.5 + own) / (Math.max(1, entities) + own));
        }
      }
      // Leaves that only build history are ordinary for the normaliser (raw 0), as the common flagged
      // categories would be in a dense flagged feed: the quantiles describe everything the job watched.
      for (let n = scored.length; n < names.length; n++) result.raws.push(0);
      for (let s = 0; s < scored.length; s++) {
        const j = scored[s];
        const p = probs[s];
        const raw = rawScore(p);
        result.raws.push(raw);
        if (raw <= 0 && !(p < MAX_ANOMALOUS_PROBABILITY)) continue;
        const scope = `${key}\u0000${names[j]}`;
        if (raw > 0) result.scopes.push([scope, raw]);
        if (p < MAX_ANOMALOUS_PROBABILITY) {
          const cell = cells[j];
          const id = ids[j];
          const holders = id < this.table.names.length ? this.table.entityCount[id] : 0;
          const others = Math.max(0, holders - (dryRun && before[j] === 0 ? 0 : 1));
          result.candidates.push(this.candidate(ent, cell, names[j], p, raw, scope, before[j], bucketsBefore, others));
        }
      }
      if (!dryRun) {
        const floor = this.opts.pruneFloor;
        const idx = bucket.index;
        // Only scan when something can be below the floor (the smallest weight is rarely near it).
        let low = false;
        for (let i = 0; i < m.k && !low; i++) low = m.w[i] < floor;
        if (low) this.pruned += m.prune((i) => m.w[i] < floor && m.last[i] !== idx, this.table);
      }
    }
    sCells.length = 0;
    return result;
  }

  private candidate(
    ent: EntityCell, cell: Cell, category: string, p: number, raw: number,
    scope: string, before: number, bucketsBefore: number, others: number,
  ): Candidate {
    const total = this.models.size;
    const pf = this.fields.partitionField ?? 'entity';
    const first = before === 0;
    const history = first
      ? `first occurrence in ${fmt(bucketsBefore)} buckets of history`
      : `seen in ${fmt(before)} of ${fmt(bucketsBefore)} buckets of history (decayed)`;
    return {
      entity: ent,
      cell,
      category,
      probability: p,
      raw,
      scope,
      actual: [cell.count],
      typical: [bucketsBefore > 0 ? before / bucketsBefore : 0],
      explanation: {
        first_occurrence: first,
        category_buckets: before,
        entity_buckets: bucketsBefore,
        other_entities_with_category: others,
        entities_total: total,
        summary: `${this.fields.byField} "${category}" for ${pf} "${ent.partition}": ${history}; ${others} of ${Math.max(0, total - 1)} other ${pf} values have it; p=${p.toPrecision(3)}`,
      },
    };
  }

  stats(): Record<string, number> {
    let pairs = 0;
    for (const m of this.models.values()) pairs += m.k;
    return { entities: this.models.size, categories: this.table.names.length, entity_categories: pairs, pruned: this.pruned };
  }

  snapshot(): RareSnapshot {
    return { ...snapshotModels(this.table, this.models), pruned: this.pruned };
  }

  restore(raw: unknown): void {
    const s = raw as RareSnapshot;
    ({ table: this.table, models: this.models } = restoreModels(s));
    this.pruned = s.pruned;
  }
}
