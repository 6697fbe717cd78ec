// The training corpus as a recipe: labelled files, ART templates and a simulated organisation. The
// recipe is what `oddspawn train` records in the model, so the shipped model can be rebuilt exactly.

import { basename } from 'node:path';
import type { Issue } from '../../common/issues.js';
import { artEvents, readArtTemplates } from './art-events.js';
import { DEFAULT_POLICY, loadJsonl, type LabelPolicy, type LabelledEvent } from './labelled.js';
import { simulatedEvents } from './simulated.js';

export interface CorpusRecipe {
  files: string[];
  art?: string;
  artVariants?: number;
  simulate?: { users: number; days: number; seed: number };
  seed: number;
  policy?: LabelPolicy;
}

export interface Corpus {
  events: LabelledEvent[];
  issues: Issue[];
  /** Human summary of the recipe for the model file (file names only, no local paths). */
  notes: Record<string, string | number>;
}

export async function buildCorpus(r: CorpusRecipe): Promise<Corpus> {
  const events: LabelledEvent[] = [];
  const issues: Issue[] = [];
  for (const f of r.files) {
    const l = loadJsonl(f, r.policy ?? DEFAULT_POLICY);
    events.push(...l.events);
    issues.push(...l.issues);
  }
  const notes: Record<string, string | number> = { data_files: r.files.map((f) => basename(f)).join(',') };
  if (r.art) {
    const variants = r.artVariants ?? 2;
    events.push(...artEvents(readArtTemplates(r.art), r.seed, variants));
    notes.art_templates = basename(r.art);
    notes.art_variants = variants;
  }
  if (r.simulate) {
    events.push(...(await simulatedEvents({ users: r.simulate.users, days: r.simulate.days, seed: r.simulate.seed })));
    notes.simulate = `users=${r.simulate.users},days=${r.simulate.days},seed=${r.simulate.seed}`;
  }
  return { events, issues, notes };
}
