// The calibration report: the generator's distributions beside the real ones it was fitted on.

import type { ProcessEvent } from '../normalize/process-event.js';
import { CalibrationAccumulator, type DistributionStats, type Quantiles } from './calibration.js';
import type { RealStats } from './real-data.js';

export interface CalibrationReport {
  simulation: { users: number; days: number; seed: number; events: number; malicious: number };
  /** Workstation events only, to compare like with like (the real recording is one workstation). */
  generated: DistributionStats;
  real: RealStats | null;
  realSource: string | null;
}

/** Accumulates the generator's workstation events (servers are left out of the comparison). */
export class GeneratedSide {
  readonly acc = new CalibrationAccumulator();

  observe = (ev: ProcessEvent): void => {
    if (ev.host.hostname?.startsWith('SRV-')) return;
    this.acc.add(ev);
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const q = (x: Quantiles): string => (x.n ? `${x.p10} / ${x.median} / ${x.p90} (n=${x.n}, ${x.min}–${x.max})` : 'n/a');

function sharesTable(title: string, gen: Array<[string, number]>, real: Array<[string, number]> | undefined, realTitle: string): string {
  const realMap = new Map(real ?? []);
  const genMap = new Map(gen);
  const lines = [`### ${title}`, '', `| generated | share | ${realTitle} share |`, '|---|---:|---:|'];
  for (const [k, v] of gen) lines.push(`| \`${k}\` | ${pct(v)} | ${realMap.has(k) ? pct(realMap.get(k) ?? 0) : '—'} |`);
  if (real) {
    const missing = real.filter(([k]) => !genMap.has(k)).slice(0, 10);
    if (missing.length) lines.push('', `Top ${realTitle} entries not in the generated top list: ${missing.map(([k, v]) => `\`${k}\` ${pct(v)}`).join(', ')}`);
  }
  return lines.join('\n');
}

export function renderMarkdown(r: CalibrationReport): string {
  const g = r.generated;
  const w = r.real?.workstation;
  const b = r.real?.background;
  const out: string[] = [
    '# oddspawn simulate — calibration report', '',
    `Simulation: ${r.simulation.users} users × ${r.simulation.days} days, seed ${r.simulation.seed}: ${r.simulation.events} events (${r.simulation.malicious} malicious).`,
    r.realSource ? `Real side: ${r.realSource} (workstation = msticpy real user machine, 3 days; background = events labelled background).` : 'Real side: not available (no ../shared/data/train); generated side only.',
    '', '## Accounts', '', '| share of events | generated (workstations) | real workstation |', '|---|---:|---:|',
  ];
  for (const k of ['system', 'localService', 'networkService', 'human', 'other'] as const) {
    out.push(`| ${k} | ${pct(g.accountShares[k])} | ${w ? pct(w.accountShares[k]) : '—'} |`);
  }
  out.push('', '## Per user-day (p10 / median / p90)', '', '| | generated | real workstation |', '|---|---|---|');
  out.push(`| events | ${q(g.userDayEvents)} | ${w ? q(w.userDayEvents) : '—'} |`);
  out.push(`| distinct process names | ${q(g.userDayDistinct)} | ${w ? q(w.userDayDistinct) : '—'} |`);
  out.push('', sharesTable('Top process names', g.topNames, w?.topNames, 'real workstation'));
  if (b) out.push('', sharesTable('Top process names vs background', g.topNames, b.topNames, 'real background'));
  out.push('', sharesTable('Top parent → child pairs', g.topPairs, w?.topPairs, 'real workstation'));
  if (b) out.push('', sharesTable('Top parent → child pairs vs background', g.topPairs, b.topPairs, 'real background'));
  return out.join('\n') + '\n';
}
