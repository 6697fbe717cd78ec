import { describe, expect, it } from 'vitest';
import type { LabelInfo } from '../normalize/process-event.js';
import { adHocBinary, bin } from './catalog.js';
import { Simulation } from './engine.js';
import { NdjsonChunker } from './event-bytes.js';
import { toEvent } from './event.js';
import { wellKnown } from './org.js';
import type { HostModel, Proc } from './types.js';

const host: HostModel = {
  index: 0, kind: 'laptop', users: [], serviceAccounts: [], guidPrefix: '0A1B2C3D', firstDay: 0,
  ecs: { name: 'LT-ü1.corp.example', hostname: 'LT-ü1', id: 'f00', os: { family: 'windows', name: 'Windows 10 Pro', version: '10.0' } } as HostModel['ecs'],
};
const account = wellKnown('zoë "z" ñ', 'CORP\\EU', 'S-1-5-21-1-2-3-1001', 'user');
const label: LabelInfo = { value: 'malicious', technique: ['T1059.001'], scenario: 'atk-0001-x' } as LabelInfo;

function proc(over: Partial<Proc>): Proc {
  return {
    bin: bin('cmd.exe'), name: 'cmd.exe', exe: 'C:\\Windows\\System32\\cmd.exe', cmd: 'cmd.exe', pid: 1234, entityId: '{0A1B2C3D-0000-0000-0000-000000000001}',
    account, integrity: 'Medium', elevation: 'limited', cwd: 'C:\\Users\\zoë\\', parent: null, t: 1_740_960_000_007, label: { value: 'benign' } as LabelInfo,
    ...over,
  };
}

function lines(procs: Proc[], size?: number): string {
  const w = new NdjsonChunker(size);
  const out: Buffer[] = [];
  for (const p of procs) {
    const full = w.add(p, host);
    if (full) out.push(full);
    expect(w.lineLength).toBeGreaterThan(100);
  }
  const last = w.take();
  if (last) out.push(last);
  return Buffer.concat(out).toString('utf8');
}

describe('simulate: NDJSON bytes', () => {
  it('writes what JSON.stringify writes, for awkward strings, parents and labels', () => {
    const root = proc({});
    const odd = proc({
      bin: adHocBinary('weird "name".exe', 'C:\\Users\\Public\\日本', 'orig\u0001.exe', 'Signer ☃'),
      name: 'weird "name".exe', exe: 'C:\\Users\\Public\\日本\\weird "name".exe',
      cmd: '"C:\\Users\\Public\\日本\\weird \\"name\\".exe" -c "a b"\t"" \u0000 \ud800 😀 end',
      parent: root, integrity: 'High', elevation: 'full', label, pid: 7, t: 1_740_960_000_999,
    });
    const child = proc({ parent: odd, cmd: '', name: 'conhost.exe', exe: '\\??\\C:\\Windows\\system32\\conhost.exe', t: 1_740_960_001_000, integrity: 'System', elevation: 'default' });
    const deep = proc({ parent: child, cmd: 'x  y   z', t: 1_740_960_061_050, integrity: 'Low' });
    const procs = [root, odd, child, deep, proc({ parent: odd, t: 1_740_960_062_000 })];
    const expected = procs.map((p) => JSON.stringify(toEvent(p, host)) + '\n').join('');
    expect(lines(procs)).toBe(expected);
    // Tiny chunks: every line starts a new chunk, lines stay whole.
    expect(lines(procs, 64)).toBe(expected);
  });

  it('writes a whole simulation exactly as JSON.stringify of its events', () => {
    const opts = { users: 4, days: 3, attacks: 3, seed: 'bytes' };
    const expected = [...new Simulation(opts).events()].map((e) => JSON.stringify(e) + '\n').join('');
    const text = Buffer.concat([...new Simulation(opts).chunks(100_000)]).toString('utf8');
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text).toBe(expected);
  });

  it('keeps headers per host and account right: many accounts on a host, hosts of another organisation at the same index', () => {
    const other: HostModel = { ...host, guidPrefix: 'FFEE0011', ecs: { ...host.ecs, name: 'SRV-\u00e9"x"', hostname: 'SRV' } as HostModel['ecs'] };
    const accounts = Array.from({ length: 150 }, (_, i) => wellKnown(`user${i} "ü"`, i % 2 ? 'CORP' : 'NT \\ AUTH', `S-1-5-21-9-${i}`, 'user'));
    const w = new NdjsonChunker(4096);
    const out: Buffer[] = [];
    let expected = '';
    for (let i = 0; i < 1200; i++) {
      // Accounts come back in a rolling pattern (past the per-host list's 64), hosts alternate in bursts.
      const h = (i >> 4) % 2 ? other : host;
      const p = proc({ account: accounts[(i * 7 + (i >> 5)) % accounts.length], cmd: `x.exe ${i} "a b"`, pid: 4 * i, t: 1_740_960_000_000 + i });
      const full = w.add(p, h);
      if (full) out.push(full);
      expected += JSON.stringify(toEvent(p, h)) + '\n';
    }
    const last = w.take();
    if (last) out.push(last);
    expect(Buffer.concat(out).toString('utf8')).toBe(expected);
  });
});
