import { describe, expect, it } from 'vitest';
import type { ProcessEvent } from '../normalize/process-event.js';
import { CARET_CMD, CERTUTIL, EMPTY, LOOKALIKE, RENAMED_RUNDLL, RUNDLL_HEX } from './golden-events.test-fixtures.js';
import { buildFeatureSet, FULL_SPEC, PARITY_SPEC } from './index.js';
import { lookalikeOf } from './masquerade.js';

const full = buildFeatureSet(FULL_SPEC);
const parity = buildFeatureSet(PARITY_SPEC);

function values(fs: typeof full, ev: ProcessEvent): Record<string, number> {
  const row = new Float32Array(fs.names.length);
  fs.featurize(ev, row);
  return Object.fromEntries(fs.names.map((n, i) => [n, row[i]]));
}

describe('feature families (golden)', () => {
  it('names are unique and stable in count', () => {
    expect(new Set(full.names).size).toBe(full.names.length);
    expect(new Set(parity.names).size).toBe(parity.names.length);
    expect(parity.names.length).toBe(18 + 5 * 64);
  });

  it('certutil with -urlcache and a URL', () => {
    const v = values(full, CERTUTIL);
    expect(v['lolbin.certutil_download']).toBe(1);
    expect(v['lolbin.cap_download']).toBe(1);
    expect(v['cmd.urls']).toBe(1);
    expect(v['cmd.ip']).toBe(1);
    expect(v['cmd.user_writable_ref']).toBe(1);
    expect(v['lineage.shell_spawns_lolbin']).toBe(1);
    expect(v['masq.tool_outside_canonical']).toBe(0);
    expect(v['masq.original_name_mismatch']).toBe(0);
    expect(v['parity.filename_mismatch']).toBeUndefined(); // sensor-dependent: parity baseline only
    expect(v['parity.cmd_download_cradle']).toBe(1);
    expect(values(parity, CERTUTIL)['parity.filename_mismatch']).toBe(1);
    expect(v['user.service_account']).toBe(0);
    expect(v['user.integrity']).toBe(2);
    const i = full.names.indexOf('lolbin.certutil_download');
    const row = new Float32Array(full.names.length);
    const view = full.featurize(CERTUTIL, row);
    expect(full.describe(i, 1, view)).toBe('certutil.exe with -urlcache / a URL (download) and a URL');
  });

  it('caret-obfuscated shell from Word as SYSTEM', () => {
    const v = values(full, CARET_CMD);
    expect(v['parity.cmd_obfuscation']).toBe(1);
    expect(v['cmd.carets']).toBe(9);
    expect(v['lineage.office_spawns_risky']).toBe(1);
    expect(v['user.service_account']).toBe(1);
    expect(v['lolbin.cmd_chain']).toBe(0);
  });

  it('rundll32 in SysWOW64 is canonical; hex quirk reaches the token hash', () => {
    const v = values(full, RUNDLL_HEX);
    expect(v['masq.tool_outside_canonical']).toBe(0);
    expect(v['lolbin.cap_proxy_exec']).toBe(1);
    expect(v['lineage.parent_class']).toBe(9); // explorer
  });

  it('lookalike and renamed tools', () => {
    expect(lookalikeOf('svch0st.exe')).toBe('svchost');
    expect(lookalikeOf('scvhost.exe')).toBe('svchost');
    expect(lookalikeOf('lsasss.exe')).toBe('lsass');
    expect(lookalikeOf('svchost.exe')).toBeUndefined();
    expect(lookalikeOf('notepad.exe')).toBeUndefined();
    const v = values(full, LOOKALIKE);
    expect(v['masq.lookalike_name']).toBe(1);
    expect(v['masq.exe_in_user_writable']).toBe(1);
    const r = values(full, RENAMED_RUNDLL);
    expect(r['masq.renamed_windows_tool']).toBe(1);
    expect(r['masq.original_name_mismatch']).toBe(1);
    expect(r['masq.tool_outside_canonical']).toBe(1);
    expect(r['lolbin.cap_proxy_exec']).toBe(1);
    expect(r['lineage.wmi_spawns_risky']).toBe(0); // notepad is not a risky child by name
  });

  it('missing data is NaN or an explicit flag', () => {
    const v = values(full, EMPTY);
    expect(v['cmd.missing']).toBe(1);
    expect(v['cmd.length']).toBeNaN();
    expect(v['lineage.parent_missing']).toBe(1);
    expect(v['user.service_account']).toBeNaN();
  });
});

// A tiny seeded generator: property tests must be reproducible.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const ALPHABET = 'aZ09 \\/"\'^`%&|<>:.-_=,;{}()[]$#@!~\u0000\u00e9\u4e2d\ud83d\ude00\ud800\n\t';
function randomString(r: () => number): string {
  const n = Math.floor(r() * 300);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

describe('feature properties', () => {
  it('any strings, any missing fields → every value finite or NaN (missing), no throw', () => {
    const r = rng(42);
    const row = new Float32Array(full.names.length + parity.names.length);
    const maybe = (): string | undefined => (r() < 0.3 ? undefined : randomString(r));
    for (let k = 0; k < 300; k++) {
      const ev = {
        '@timestamp': '2026-01-01T00:00:00Z',
        event: { kind: 'event', category: ['process'], type: ['start'] },
        host: {},
        user: { name: maybe(), id: maybe(), domain: maybe() },
        process: {
          name: maybe(),
          executable: maybe(),
          command_line: maybe(),
          args: r() < 0.2 ? [randomString(r), randomString(r)] : undefined,
          integrity_level: maybe(),
          pe: r() < 0.5 ? { original_file_name: maybe() } : undefined,
          Ext: r() < 0.3 ? { token: { elevation_type: maybe(), integrity_level_name: maybe() } } : undefined,
          parent: r() < 0.2 ? undefined : { name: maybe(), executable: maybe(), command_line: maybe() },
        },
      } as ProcessEvent;
      const view = full.featurize(ev, row, 0);
      parity.featurize(ev, row, full.names.length);
      let bad = 0;
      for (let i = 0; i < row.length; i++) if (!(Number.isFinite(row[i]) || Number.isNaN(row[i]))) bad++;
      expect(bad).toBe(0);
      // Explanations must also cope: describe the scalar features and a few hashed ones.
      for (let i = 0; i < full.names.length; i += i < 120 ? 1 : 37) expect(typeof full.describe(i, row[i], view)).toBe('string');
    }
  });

  it('a bare object with nothing in it does not throw', () => {
    const row = new Float32Array(full.names.length);
    expect(() => full.featurize({} as ProcessEvent, row)).not.toThrow();
  });

  it('featurize is deterministic and leaves no state behind', () => {
    const a = new Float32Array(full.names.length);
    const b = new Float32Array(full.names.length);
    full.featurize(CERTUTIL, a);
    full.featurize(CARET_CMD, b);
    full.featurize(CERTUTIL, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
