import { describe, expect, it } from 'vitest';
import {
  basename,
  integrityName,
  joinArgs,
  parseElevationType,
  parseHashList,
  parsePid,
  programFromCommandLine,
  splitAccount,
  sysmonIntegrity,
} from './windows-values.js';

describe('Windows value parsing', () => {
  it('basename of Windows, UNC and POSIX paths', () => {
    expect(basename('C:\\Windows\\System32\\cmd.exe')).toBe('cmd.exe');
    expect(basename('\\\\srv\\share\\a.exe')).toBe('a.exe');
    expect(basename('/usr/bin/env')).toBe('env');
    expect(basename('a.exe')).toBe('a.exe');
    expect(basename('C:\\dir\\')).toBeUndefined();
  });

  it('accounts: DOMAIN\\name and UPN', () => {
    expect(splitAccount('NT AUTHORITY\\SYSTEM')).toEqual(['NT AUTHORITY', 'SYSTEM']);
    expect(splitAccount('bob@corp.example')).toEqual(['corp.example', 'bob']);
    expect(splitAccount('first.last@sub@corp')).toEqual(['corp', 'first.last@sub']);
    expect(splitAccount('bob')).toBeUndefined();
    expect(splitAccount('\\bob')).toBeUndefined();
    expect(splitAccount('CORP\\')).toBeUndefined();
  });

  it('Sysmon hash lists and bare digests', () => {
    expect(parseHashList('SHA1=AB,MD5=CD,SHA256=EF,IMPHASH=01')).toEqual({ sha1: 'AB', md5: 'CD', sha256: 'EF', imphash: '01' });
    expect(parseHashList('md5=cd, SHA384=zz,=x,junk')).toEqual({ md5: 'cd' });
    expect(parseHashList('d41d8cd98f00b204e9800998ecf8427e')).toEqual({ md5: 'd41d8cd98f00b204e9800998ecf8427e' });
    expect(parseHashList('not-a-hash')).toBeUndefined();
  });

  it('pids: decimal and 0x hex, nothing else', () => {
    expect(parsePid('4')).toBe(4);
    expect(parsePid('0x1a2c')).toBe(6700);
    expect(parsePid('0X1A2C')).toBe(6700);
    for (const bad of ['', '-1', '1.5', '0x', '0xG', '12a', ' 12', '9'.repeat(19)]) expect(parsePid(bad), bad).toBeNaN();
  });

  it('token elevation types, integrity names and spellings', () => {
    expect(['%%1936', '%%1937', '%%1938'].map(parseElevationType)).toEqual(['default', 'full', 'limited']);
    expect(parseElevationType('Full')).toBe('full');
    expect(parseElevationType('?')).toBeUndefined();
    expect(['S-1-16-0', 'S-1-16-4096', 'S-1-16-8192', 'S-1-16-8448', 'S-1-16-12288', 'S-1-16-16384', 'S-1-16-20480'].map(integrityName)).toEqual([
      'untrusted', 'low', 'medium', 'medium', 'high', 'system', 'protected',
    ]);
    expect(['Medium', 'AppContainer', 'Mandatory Label\\High Mandatory Level', 'weird'].map(integrityName)).toEqual(['medium', 'low', 'high', undefined]);
    expect(sysmonIntegrity('system')).toBe('System');
  });

  it('program from command line and args joined back', () => {
    expect(programFromCommandLine('  "C:\\a b\\c.exe" x')).toEqual({ executable: 'C:\\a b\\c.exe', name: 'c.exe' });
    expect(programFromCommandLine('\\SystemRoot\\System32\\smss.exe')).toEqual({ executable: '\\SystemRoot\\System32\\smss.exe', name: 'smss.exe' });
    expect(programFromCommandLine('C:\\Windows\\notepad.EXE a.txt')).toEqual({ executable: 'C:\\Windows\\notepad.EXE', name: 'notepad.EXE' });
    expect(programFromCommandLine('""')).toBeUndefined();
    expect(programFromCommandLine('')).toBeUndefined();
    expect(joinArgs(['a', 'b c', '', 'd"e'])).toBe('a "b c" "" "d\\"e"');
  });

  it('splitAccount (one scan) equals the two-search reference on hostile account strings', () => {
    // The implementation before the single-scan loop, kept here as the reference.
    const reference = (x: string): [string, string] | undefined => {
      const bs = x.indexOf('\\');
      if (bs > 0 && bs < x.length - 1) return [x.slice(0, bs), x.slice(bs + 1)];
      const at = x.lastIndexOf('@');
      if (at > 0 && at < x.length - 1 && bs < 0) return [x.slice(at + 1), x.slice(0, at)];
      return undefined;
    };
    const parts = ['', 'a', 'CORP', '\\', '@', 'Jürgen', '日本', '\ud800', '\udc00', 'x'.repeat(300), ' ', '$'];
    const cases: string[] = [];
    for (const a of parts) for (const b of parts) for (const c of parts) cases.push(a + b + c);
    cases.push('a@b\\c', 'a\\b@c', '@\\', '\\@', 'a@@b', 'a\\\\b', 'NT AUTHORITY\\SYSTEM', 'bob@corp@example');
    expect(cases.length).toBeGreaterThan(1700);
    for (const x of cases) expect(splitAccount(x)).toEqual(reference(x));
  });
});
