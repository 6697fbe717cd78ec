// Property-style: junk of every JSON type (and a few non-JSON values) in every field the tables read, in flat and
// nested form and under every shape's discriminators — normalize never throws and always returns a well-formed
// result. Deterministic: a seeded generator, so a failure reproduces.

import { describe, expect, it } from 'vitest';
import type { ContainerFormat } from '../read/types.js';
import { DETECT_RULES, SHAPE_MAPPINGS } from './detect-table.js';
import type { Condition, MappingRule } from './mapping-types.js';
import { normalize } from './normalize.js';
import { SKIP_REASONS } from './result.js';
import { mulberry32 } from '../common/seeded-rng.js';

const rng = mulberry32;

function conditionPaths(c: Condition): string[] {
  if ('any' in c) return c.any.flatMap(conditionPaths);
  return 'path' in c ? [c.path] : [];
}
function rulePaths(r: MappingRule): string[] {
  return 'choose' in r ? r.options.flat() : [...r.from];
}
const PATHS = [
  ...new Set([
    ...DETECT_RULES.flatMap((r) => r.when.flatMap(conditionPaths)),
    ...SHAPE_MAPPINGS.flatMap((m) => m.rules.flatMap(rulePaths)).map((p) => (p.endsWith('.*') ? p.slice(0, -2) + '.x' : p)),
  ]),
];
/** Values that make each shape's detection rule match, so the junk reaches every table. */
const DISCRIMINATORS: Array<Record<string, unknown>> = [
  {},
  { 'winlog.channel': 'Microsoft-Windows-Sysmon/Operational', 'winlog.event_id': '1' },
  { 'winlog.channel': 'Security', 'winlog.event_id': 4688 },
  { 'event.dataset': 'endpoint.events.process', 'event.action': 'start' },
  { 'event.module': 'endgame', 'endgame.event_type_full': 'process_event', 'endgame.event_subtype_full': 'creation_event' },
  { 'event.category': ['process'], 'event.type': ['start'] },
];

describe('normalize never throws', () => {
  it('on 2,000 records of seeded junk in every field, flat and nested, under every shape', () => {
    const r = rng(20240611);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
    const junkString = (): string => {
      const parts = ['', '-', 'S-1-0-0', '0x', '0xZZ', '%%19', '\\', '@', '"', 'C:\\', '__proto__', 'SHA1=', ',=,', '\u0000', '\ud800', '9'.repeat(30)];
      let s = '';
      const n = Math.floor(r() * 4);
      for (let i = 0; i < n; i++) s += r() < 0.5 ? pick(parts) : String.fromCharCode(Math.floor(r() * 0xffff));
      return s;
    };
    const junk = (depth: number): unknown => {
      switch (Math.floor(r() * 13)) {
        case 0: return null;
        case 1: return undefined;
        case 2: return r() < 0.5;
        case 3: return pick([0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 60, Number.MAX_SAFE_INTEGER, -0, 1e16, 1e300]);
        case 4: return junkString();
        case 5: return pick(['2024-01-02T03:04:05Z', '2019-07-18 03:34:01.261', '2024-02-31T00:00:00Z', '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z']);
        case 6: return depth > 2 ? [] : [junk(depth + 1), junk(depth + 1)];
        case 7: return depth > 2 ? {} : { a: junk(depth + 1), md5: junk(depth + 1), exists: junk(depth + 1), __proto__: junk(depth + 1) };
        case 8: return 'C:\\Windows\\System32\\cmd.exe';
        case 9: return '"C:\\Program Files\\x.exe" -a';
        case 10: return 123n;
        case 11: return Symbol('s');
        default: return [junkString()];
      }
    };
    const formats: ContainerFormat[] = ['ndjson', 'evtx', 'json', 'es-hits', 'bulk'];
    const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    const failures: string[] = [];
    let events = 0;
    let skips = 0;
    let issues = 0;
    for (let i = 0; i < 2000; i++) {
      const doc: Record<string, unknown> = { ...pick(DISCRIMINATORS) };
      for (const p of PATHS) {
        if (r() < 0.35) continue;
        if (r() < 0.5) doc[p] = junk(0);
        else {
          // the same path written nested
          const segs = p.split('.');
          let cur = doc;
          for (const s of segs.slice(0, -1)) {
            const next = cur[s];
            cur = (cur[s] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
          }
          cur[segs[segs.length - 1]] = junk(0);
        }
      }
      const res = normalize({ value: doc, origin: { file: 'junk', record: i }, format: pick(formats) });
      // Plain checks in the loop (expect() per field would dominate the run time); failures listed at the end.
      const fail = (why: string) => failures.push(`record ${i}: ${why}`);
      if (res.kind === 'event') {
        events++;
        const e = res.event.event;
        if (e.event.kind !== 'event' || e.event.category[0] !== 'process' || e.event.type[0] !== 'start') fail('event block');
        if (!ISO.test(e['@timestamp']) || Date.parse(e['@timestamp']) !== res.event.timeMs) fail(`timestamp ${e['@timestamp']}`);
        if (typeof (e.process.name ?? e.process.executable ?? e.process.command_line) !== 'string') fail('no process');
        if ((res.warnings ?? []).some((w) => w.code !== 'OS_NORM_FIELD_TYPE')) fail('warning code');
        JSON.stringify(e);
      } else if (res.kind === 'skip') {
        skips++;
        if (!SKIP_REASONS.includes(res.reason)) fail(`skip ${res.reason}`);
      } else {
        issues++;
        if (!['OS_NORM_NO_PROCESS', 'OS_NORM_TIMESTAMP', 'OS_NORM_UNKNOWN_SHAPE'].includes(res.issue.code)) fail(res.issue.code);
        if (res.issue.origin?.record !== i) fail('origin');
      }
    }
    expect(failures).toEqual([]);
    // The junk must exercise every outcome, or the test proves little.
    expect(events).toBeGreaterThan(20);
    expect(skips).toBeGreaterThan(20);
    expect(issues).toBeGreaterThan(20);
  });
});
