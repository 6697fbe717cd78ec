// Guard for optimisation work: the shipped model was trained on these exact feature values, so every
// feature of every event must stay bit-identical. The rows of a few thousand varied events (the real
// training files, the golden fixtures, a small simulated organisation, and mutated variants that mix
// shared strings with differing fields) are hashed with SHA-256 and compared against digests recorded
// from the implementation the model was trained with. Each corpus is featurized twice so that any
// cache or reused scratch state must give the same answer warm as cold.

import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadJsonl } from '../classify/data/labelled.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { simulate } from '../simulate/index.js';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import * as golden from './golden-events.test-fixtures.js';
import { buildFeatureSet, FULL_SPEC, PARITY_SPEC, type FeatureSpec } from './index.js';

/** Variants that keep one field's string and change the others: a cache keyed on too little would leak. */
function mutants(ev: ProcessEvent, i: number): ProcessEvent[] {
  const p = ev.process ?? {};
  const cmd = typeof p.command_line === 'string' ? p.command_line : '';
  const out: ProcessEvent[] = [
    { ...ev, process: { ...p, command_line: cmd.toUpperCase() } },
    { ...ev, process: { ...p, name: p.parent?.name, parent: { ...p.parent, name: p.name, executable: p.executable } } },
    { ...ev, process: { ...p, command_line: undefined, args: cmd.split(' ').concat(i % 2 ? [] : ['"x^y"']) } },
    { ...ev, user: { ...ev.user, id: i % 3 ? 'S-1-5-18' : undefined, name: i % 2 ? 'SYSTEM' : 'bob$' } },
    { ...ev, process: { ...p, pe: { original_file_name: i % 2 ? 'rundll32.exe' : 'Cmd.Exe' }, executable: `C:\\Users\\Public\\${p.name ?? 'x'}` } },
    { ...ev, process: { ...p, command_line: `${cmd} ^^ %APPDATA% 0x1F2E3D4C https://a.b/c 192.168.1.${i % 256} ${'QUJD'.repeat(12)}` } },
  ];
  return out;
}

const ODD: ProcessEvent[] = [
  { process: {} } as ProcessEvent,
  { process: { name: '?', executable: '-', command_line: '' } } as ProcessEvent,
  { process: { name: 'ščř.exe', command_line: 'ščř.exe /c "ÄÖÜ 日本語" \u0000 \uffff 😀 ^e^c^h^o' } } as ProcessEvent,
  { process: { name: 'svch0st.exe', executable: 'C:\\Windows\\Temp\\svch0st.exe', command_line: 'svch0st.exe -k netsvcs -p -s Schedule' } } as ProcessEvent,
  { process: { name: 'x.exe', command_line: 'x'.repeat(3000), parent: { name: 'winword.exe' } } } as ProcessEvent,
  { process: { name: 'powershell.exe', command_line: 'PoWeRsHeLl -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAGMAbABpAGUAbgB0ACkA', args: [1, null] } } as unknown as ProcessEvent,
];

async function corpus(): Promise<ProcessEvent[]> {
  const base: ProcessEvent[] = [];
  if (HAS_SHARED_DATA) {
    const dir = sharedPath('train');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) base.push(...loadJsonl(join(dir, f)).all);
  }
  for (const v of Object.values(golden)) if (v && typeof v === 'object' && 'process' in v) base.push(v as ProcessEvent);
  for await (const ev of simulate({ users: 4, days: 1, seed: 7 })) base.push(ev);
  base.push(...ODD);
  const out = [...base];
  for (let i = 0; i < base.length; i += 7) out.push(...mutants(base[i], i));
  return out;
}

function digest(spec: FeatureSpec, events: ProcessEvent[]): string {
  const fs = buildFeatureSet(spec);
  const row = new Float32Array(fs.names.length);
  const h = createHash('sha256');
  for (let pass = 0; pass < 2; pass++)
    for (const ev of events) {
      row.fill(-1);
      fs.featurize(ev, row);
      h.update(new Uint8Array(row.buffer));
    }
  return h.digest('hex');
}

// Recorded from the implementation the shipped model was trained with (feature spec version 1).
const EXPECTED = HAS_SHARED_DATA
  ? { full: 'acf2962a809febd8a8143119b9d41a878ff02573268079dfc1e229337307aaca', parity: 'fb1a52d3b5df83474ecf8c371617e538776d4a7a8bcb049548129c38faaee4ec' }
  : { full: '7d1c5217006cfc51f0759b1628e37c12ad43623c4b94dbbbb022d320101bef95', parity: 'a5c22707317bda382b97225e2428485431623b7fe5d6740e9f039bc7d907593f' };

describe('feature values stay bit-identical', () => {
  it('full and parity specs hash to the recorded digests, cold and warm', async () => {
    const events = await corpus();
    expect(events.length).toBeGreaterThan(HAS_SHARED_DATA ? 8000 : 100);
    const got = { full: digest(FULL_SPEC, events), parity: digest(PARITY_SPEC, events) };
    expect(got).toEqual(EXPECTED);
  }, 60_000);
});
