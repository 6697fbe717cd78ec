// Compiled document reads agree with getField (nested ECS first, flat dotted keys as the fallback).

import { describe, expect, it } from 'vitest';
import { getField } from '../common/fields.js';
import { compileDocPath, projectFields } from './fields.js';

const DOCS: unknown[] = [
  { process: { parent: { name: 'a.exe' } } },
  { 'process.parent.name': 'flat.exe' },
  { process: { 'parent.name': 'half.exe' } },
  { process: { parent: { 'name': null } }, 'process.parent': { name: 'x' } },
  { process: { parent: 'not-an-object' } },
  { process: ['array'] },
  { process: { parent: { name: ['one', 'two'] } } },
  {},
];

describe('compileDocPath', () => {
  for (const path of ['process.parent.name', 'process', 'user.id', 'process.parent']) {
    it(`reads ${path} as the nested walk then getField would`, () => {
      const read = compileDocPath(path);
      for (const doc of DOCS) {
        const nested = path.split('.').reduce<unknown>((d, k) => (d !== null && typeof d === 'object' ? (d as Record<string, unknown>)[k] : undefined), doc);
        expect(read(doc)).toEqual(nested !== undefined ? nested : getField(doc, path));
      }
    });
  }

  it('projects only the values present', () => {
    expect(projectFields({ user: { name: 'alice' }, 'event.id': 'e1' }, ['event.id', 'host.name', 'user.name'])).toEqual({ 'event.id': 'e1', 'user.name': 'alice' });
  });
});
