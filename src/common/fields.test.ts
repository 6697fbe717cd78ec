import { describe, expect, it } from 'vitest';
import { compileGetField, getField } from './fields.js';

const GETTER_PROCESS = { name: 'g.exe', parent: { name: 'p.exe' } };

class Getters {
  get process(): unknown {
    return GETTER_PROCESS;
  }
  get 'user.name'(): unknown {
    return 'flat-getter';
  }
}

const DOCS: unknown[] = [
  null,
  undefined,
  'process.name',
  42,
  [],
  [{ process: { name: 'a' } }],
  {},
  { process: { name: 'n.exe', parent: { name: 'p.exe', executable: null } } },
  { 'process.name': 'flat.exe', process: { name: 'nested.exe' } },
  { process: { 'parent.name': 'half-flat.exe', parent: { name: 'nested-parent.exe' } } },
  { 'process.parent.name': 'all-flat.exe' },
  { process: { parent: 'not-an-object' } },
  { process: { parent: ['x', { name: 'in-array' }] } },
  { process: null, user: { name: ['a', null, 'b'] } },
  { user: { 'name.first': 'x' }, 'user.name.first': 'y' },
  { '': { '': 'empty keys' }, '.': 'dot' },
  { __proto__: { process: { name: 'inherited.exe' } } },
  new Getters(),
  { process: new Getters() },
  { hasOwnProperty: 'shadow', toString: { x: 1 } },
];

const PATHS = ['process.name', 'process.parent.name', 'process.parent.executable', 'user.name', 'user.name.first', 'process', '', '.', '..', 'a..b', 'toString.x', 'hasOwnProperty', 'constructor.name', 'process.parent.0.name', 'user.name.length'];

describe('compileGetField', () => {
  it('reads every path of every document as getField does', () => {
    let n = 0;
    for (const path of PATHS) {
      const read = compileGetField(path);
      for (const doc of DOCS) {
        expect(read(doc), `${path} in ${JSON.stringify(doc)}`).toBe(getField(doc, path));
        n++;
      }
    }
    expect(n).toBe(PATHS.length * DOCS.length);
    // The cases above reach both answers of each level: a flat key winning, descending, and stopping.
    expect(compileGetField('process.name')(DOCS[8])).toBe('flat.exe');
    expect(compileGetField('process.parent.name')(DOCS[9])).toBe('half-flat.exe');
    expect(compileGetField('process.name')(DOCS[16])).toBe('inherited.exe');
    expect(compileGetField('user.name')(DOCS[17])).toBe('flat-getter');
  });
});
