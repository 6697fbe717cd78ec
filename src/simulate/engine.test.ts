import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProcessEvent } from '../normalize/process-event.js';
import { Simulation } from './engine.js';
import type { SimulateOptions } from './types.js';

function run(opts: SimulateOptions): { events: ProcessEvent[]; sim: Simulation; text: string } {
  const sim = new Simulation(opts);
  const events: ProcessEvent[] = [];
  let text = '';
  for (const ev of sim.events()) {
    events.push(ev);
    text += JSON.stringify(ev) + '\n';
  }
  return { events, sim, text };
}

const SMALL: SimulateOptions = { users: 5, days: 9, attacks: 4, seed: 42 };
const base = run(SMALL);

describe('simulate: determinism', () => {
  it('same seed gives byte-identical output', () => {
    const again = run(SMALL);
    expect(createHash('sha256').update(again.text).digest('hex')).toBe(createHash('sha256').update(base.text).digest('hex'));
    expect(again.sim.scenarios()).toEqual(base.sim.scenarios());
  });

  it('serializes lines byte-identical to JSON.stringify of the events', () => {
    const sim = new Simulation(SMALL);
    let text = '';
    for (const line of sim.lines()) text += line + '\n';
    expect(text).toBe(base.text);
  });

  it('different seeds give different output', () => {
    const other = run({ ...SMALL, days: 2, seed: 43 });
    expect(base.text.startsWith(other.text)).toBe(false);
    expect(other.events[0].host.name).not.toBe(base.events[0].host.name);
  });

  it('keeps a stable key order in every document', () => {
    const keys = (o: object): string => Object.keys(o).join(',');
    for (const ev of base.events.filter((_, i) => i % 50 === 0)) {
      expect(keys(ev)).toBe('@timestamp,event,host,user,process,label');
      expect(keys(ev.process)).toBe('name,executable,command_line,args,args_count,pid,entity_id,working_directory,pe,hash,code_signature,integrity_level,Ext,parent');
    }
  });
});

