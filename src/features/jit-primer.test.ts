// The primer line must reach the branches it is there for (every gate and keyword group, each
// normalisation step, the non-ASCII paths), and running it through the loops must change nothing
// after it: the codes, the hash slots and the keyword groups of real and hostile lines are the same
// whether or not the primer ran just before each of them.

import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA } from '../../test/shared-data.js';
import { Rng } from '../classify/gbdt/prng.js';
import { GATE_WORDS, gatesOf } from './cmd-gates.js';
import { commandLineCodes } from './cmdline-codes.js';
import { cmdTokens, DEFAULT_HASHED, hashedFamily } from './hashed-ngrams.js';
import { PRIMER_LINES } from './jit-primer.js';
import { KEYWORD_GROUPS, keywordMaskOfCodes } from './parity-keywords.js';
import { normalizeCommandLine } from './parity-normalize.js';
import { realCommandLines } from './real-command-lines.test-util.js';
import { fnv1a } from './text.js';
import { eventView } from './view.js';

const T = DEFAULT_HASHED.cmdTokens;
const G = DEFAULT_HASHED.cmdTrigrams;

/** hash.cmd_token and hash.cmd_trigram counts as the family defines them (cold-line-loops.test.ts). */
function slotsByDefinition(norm: string): Float32Array {
  const want = new Float32Array(T + G);
  for (const t of cmdTokens(norm)) want[fnv1a(t, 0x2545f491) % T] += 1;
  const s = norm.slice(0, 512);
  for (let i = 0; i + 3 <= s.length; i++) want[T + (fnv1a(s.slice(i, i + 3), 0x9e3779b9) % G)] += 1;
  return want;
}

const ALL_GATES = GATE_WORDS.reduce((m, [bit]) => m | bit, 0);
const ALL_GROUPS = (1 << KEYWORD_GROUPS.length) - 1;

describe('jit primer', () => {
  it('takes the branches it is there for', () => {
    const line = PRIMER_LINES[0];
    expect(gatesOf(line.toLowerCase())).toBe(ALL_GATES);
    const norm = normalizeCommandLine(line);
    expect(KEYWORD_GROUPS.reduce((m, g, i) => (g.test(norm) ? m | (1 << i) : m), 0)).toBe(ALL_GROUPS);
    // Every normalisation step edits it: user names, system folders, GUIDs, hex and long numbers.
    for (const piece of ['users\\x', 'win_system_dir', 'process_id', 'hex', 'num']) expect(norm).toContain(piece);
    expect(commandLineCodes(line).scan.ascii).toBe(false);
    for (let c = 1; c < 128; c++) expect(line).toContain(String.fromCharCode(c));
  });

  it('leaves no state behind: every result after it is the one without it', () => {
    const rng = new Rng(99);
    const hostile = ['', ' ', 'a', '^', 'é'.repeat(300) + ' whoami', 'x'.repeat(700) + ' mimikatz', 'C:\\Users\\bob\\AppData\\Local\\Temp\\a.ps1 -nop'];
    for (let k = 0; k < 500; k++) hostile.push(Array.from({ length: rng.int(60) }, () => String.fromCharCode(rng.int(rng.next() < 0.9 ? 128 : 0x10000))).join(''));
    const lines = [...hostile, ...(HAS_SHARED_DATA ? realCommandLines().slice(0, 3000) : [])];
    // fA reads each line first; fB runs the primer line, then the same line again (its record belongs
    // to fA, so fB runs its own loop over codes computed afresh after the primer's).
    const fA = hashedFamily(DEFAULT_HASHED);
    const fB = hashedFamily(DEFAULT_HASHED);
    const rowA = new Float32Array(fA.names.length);
    const rowB = new Float32Array(fB.names.length);
    const codesOf = (cmd: string): string => {
      const c = commandLineCodes(cmd);
      return [...c.norm.subarray(0, c.normLength)].join() + `|${c.gates}|${c.scan.entropy}|${c.scan.args}|${c.scan.caseFlips}|${c.scan.ascii}`;
    };
    const differ: string[] = [];
    lines.forEach((line, k) => {
      // A suffix per line keeps each record new (the record memo would otherwise answer).
      const cmd = `${line} #${k}`;
      const before = codesOf(cmd);
      const v = eventView({ process: { name: 'x.exe', command_line: cmd } } as never);
      fA.extract(v, rowA, 0);
      const keywords = v.parity.keywords;
      for (const p of PRIMER_LINES) fB.extract(eventView({ process: { name: 'x.exe', command_line: `${p} #${k}` } } as never), rowB, 0);
      fB.extract(eventView({ process: { name: 'x.exe', command_line: cmd } } as never), rowB, 0);
      const c = commandLineCodes(cmd);
      const after = codesOf(cmd);
      if (after !== before || rowB.join() !== rowA.join() || keywordMaskOfCodes(c.norm, c.normLength) !== keywords) differ.push(JSON.stringify(line.slice(0, 60)));
      // Both families were primed when built: their slots must still be the definition's.
      if (k % 10 === 0 && rowA.subarray(0, T + G).join() !== slotsByDefinition(v.cmdNorm).join()) differ.push(`slots: ${JSON.stringify(line.slice(0, 60))}`);
    });
    expect(differ).toEqual([]);
  });
});
