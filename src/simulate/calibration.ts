// Distributions the generator is calibrated against: account shares, top process names and
// parent→child pairs, and per user-day volume and variety. The same accumulator reads simulated
// (nested) events and the real flat-keyed training records, so both sides are measured alike.

import { getField } from '../common/fields.js';

export interface Quantiles {
  n: number;
  p10: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

export interface DistributionStats {
  events: number;
  accountShares: { system: number; localService: number; networkService: number; human: number; other: number };
  topNames: Array<[string, number]>;
  topPairs: Array<[string, number]>;
  /** Human user-days with at least MIN_USER_DAY events (shorter ones are partial recordings). */
  userDayEvents: Quantiles;
  userDayDistinct: Quantiles;
}

/** A user-day needs this many events to count: the real recording starts and ends mid-day. */
export const MIN_USER_DAY = 30;

function str(doc: unknown, path: string): string {
  const v = getField(doc, path);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function quantiles(values: number[]): Quantiles {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number): number => (v.length ? v[Math.min(v.length - 1, Math.floor(p * v.length))] : 0);
  return { n: v.length, p10: q(0.1), median: q(0.5), p90: q(0.9), min: v[0] ?? 0, max: v[v.length - 1] ?? 0 };
}

function isHuman(sid: string): boolean {
  return sid.startsWith('S-1-5-21-') || sid.startsWith('S-1-12-1-');
}

export class CalibrationAccumulator {
  private events = 0;
  private readonly accounts = { system: 0, localService: 0, networkService: 0, human: 0, other: 0 };
  private readonly names = new Map<string, number>();
  private readonly pairs = new Map<string, number>();
  private day = '';
  private readonly userDay = new Map<string, { n: number; names: Set<string> }>();
  private readonly dayEvents: number[] = [];
  private readonly dayDistinct: number[] = [];

  /** Adds a nested ProcessEvent or a flat dotted record. Records must come in time order per day. */
  add(doc: unknown): void {
    this.events++;
    const name = str(doc, 'process.name').toLowerCase();
    const parent = str(doc, 'process.parent.name').toLowerCase();
    const sid = str(doc, 'user.id');
    const user = str(doc, 'user.name');
    if (sid === 'S-1-5-18' || user.toUpperCase() === 'SYSTEM') this.accounts.system++;
    else if (sid === 'S-1-5-19' || user.toUpperCase() === 'LOCAL SERVICE') this.accounts.localService++;
    else if (sid === 'S-1-5-20' || user.toUpperCase() === 'NETWORK SERVICE') this.accounts.networkService++;
    else if (isHuman(sid)) this.accounts.human++;
    else this.accounts.other++;
    this.names.set(name, (this.names.get(name) ?? 0) + 1);
    const pair = `${parent} → ${name}`;
    this.pairs.set(pair, (this.pairs.get(pair) ?? 0) + 1);
    const day = str(doc, '@timestamp').slice(0, 10);
    if (day !== this.day) {
      this.flushDay();
      this.day = day;
    }
    if (isHuman(sid)) {
      const key = `${sid}|${user}`;
      let u = this.userDay.get(key);
      if (!u) this.userDay.set(key, (u = { n: 0, names: new Set() }));
      u.n++;
      u.names.add(name);
    }
  }

  private flushDay(): void {
    for (const u of this.userDay.values()) {
      if (u.n < MIN_USER_DAY) continue;
      this.dayEvents.push(u.n);
      this.dayDistinct.push(u.names.size);
    }
    this.userDay.clear();
  }

  result(top = 20): DistributionStats {
    this.flushDay();
    const n = Math.max(1, this.events);
    const share = (m: Map<string, number>): Array<[string, number]> =>
      [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top).map(([k, v]) => [k, round(v / n)]);
    const a = this.accounts;
    return {
      events: this.events,
      accountShares: { system: round(a.system / n), localService: round(a.localService / n), networkService: round(a.networkService / n), human: round(a.human / n), other: round(a.other / n) },
      topNames: share(this.names),
      topPairs: share(this.pairs),
      userDayEvents: quantiles(this.dayEvents),
      userDayDistinct: quantiles(this.dayDistinct),
    };
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