describe('simulate: stream shape', () => {
  it('writes in time order', () => {
    let prev = '';
    let backwards = 0;
    for (const ev of base.events) {
      if (ev['@timestamp'] < prev) backwards++;
      prev = ev['@timestamp'];
    }
    expect(backwards).toBe(0);
    expect(base.events.length).toBeGreaterThan(10_000);
  });

  it('every parent was started earlier on the same host (or is the kernel)', () => {
    const started = new Map<string, string>();
    let kernelChildren = 0;
    const bad: string[] = [];
    for (const ev of base.events) {
      const p = ev.process.parent;
      if (p?.pid === 4 && p.name === 'System') {
        kernelChildren++;
        if (ev.process.name !== 'smss.exe') bad.push(`kernel child ${ev.process.name}`);
      } else if (started.get(p?.entity_id ?? '') !== ev.host.name) {
        bad.push(`${ev.process.name} has parent ${p?.name} ${p?.entity_id} not started before on ${ev.host.name}`);
      }
      if (started.has(ev.process.entity_id ?? '')) bad.push(`duplicate entity id ${ev.process.entity_id}`);
      started.set(ev.process.entity_id ?? '', ev.host.name ?? '');
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(kernelChildren).toBeGreaterThanOrEqual(base.sim.org.hosts.length);
  });

  it('fills the ECS fields the pipeline reads', () => {
    for (const ev of base.events.filter((_, i) => i % 25 === 0)) {
      expect(ev.event).toMatchObject({ kind: 'event', category: ['process'], type: ['start'], code: '1' });
      expect(ev.process.executable?.toLowerCase().endsWith(ev.process.name?.toLowerCase() ?? '?')).toBe(true);
      expect(ev.process.hash?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(ev.process.args?.length).toBe(ev.process.args_count);
      expect(ev.user.id).toMatch(/^S-1-/);
      expect(['Low', 'Medium', 'High', 'System']).toContain(ev.process.integrity_level);
      if (ev.user.id === 'S-1-5-18') expect(ev.process.integrity_level).toBe('System');
    }
  });
});

describe('simulate: labels and ground truth', () => {
  it('labels every attack event malicious with technique and scenario, and nothing else malicious', () => {
    const ids = new Set(base.sim.scenarios().map((s) => s.id));
    let malicious = 0;
    const bad: string[] = [];
    for (const ev of base.events) {
      const v = ev.label?.value;
      const sc = ev.label?.scenario ?? '';
      if (v === 'malicious') {
        malicious++;
        if (!ids.has(sc)) bad.push(`unknown scenario ${sc}`);
        const tech = ev.label?.technique ?? [];
        if (!tech.length || !tech.every((t) => /^T\d{4}(\.\d{3})?$/.test(t))) bad.push(`bad techniques ${tech.join(',')}`);
      } else if (v === 'benign') {
        if (sc.startsWith('atk-') || ev.label?.technique !== undefined) bad.push(`benign event in ${sc}`);
      } else bad.push(`label ${String(v)}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(malicious).toBe(base.sim.counts.malicious);
    expect(malicious / base.events.length).toBeLessThan(0.01);
  });

  it('exports one truth record per injected scenario, consistent with the events', () => {
    const truth = base.sim.scenarios();
    expect(truth).toHaveLength(4);
    for (const s of truth) {
      const evs = base.events.filter((e) => e.label?.scenario === s.id);
      const direct = evs.filter((e) => e.label?.method === undefined);
      expect(direct.length).toBe(s.events);
      expect(s.events).toBeGreaterThan(2);
      expect(evs.every((e) => e.host.hostname === s.host)).toBe(true);
      expect(new Set(direct.map((e) => e.process.name?.toLowerCase()))).toEqual(new Set(s.processes.map((p) => p.name)));
      expect(Date.parse(evs[0]['@timestamp'])).toBeGreaterThanOrEqual(Date.parse(s.start));
      expect(s.techniques.length).toBeGreaterThan(0);
    }
  });

  it('marks a process new to the account it ran as exactly when that account never ran it before', () => {
    for (const s of base.sim.scenarios()) {
      const direct = base.events.filter((e) => e.label?.scenario === s.id && e.label?.method === undefined);
      for (const p of s.processes) {
        const ran = direct.filter((e) => e.process.name?.toLowerCase() === p.name && e.user.name === p.user);
        expect(ran.length, `${s.id} ${p.user} ${p.name}`).toBeGreaterThan(0);
        const first = ran[0]['@timestamp'];
        const before = base.events.some(
          (e) => e.user.name === p.user && e.label?.value === 'benign' && e.process.name?.toLowerCase() === p.name && e['@timestamp'] < first,
        );
        expect(p.new_to_user, `${s.id} ${p.user} ${p.name}`).toBe(!before);
      }
      expect(s.processes.some((p) => p.new_to_user)).toBe(true);
    }
  });
});

describe('simulate: bounded memory', () => {
  it('keeps the pending queue flat as the period grows', () => {
    const short = new Simulation({ users: 10, days: 2, seed: 9 });
    for (const ev of short.events()) void ev;
    const long = new Simulation({ users: 10, days: 5, seed: 9 });
    for (const ev of long.events()) void ev;
    expect(long.counts.events).toBeGreaterThan(2 * short.counts.events);
    expect(long.counts.peakPending).toBeLessThan(short.counts.peakPending * 1.6 + 50);
    expect(long.counts.peakPending).toBeLessThan(long.counts.events / 50);
  });
});

describe('simulate: options', () => {
  it('rejects bad sizes and dates', () => {
    expect(() => new Simulation({ users: 0, days: 3 })).toThrow(RangeError);
    expect(() => new Simulation({ users: 3, days: 1.5 })).toThrow(RangeError);
    expect(() => new Simulation({ users: 3, days: 2, start: 'yesterday' })).toThrow(RangeError);
  });

  it('honours --hosts and --start', () => {
    const s = new Simulation({ users: 10, days: 1, hosts: 6, seed: 1, start: '2024-06-03T00:00:00Z' });
    expect(s.org.hosts).toHaveLength(6);
    const first = s.events().next().value as ProcessEvent;
    expect(first['@timestamp'].startsWith('2024-06-03')).toBe(true);
  });
});
