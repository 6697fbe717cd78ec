// readFeatureInputs must list every event field featurization reads: changing any other field of an
// event (or, for an event with a SID, the user's name and domain or which non-service SID it is)
// must leave every feature bit for bit as it was, and inputs that are objects or a missing command
// line must not be keyed at all.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { loadJsonl } from '../classify/data/labelled.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { simulate } from '../simulate/index.js';
import { buildFeatureSet, FULL_SPEC, PARITY_SPEC } from './index.js';
import { FEATURE_INPUT_COUNT, readFeatureInputs } from './inputs.js';

type Obj = Record<string, unknown>;
const clone = (ev: ProcessEvent): Obj => JSON.parse(JSON.stringify(ev)) as Obj;
const obj = (o: Obj, k: string): Obj => {
  if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
  return o[k] as Obj;
};

/** The event with every field featurization does not read changed or added. */
function noise(ev: ProcessEvent, k: number): ProcessEvent {
  const o = clone(ev);
  o['@timestamp'] = `2031-01-0${(k % 9) + 1}T00:00:00.000Z`;
  o.event = { kind: 'event', category: ['process'], type: ['start'], action: `a${k}`, code: String(k) };
  o.host = { name: `h${k}`, id: String(k) };
  o.label = { value: k % 2 ? 'malicious' : 'benign' };
  o.extra = { k };
  const p = obj(o, 'process');
  p.pid = k;
  p.entity_id = `{${k}}`;
  p.working_directory = `C:\\w${k}\\`;
  p.hash = { sha256: String(k) };
  p.args_count = k;
  if (typeof p.command_line === 'string' && p.command_line) p.args = [`x${k}`, 'y'];
  obj(p, 'code_signature').subject_name = `S${k}`;
  obj(obj(p, 'Ext'), 'token').elevation_level = String(k);
  const parent = obj(p, 'parent');
  parent.pid = k + 1;
  parent.command_line = `parent ${k}`;
  parent.args = [`p${k}`];
  parent.pe = { original_file_name: `o${k}.exe` };
  parent.code_signature = { exists: k % 2 === 0 };
  parent.Ext = { token: { elevation_type: 'full' } };
  parent.integrity_level = 'High';
  parent.reconstructed = true;
  parent.entity_id = `{p${k}}`;
  parent.working_directory = 'C:\\';
  o.labels = { k: String(k) };
  const user = obj(o, 'user');
  const sid = user.id;
  if (typeof sid === 'string' && sid) {
    user.name = `u${k}`;
    user.domain = k % 2 ? 'NT AUTHORITY' : `D${k}`;
    if (!['S-1-5-18', 'S-1-5-19', 'S-1-5-20'].includes(sid)) user.id = `S-1-5-21-${k}`;
  }
  return o as unknown as ProcessEvent;
}

async function events(): Promise<ProcessEvent[]> {
  const out: ProcessEvent[] = [];
  for await (const ev of simulate({ users: 4, days: 1, seed: 99 })) out.push(ev);
  if (HAS_SHARED_DATA) {
    const dir = sharedPath('train');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) out.push(...loadJsonl(join(dir, f)).all.slice(0, 800));
  }
  return out;
}

describe('featurization inputs', () => {
  it('no other field moves a feature (full and parity feature sets)', async () => {
    const evs = await events();
    expect(evs.length).toBeGreaterThan(1000);
    for (const spec of [FULL_SPEC, PARITY_SPEC]) {
      const fs = buildFeatureSet(spec);
      const a = new Float32Array(fs.names.length);
      const b = new Float32Array(fs.names.length);
      const ia = new Int32Array(a.buffer);
      const ib = new Int32Array(b.buffer);
      let keyed = 0;
      const moved: string[] = [];
      evs.forEach((ev, k) => {
        const va: unknown[] = [];
        const vb: unknown[] = [];
        const n = noise(ev, k);
        const ka = readFeatureInputs(ev, va);
        const kb = readFeatureInputs(n, vb);
        if (ka === undefined) return;
        keyed++;
        // the noise leaves the inputs as read (the SID canonicalised) equal
        for (let i = 0; i < FEATURE_INPUT_COUNT; i++) if (kb !== ka || vb[i] !== va[i]) moved.push(`input ${i} of event ${k}`);
        fs.featurize(ev, a, 0);
        fs.featurize(n, b, 0);
        for (let i = 0; i < ia.length; i++) if (ia[i] !== ib[i]) moved.push(`${fs.names[i]} of event ${k}`);
      });
      expect(moved.slice(0, 10)).toEqual([]);
      expect(keyed).toBeGreaterThan(evs.length / 2);
    }
  });

  it('keys only events with a command line and primitive inputs', () => {
    const base = { process: { name: 'cmd.exe', command_line: 'cmd /c dir', parent: { name: 'explorer.exe' } }, user: { id: 'S-1-5-21-1', name: 'a' } } as unknown as ProcessEvent;
    const v: unknown[] = [];
    expect(readFeatureInputs(base, v)).toBe('cmd /c dir');
    expect(v[13]).toBeUndefined();
    const bad: unknown[] = [
      { process: { name: 'cmd.exe', command_line: '' } },
      { process: { name: 'cmd.exe', command_line: 5, args: ['a'] } },
      { process: { name: 'cmd.exe' } },
      {},
      { process: { name: ['cmd.exe'], command_line: 'x' } },
      { process: { name: 'x', command_line: 'x', parent: { executable: { a: 1 } } } },
      { process: { command_line: 'x', Ext: { token: { elevation: {} } } } },
      { process: { command_line: 'x' }, user: { id: '', name: { n: 1 } } },
    ];
    for (const ev of bad) expect(readFeatureInputs(ev as ProcessEvent, v)).toBeUndefined();
    // a service SID is kept as is; other SIDs are one value
    const a: unknown[] = [];
    const b: unknown[] = [];
    readFeatureInputs({ process: { command_line: 'x' }, user: { id: 'S-1-5-18' } } as unknown as ProcessEvent, a);
    readFeatureInputs({ process: { command_line: 'x' }, user: { id: 'S-1-5-19' } } as unknown as ProcessEvent, b);
    expect(a[12]).not.toBe(b[12]);
    readFeatureInputs({ process: { command_line: 'x' }, user: { id: 'S-1-5-21-7' } } as unknown as ProcessEvent, a);
    readFeatureInputs({ process: { command_line: 'x' }, user: { id: 'S-1-5-21-8', name: 'z' } } as unknown as ProcessEvent, b);
    expect(a[12]).toBe(b[12]);
    expect(b[13]).toBeUndefined();
  });
});
