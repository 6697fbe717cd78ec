// The real side of the calibration: the benign/background events of ../shared/data/train, read at
// report time (never embedded). "workstation" is the msticpy three-day recording of a real user's
// machine (Defender for Endpoint); "background" is every event a heuristic labelled background.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CalibrationAccumulator, type DistributionStats } from './calibration.js';

export const REAL_WORKSTATION_RECORDING = 'mde_proc_cs1.csv';

export interface RealStats {
  workstation: DistributionStats;
  background: DistributionStats;
}

function readJsonl(path: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Record<string, unknown>);
    } catch {
      // A bad line in third-party data is skipped; the report is a comparison, not an ingest.
    }
  }
  return out;
}

/** Real distributions from a train folder, or null when it is absent. */
export function realStats(trainDir: string): RealStats | null {
  const mst = join(trainDir, 'msticpy.jsonl');
  if (!existsSync(mst)) return null;
  const rows = readJsonl(mst);
  for (const f of ['otrf-security-datasets.jsonl']) {
    const p = join(trainDir, f);
    if (existsSync(p)) rows.push(...readJsonl(p));
  }
  const byTime = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
    String(a['@timestamp'] ?? '').localeCompare(String(b['@timestamp'] ?? ''));
  const ws = rows.filter((r) => r['labels.recording'] === REAL_WORKSTATION_RECORDING && r['label.value'] !== 'malicious').sort(byTime);
  const bg = rows.filter((r) => r['label.value'] === 'background').sort(byTime);
  const wa = new CalibrationAccumulator();
  for (const r of ws) wa.add(r);
  const ba = new CalibrationAccumulator();
  for (const r of bg) ba.add(r);
  return { workstation: wa.result(), background: ba.result() };
}
