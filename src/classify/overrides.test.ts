import { describe, expect, it } from 'vitest';
import { CERTUTIL, LOOKALIKE } from '../features/golden-events.test-fixtures.js';
import { OddspawnError } from '../common/issues.js';
import { applyOverrides, parseOverrides } from './overrides.js';

const TOML = `
[[entries]]
id = "block-urlcache"
action = "block"
field = "process.command_line"
operator = "contains"
value = "-URLCACHE"
reason = "certutil download"

[[entries]]
id = "allow-build-host"
action = "allow"
field = "host.name"
operator = "wildcard"
value = "build-*"

[[entries]]
id = "block-downloads"
action = "block"
field = "process.executable"
operator = "regex"
value = '\\\\Downloads\\\\[^\\\\]+\\.exe$'
`;

describe('block / allow lists', () => {
  const list = parseOverrides(TOML, 'ov.toml');

  it('contains is case-insensitive by default and reports the entry', () => {
    expect(applyOverrides(list, CERTUTIL)).toMatchObject({ id: 'block-urlcache', action: 'block', reason: 'certutil download' });
  });

  it('regex and equals/wildcard operators', () => {
    expect(applyOverrides(list, LOOKALIKE)?.id).toBe('block-downloads');
    const eq = parseOverrides('[{"id":"e","action":"block","field":"process.name","operator":"equals","value":"CERTUTIL.EXE"}]', 'e.json');
    expect(applyOverrides(eq, CERTUTIL)?.id).toBe('e');
    expect(applyOverrides(eq, LOOKALIKE)).toBeUndefined();
  });

  it('allow vetoes block wherever it appears in the file', () => {
    const ev = { ...CERTUTIL, host: { name: 'BUILD-07' } };
    expect(applyOverrides(list, ev)).toMatchObject({ id: 'allow-build-host', action: 'allow' });
  });

  it('case_sensitive entries and non-matching events', () => {
    const cs = parseOverrides('{"entries":[{"id":"c","action":"block","field":"process.command_line","operator":"contains","value":"-URLCACHE","case_sensitive":true}]}', 'c.json');
    expect(applyOverrides(cs, CERTUTIL)).toBeUndefined();
  });

  it('errors name the file and the line of the bad entry', () => {
    const bad = `[[entries]]\nid = "ok"\naction = "block"\nfield = "process.name"\noperator = "equals"\nvalue = "x"\n\n[[entries]]\nid = "broken"\naction = "quarantine"\nfield = "process.name"\noperator = "equals"\nvalue = "y"\n`;
    expect(() => parseOverrides(bad, 'bad.toml')).toThrow(/bad\.toml:9: entries\.1\.action/);
    try {
      parseOverrides(bad, 'bad.toml');
    } catch (e) {
      expect(e).toBeInstanceOf(OddspawnError);
      expect((e as OddspawnError).origin).toEqual({ file: 'bad.toml', line: 9 });
    }
    expect(() => parseOverrides('[[entries]]\nid = "r"\naction = "block"\nfield = "a"\noperator = "regex"\nvalue = "("\n', 'r.toml')).toThrow(/r\.toml:2: entry "r": invalid regex/);
    expect(() => parseOverrides('[[entries]\n', 'x.toml')).toThrow(/x\.toml.*cannot parse TOML/);
    // A bad overrides file is a usage error: the CLI exits 2, as for any bad option.
    for (const [text, name] of [['[[entries]\n', 'x.toml'], ['[[entries]]\nid = "r"\naction = "block"\nfield = "a"\noperator = "regex"\nvalue = "("\n', 'r.toml'], ['{"entries":[{"id":"a"}]}', 'e.json']]) {
      let err: unknown;
      try {
        parseOverrides(text, name);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OddspawnError);
      expect((err as OddspawnError).exitCode).toBe(2);
    }
    expect(() => parseOverrides('{"entries":[{"id":"a","action":"block","field":"f","operator":"equals","value":"v"},{"id":"a","action":"allow","field":"f","operator":"equals","value":"v"}]}', 'd.json')).toThrow(/duplicate entry id "a"/);
  });
});
