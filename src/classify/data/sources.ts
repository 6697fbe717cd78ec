// Where training and validation events come from, with their licences. The shipped model may only
// learn from permissive sources and project-generated data; GPL sources are for validation.

import { basename } from 'node:path';

export interface SourceInfo {
  name: string;
  licence: string;
  /** May a model that the project ships be trained on it? */
  shippable: boolean;
}

const KNOWN: Record<string, Omit<SourceInfo, 'name'>> = {
  'otrf-security-datasets': { licence: 'MIT', shippable: true },
  msticpy: { licence: 'MIT', shippable: true },
  'evtx-attack-samples': { licence: 'GPL-3.0', shippable: false },
  'art-generated': { licence: 'MIT (atomic-red-team templates) + project-generated events', shippable: true },
  'lolbas-generated': { licence: 'GPL-3.0 (LOLBAS commands)', shippable: false },
  simulator: { licence: 'Apache-2.0 (project-generated)', shippable: true },
};

export function sourceInfo(name: string): SourceInfo {
  const k = KNOWN[name] ?? KNOWN[basename(name).replace(/\.jsonl?$/, '')];
  return k ? { name, ...k } : { name, licence: 'unknown (user-supplied)', shippable: false };
}
