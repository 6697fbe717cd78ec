// derivedSlots() bounds what deriveAll() may write (record-plan.ts clears only those slots between records): every
// slot deriveAll() changes must be in the set derived from the slots filled before it.

import { describe, expect, it } from 'vitest';
import { deriveAll, derivedSlots } from './derive.js';
import { processSlots, slotOf, TARGETS } from './targets.js';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const P = processSlots('process');
const PP = processSlots('process.parent');
/** The slots deriveAll() reads, with values that make it write (and some that do not). */
const INPUTS: Array<[number, unknown[]]> = [
  ...[P, PP].flatMap((s): Array<[number, unknown[]]> => [
    [s.args, [['C:\\x\\a.exe', 'b c'], ['a.exe'], []]],
    [s.commandLine, ['"C:\\p q\\r.exe" -x', 'cmd.exe /c', 'C:\\w\\z.com', 'noext', '""']],
    [s.executable, ['C:\\Windows\\x.exe', 'C:\\dir\\', 'y.exe']],
    [s.name, ['n.exe']],
    [s.integrity, ['High', 'S-1-16-8192', 'weird']],
    [s.integrityName, ['system', 'low', 'nonsense']],
    [s.elevationType, ['full', 'limited', 'default', 'other']],
    [s.elevation, [true]],
  ]),
  [slotOf('user.id'), ['S-1-5-18', 'S-1-5-20', 'S-1-5-21-1', 7]],
  [slotOf('user.name'), ['ann']],
  [slotOf('user.domain'), ['CORP']],
];

describe('derivedSlots', () => {
  it('holds every slot deriveAll() writes, over 5,000 random fillings', () => {
    const r = rng(3);
    let writes = 0;
    for (let n = 0; n < 5000; n++) {
      const vals = new Array<unknown>(TARGETS.length).fill(undefined);
      const filled: number[] = [];
      for (const [slot, options] of INPUTS) {
        if (r() < 0.35) {
          vals[slot] = options[Math.floor(r() * options.length)];
          filled.push(slot);
        }
      }
      const before = [...vals];
      deriveAll(vals);
      const allowed = derivedSlots(filled);
      for (let i = 0; i < vals.length; i++) {
        if (vals[i] === before[i]) continue;
        writes++;
        expect(allowed.has(i), `slot ${TARGETS[i]} written from ${filled.map((f) => TARGETS[f]).join(',')}`).toBe(true);
      }
    }
    expect(writes).toBeGreaterThan(2000);
  });

  it('adds nothing to slots nothing is derived from, and follows chains (args → command line → name)', () => {
    expect([...derivedSlots([slotOf('host.name')])]).toEqual([slotOf('host.name')]);
    const chain = derivedSlots([P.args]);
    for (const s of [P.args, P.commandLine, P.argsCount, P.executable, P.name]) expect(chain.has(s)).toBe(true);
    expect(chain.has(PP.name)).toBe(false);
  });
});
