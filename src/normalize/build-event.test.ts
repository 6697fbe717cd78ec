// The event builder is written out by hand for speed; this test keeps it and the target list in step: every
// target, filled with a distinct value, must come out at its own dotted path and nowhere else.

import { describe, expect, it } from 'vitest';
import { buildEvent } from './build-event.js';
import { TARGETS } from './targets.js';

function flatten(o: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = o;
  return out;
}

describe('buildEvent', () => {
  it('puts every target slot at its dotted path', () => {
    const vals = TARGETS.map((t) => (t === 'labels' ? { k: 'labels-value' } : `v:${t}`));
    const flat = flatten(buildEvent(vals, 'ISO'));
    const expected: Record<string, unknown> = { '@timestamp': 'ISO', 'event.kind': 'event', 'event.category': ['process'], 'event.type': ['start'] };
    for (const t of TARGETS) {
      if (t === '@timestamp') continue;
      if (t === 'labels') expected['labels.k'] = 'labels-value';
      else expected[t] = `v:${t}`;
    }
    expect(flat).toEqual(expected);
  });

  it('creates no empty objects beyond the always-present host, user and process', () => {
    expect(buildEvent(new Array(TARGETS.length), 'ISO')).toEqual({
      '@timestamp': 'ISO',
      event: { kind: 'event', category: ['process'], type: ['start'] },
      host: {},
      user: {},
      process: {},
    });
  });
});
