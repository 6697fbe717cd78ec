import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { OddspawnError } from '../../common/issues.js';
import { register } from './simulate.js';

function program(): Command {
  const p = new Command().exitOverride();
  p.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  register(p);
  return p;
}

const dir = mkdtempSync(join(tmpdir(), 'oddspawn-sim-cli-'));

describe('oddspawn simulate (CLI)', () => {
  it('writes NDJSON, the truth sidecar and a JSON calibration report', async () => {
    const out = join(dir, 'o.ndjson');
    const truth = join(dir, 't.json');
    const rep = join(dir, 'r.json');
    await program().parseAsync(['simulate', '-u', '4', '-d', '2', '-a', '2', '--seed', '3', '-o', out, '--truth', truth, '--report', 'json', '--report-out', rep, '--real', join(dir, 'none')], { from: 'user' });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    const first = JSON.parse(lines[0]) as { event: { category: string[] } };
    expect(first.event.category).toEqual(['process']);
    const t = JSON.parse(readFileSync(truth, 'utf8')) as { seed: number; scenarios: Array<{ id: string }> };
    expect(t.seed).toBe(3);
    expect(t.scenarios).toHaveLength(2);
    const r = JSON.parse(readFileSync(rep, 'utf8')) as { simulation: { events: number }; real: unknown };
    expect(r.simulation.events).toBe(lines.length);
    expect(r.real).toBeNull();
  });

  it('fails with exit code 2 on bad usage', async () => {
    const bad = async (args: string[]): Promise<OddspawnError> => {
      try {
        await program().parseAsync(['simulate', ...args], { from: 'user' });
      } catch (e) {
        return e as OddspawnError;
      }
      throw new Error('no error');
    };
    for (const args of [['-d', '2', '-o', 'x'], ['-u', 'ten', '-d', '2', '-o', 'x'], ['-u', '2', '-d', '2'], ['-u', '2', '-d', '2', '-o', 'x', '--start', 'soon'], ['-u', '2', '-d', '1', '-o', 'x', '--corpus', join(dir, 'missing.jsonl')]]) {
      const e = await bad(args);
      expect(e).toBeInstanceOf(OddspawnError);
      expect(e.exitCode).toBe(2);
    }
  });
});
