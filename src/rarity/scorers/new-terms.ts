// Elastic's New Terms idea as a job type: a record when a category was not seen for the entity within the
// history window. No probability model and no normaliser: every new term scores 100. It is the baseline the
// rarity scorers must beat.

import { categoryNames, cellOf, hasCategories, type EntityCell, type OpenBucket } from '../bucket.js';
import { CategoryTable, EntityModel, restoreModels, snapshotModels, type ModelsSnapshot } from '../entity-model.js';
import { fmt, type BucketResult, type Scorer, type ScorerNames } from './types.js';

export class NewTermsScorer implements Scorer {
  readonly name = 'new_terms';
  readonly normalized = false;
  private table = new CategoryTable();
  private models = new Map<string, EntityModel>();

  constructor(
    private readonly windowBuckets: number,
    private readonly fields: ScorerNames,
  ) {}

  close(bucket: OpenBucket, entities: readonly EntityCell[], dryRun: boolean): BucketResult {
    const result: BucketResult = { raws: [], scopes: [], candidates: [] };
    const idx = bucket.index;
    const horizon = idx - this.windowBuckets;
    for (const ent of entities) {
      if (!hasCategories(ent)) continue;
      let m = this.models.get(ent.partition);
      if (!m) {
        m = new EntityModel(idx);
        if (!dryRun) this.models.set(ent.partition, m);
      } else if (dryRun) m = m.clone();
      const table = dryRun ? null : this.table;
      const bucketsBefore = m.buckets;
      for (const name of categoryNames(ent).sort()) {
        const known = this.table.ids.get(name);
        const id = known ?? (dryRun ? -1 : this.table.intern(name));
        const pos = id >= 0 ? m.find(id) : -1;
        const lastSeen = pos >= 0 ? m.last[pos] : -1;
        const seenBefore = pos >= 0 ? m.w[pos] : 0;
        if (pos < 0 || lastSeen < horizon) {
          const cell = cellOf(ent, name);
          const holders = id >= 0 ? this.table.entityCount[id] - (pos >= 0 ? 1 : 0) : 0;
          const pf = this.fields.partitionField ?? 'entity';
          const days = `${fmt(this.windowBuckets)} buckets`;
          result.candidates.push({
            entity: ent,
            cell,
            category: name,
            probability: 1 / (1 + bucketsBefore),
            raw: 0,
            scope: `${ent.partition}\u0000${name}`,
            fixedScore: 100,
            actual: [cell.count],
            typical: [0],
            explanation: {
              first_occurrence: pos < 0,
              category_buckets: seenBefore,
              entity_buckets: bucketsBefore,
              other_entities_with_category: Math.max(0, holders),
              entities_total: this.models.size,
              summary: `${this.fields.byField} "${name}" is new for ${pf} "${ent.partition}" in the last ${days}` +
                (pos < 0 ? ' (never seen before)' : ` (last seen ${idx - lastSeen} buckets ago)`),
            },
          });
        }
        if (id >= 0) {
          const p = m.ensure(id, table);
          m.w[p] += 1;
          m.last[p] = idx;
        }
      }
      m.buckets += 1;
      if (!dryRun) m.prune((i) => m.last[i] < horizon, this.table);
    }
    return result;
  }

  stats(): Record<string, number> {
    let pairs = 0;
    for (const m of this.models.values()) pairs += m.k;
    return { entities: this.models.size, categories: this.table.names.length, entity_categories: pairs };
  }

  snapshot(): ModelsSnapshot {
    return snapshotModels(this.table, this.models);
  }

  restore(raw: unknown): void {
    ({ table: this.table, models: this.models } = restoreModels(raw as ModelsSnapshot));
  }
}
