// The edge cases that hurt Elastic users, and how bad records become skips, warnings and issues.

import { describe, expect, it } from 'vitest';
import type { ContainerFormat } from '../read/types.js';
import { normalize } from './normalize.js';
import type { NormalizedEvent } from './process-event.js';
import type { NormalizeResult } from './result.js';
import { NormalizeStats } from './stats.js';

const ORIGIN = { file: 'edge.ndjson', line: 12 };
const TS = '2024-01-02T03:04:05.678Z';

function run(value: unknown, format: ContainerFormat = 'ndjson'): NormalizeResult {
  return normalize({ value, origin: ORIGIN, format });
}

function ev(value: unknown, format: ContainerFormat = 'ndjson'): NormalizedEvent {
  const r = run(value, format);
  if (r.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(r)}`);
  return r.event;
}

function warningsOf(value: unknown): string[] {
  const r = run(value);
  if (r.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(r)}`);
  return (r.warnings ?? []).map((w) => `${w.code} ${w.message}`);
}

/** A minimal flat ECS process start plus overrides. */
function flat(extra: Record<string, unknown>): Record<string, unknown> {
  return { '@timestamp': TS, 'process.executable': 'C:\\Windows\\System32\\cmd.exe', ...extra };
}

describe('users', () => {
  it('an integer user.id becomes a string, with a counted OS_NORM_FIELD_TYPE warning', () => {
    const r = run(flat({ 'user.id': 1001, 'user.name': 'bob' }));
    expect(r.kind).toBe('event');
    if (r.kind !== 'event') return;
    expect(r.event.event.user).toEqual({ name: 'bob', id: '1001' });
    expect(r.warnings?.map((w) => [w.code, w.severity, w.origin])).toEqual([['OS_NORM_FIELD_TYPE', 'warning', ORIGIN]]);
    expect(r.warnings?.[0].message).toBe('user.id (from user.id): number converted to string');
  });

  it('DOMAIN\\user in user.name splits into user.domain and user.name; an explicit user.domain wins', () => {
    expect(ev(flat({ 'user.name': 'CORP\\alice' })).event.user).toEqual({ name: 'alice', domain: 'CORP' });
    expect(ev(flat({ 'user.name': 'NT AUTHORITY\\SYSTEM' })).event.user).toEqual({ name: 'SYSTEM', domain: 'NT AUTHORITY' });
    expect(ev(flat({ 'user.name': 'CORP\\alice', 'user.domain': 'corp.example.com' })).event.user).toEqual({
      name: 'alice',
      domain: 'corp.example.com',
    });
  });

  it('a UPN user@domain splits at the last @', () => {
    expect(ev(flat({ 'user.name': 'alice@corp.example.com' })).event.user).toEqual({ name: 'alice', domain: 'corp.example.com' });
    expect(ev(flat({ 'user.name': 'alice' })).event.user).toEqual({ name: 'alice' });
  });
});

describe('process fields', () => {
  it('process.args without command_line: the command line is joined from args, quoting args with blanks', () => {
    const e = ev({ '@timestamp': TS, process: { args: ['C:\\Program Files\\App\\app.exe', '/x', 'a b', '', 'say "hi"'] } });
    expect(e.event.process.command_line).toBe('"C:\\Program Files\\App\\app.exe" /x "a b" "" "say \\"hi\\""');
    expect(e.event.process.args_count).toBe(5);
    expect(e.event.process.executable).toBe('C:\\Program Files\\App\\app.exe');
    expect(e.event.process.name).toBe('app.exe');
  });

  it('a missing parent leaves no process.parent at all', () => {
    const e = ev(flat({}));
    expect(e.event.process).toEqual({ name: 'cmd.exe', executable: 'C:\\Windows\\System32\\cmd.exe' });
    expect('parent' in e.event.process).toBe(false);
  });

  it('paths keep their case as written (no lowercasing of values)', () => {
    const e = ev(flat({ 'process.executable': 'C:\\WINDOWS\\SysWOW64\\WindowsPowerShell\\V1.0\\PowerShell.EXE', 'process.parent.executable': 'c:\\windows\\explorer.exe' }));
    expect(e.event.process.executable).toBe('C:\\WINDOWS\\SysWOW64\\WindowsPowerShell\\V1.0\\PowerShell.EXE');
    expect(e.event.process.name).toBe('PowerShell.EXE');
    expect(e.event.process.parent).toEqual({ name: 'explorer.exe', executable: 'c:\\windows\\explorer.exe' });
  });

  it('process.name missing but executable present → its basename, for \\ and / paths', () => {
    expect(ev(flat({ 'process.executable': 'C:\\Tools\\PsExec64.exe' })).event.process.name).toBe('PsExec64.exe');
    expect(ev(flat({ 'process.executable': 'C:/Tools/nc.exe' })).event.process.name).toBe('nc.exe');
    expect(ev(flat({ 'process.executable': '\\\\fileserver\\share\\run.exe' })).event.process.name).toBe('run.exe');
    // A path that ends in a separator has no name: nothing is invented.
    expect(ev(flat({ 'process.executable': 'C:\\odd\\', 'process.command_line': 'x' })).event.process.name).toBeUndefined();
  });

  it('executable missing but command line present: taken only from a quoted or unambiguous first token', () => {
    const cmd = (c: string) => ev({ '@timestamp': TS, 'process.command_line': c }).event.process;
    expect(cmd('"C:\\Program Files\\App\\app.exe" --run')).toEqual({
      command_line: '"C:\\Program Files\\App\\app.exe" --run',
      executable: 'C:\\Program Files\\App\\app.exe',
      name: 'app.exe',
    });
    expect(cmd('C:\\Windows\\system32\\svchost.exe -k netsvcs')).toEqual({
      command_line: 'C:\\Windows\\system32\\svchost.exe -k netsvcs',
      executable: 'C:\\Windows\\system32\\svchost.exe',
      name: 'svchost.exe',
    });
    // Unquoted path with a space: "C:\Program" is not the program, so nothing is derived.
    expect(cmd('C:\\Program Files\\App\\app.exe --run')).toEqual({ command_line: 'C:\\Program Files\\App\\app.exe --run' });
    // A bare program name gives a name, never an executable path.
    expect(cmd('conhost.exe 0xffffffff -ForceV1')).toEqual({ command_line: 'conhost.exe 0xffffffff -ForceV1', name: 'conhost.exe' });
    expect(cmd('"LogTransport2.exe" 1 0')).toEqual({ command_line: '"LogTransport2.exe" 1 0', name: 'LogTransport2.exe' });
    // No extension, unterminated quote: left alone.
    expect(cmd('cmd /c whoami')).toEqual({ command_line: 'cmd /c whoami' });
    expect(cmd('"C:\\x\\y.exe')).toEqual({ command_line: '"C:\\x\\y.exe' });
  });

  it('pids as numbers, decimal strings and hex strings; an unparseable pid is dropped with a warning', () => {
    expect(ev(flat({ 'process.pid': 4242 })).event.process.pid).toBe(4242);
    expect(ev(flat({ 'process.pid': '4242' })).event.process.pid).toBe(4242);
    expect(ev(flat({ 'process.pid': '0x1A2c' })).event.process.pid).toBe(0x1a2c);
    const r = run(flat({ 'process.pid': 'abc', 'process.parent.pid': -3 }));
    expect(r.kind).toBe('event');
    if (r.kind !== 'event') return;
    expect(r.event.event.process.pid).toBeUndefined();
    expect(r.event.event.process.parent).toBeUndefined();
    expect(r.warnings?.map((w) => w.message)).toEqual([
      'process.pid (from process.pid): string "abc" is not a usable value; dropped',
      'process.parent.pid (from process.parent.pid): number -3 is not a usable value; dropped',
    ]);
  });

  it('flat dotted keys, nested objects and mixtures of both read the same', () => {
    const a = ev({ '@timestamp': TS, 'process.name': 'a.exe', 'process.parent.name': 'p.exe' });
    const b = ev({ '@timestamp': TS, process: { name: 'a.exe', parent: { name: 'p.exe' } } });
    const c = ev({ '@timestamp': TS, process: { name: 'a.exe', 'parent.name': 'p.exe' } });
    const d = ev({ '@timestamp': TS, 'process.parent': { name: 'p.exe' }, process: { name: 'a.exe' } });
    for (const x of [b, c, d]) expect(x.event).toEqual(a.event);
    expect(a.event.process).toEqual({ name: 'a.exe', parent: { name: 'p.exe' } });
  });
});

describe('timestamps', () => {
  const at = (v: unknown, extra: Record<string, unknown> = {}) => ev(flat({ '@timestamp': v, ...extra }));

  it('ISO with or without milliseconds and with offsets, epoch ms (number or digits), epoch seconds → ISO ms Z', () => {
    expect(at('2024-01-02T03:04:05Z').event['@timestamp']).toBe('2024-01-02T03:04:05.000Z');
    expect(at('2024-01-02T03:04:05.1234567Z').event['@timestamp']).toBe('2024-01-02T03:04:05.123Z');
    expect(at('2024-01-02T05:04:05.678+02:00').event['@timestamp']).toBe(TS);
    expect(at('2024-01-01T22:04:05.678-0500').event['@timestamp']).toBe(TS);
    expect(at(Date.parse(TS)).event['@timestamp']).toBe(TS);
    expect(at(String(Date.parse(TS))).event['@timestamp']).toBe(TS);
    expect(at(1704164645).event['@timestamp']).toBe('2024-01-02T03:04:05.000Z');
    const e = at(TS);
    expect(e.timeMs).toBe(Date.parse(TS));
  });

  it('Sysmon UtcTime (UTC, space, no zone) is used when @timestamp is absent', () => {
    const e = ev({
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        event_id: '1',
        event_data: { UtcTime: '2019-07-18 03:34:01.261', Image: 'C:\\Windows\\System32\\cmd.exe' },
      },
    });
    expect(e.event['@timestamp']).toBe('2019-07-18T03:34:01.261Z');
    expect(e.timeMs).toBe(Date.UTC(2019, 6, 18, 3, 34, 1, 261));
  });

  it('no usable timestamp → OS_NORM_TIMESTAMP with the origin', () => {
    for (const bad of [undefined, 'yesterday', '2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', -5, { $date: TS }, true]) {
      const r = run({ ...flat({}), '@timestamp': bad });
      expect(r.kind).toBe('issue');
      if (r.kind === 'issue') {
        expect(r.issue.code).toBe('OS_NORM_TIMESTAMP');
        expect(r.issue.origin).toEqual(ORIGIN);
      }
    }
  });
});

describe('wrong types', () => {
  it('an object where a string belongs is dropped with a warning; the record is kept and derivation fills in', () => {
    const r = run(flat({ 'process.name': { toString: 'evil' }, 'process.command_line': 42, 'process.args': [1, 'x', { a: 1 }] }));
    expect(r.kind).toBe('event');
    if (r.kind !== 'event') return;
    expect(r.event.event.process.name).toBe('cmd.exe');
    expect(r.event.event.process.command_line).toBe('42');
    expect(r.event.event.process.args).toEqual(['1', 'x']);
    expect(r.warnings?.map((w) => w.message)).toEqual([
      'process.name (from process.name): object is not a usable value; dropped',
      'process.command_line (from process.command_line): number converted to string',
      'process.args (from process.args): non-string array items dropped',
    ]);
  });

  it('a single-element array where a keyword belongs is taken silently; a longer one keeps the first with a warning', () => {
    expect(warningsOf(flat({ 'host.name': ['ws1'] }))).toEqual([]);
    expect(ev(flat({ 'host.name': ['ws1'] })).event.host.name).toBe('ws1');
    expect(warningsOf(flat({ 'host.name': ['ws1', 'ws2'] }))).toEqual([
      'OS_NORM_FIELD_TYPE host.name (from host.name): array of 2 where one value belongs; first kept',
    ]);
  });

  it('Defend code signatures as an object or an array of signatures', () => {
    const sig = { exists: true, trusted: false, subject_name: 'Evil Corp', status: 'errorExpired' };
    expect(ev(flat({ 'process.code_signature': sig })).event.process.code_signature).toEqual(sig);
    expect(ev(flat({ process: { Ext: { code_signature: [null, sig] } } })).event.process.code_signature).toEqual(sig);
  });
});

describe('rejections', () => {
  it('no name, executable or command line → OS_NORM_NO_PROCESS', () => {
    const r = run({ '@timestamp': TS, 'process.pid': 4, 'process.args': [], 'event.code': '4688' });
    expect(r).toEqual({
      kind: 'issue',
      issue: { code: 'OS_NORM_NO_PROCESS', severity: 'error', message: 'ecs event has no process name, executable or command line', origin: ORIGIN },
    });
  });

  it('a record that matches no shape → OS_NORM_UNKNOWN_SHAPE naming its keys', () => {
    const r = run({ foo: 1, bar: { baz: 2 } });
    expect(r.kind === 'issue' && r.issue.code).toBe('OS_NORM_UNKNOWN_SHAPE');
    expect(r.kind === 'issue' && r.issue.message).toBe('record matches no known event shape (keys "foo", "bar")');
    for (const v of [null, 'string', 42, [1, 2], true]) {
      const x = run(v);
      expect(x.kind === 'issue' && x.issue.code).toBe('OS_NORM_UNKNOWN_SHAPE');
    }
  });
});

describe('skips', () => {
  const skip = (v: unknown, format: ContainerFormat = 'ndjson') => {
    const r = run(v, format);
    return r.kind === 'skip' ? r.reason : r.kind;
  };
  const defend = (action: string, extra: Record<string, unknown> = {}) => ({
    '@timestamp': TS,
    event: { action, dataset: 'endpoint.events.process', category: ['process'], type: ['start'] },
    host: { os: { type: 'windows' } },
    process: { executable: 'C:\\x.exe' },
    ...extra,
  });

  it('non-Windows hosts → not-windows', () => {
    expect(skip(defend('exec', { host: { os: { type: 'linux' } } }))).toBe('not-windows');
    expect(skip(flat({ 'host.os.type': 'macos' }))).toBe('not-windows');
    expect(skip(flat({ 'host.os.platform': 'darwin' }))).toBe('not-windows');
  });

  it('Defend already_running / end → not-start; other Defend datasets → not-process', () => {
    expect(skip(defend('start'))).toBe('event');
    expect(skip(defend('already_running'))).toBe('not-start');
    expect(skip(defend('end'))).toBe('not-start');
    expect(skip({ ...defend('connection_attempted'), event: { dataset: 'endpoint.events.network', action: 'connection_attempted' } })).toBe('not-process');
  });

  it('other Sysmon and Security event ids → not-process-start (Winlogbeat, forwarded events, EVTX)', () => {
    const sysmon = (id: unknown, channel = 'Microsoft-Windows-Sysmon/Operational') => ({
      '@timestamp': TS,
      winlog: { channel, provider_name: 'Microsoft-Windows-Sysmon', event_id: id, event_data: { Image: 'C:\\x.exe' } },
    });
    expect(skip(sysmon('3'))).toBe('not-process-start');
    expect(skip(sysmon(5))).toBe('not-process-start');
    expect(skip(sysmon(1))).toBe('event');
    expect(skip(sysmon('1', 'ForwardedEvents'))).toBe('event');
    expect(skip(sysmon('3'), 'evtx')).toBe('not-process-start');
    expect(skip({ '@timestamp': TS, winlog: { channel: 'Security', event_id: '4624', event_data: {} } })).toBe('not-process-start');
    expect(skip({ '@timestamp': TS, winlog: { channel: 'Windows PowerShell', event_id: '400', event_data: {} } })).toBe('not-process');
  });

  it('ECS with another category → not-process; process end → not-start; flat Sysmon other codes → not-process-start', () => {
    expect(skip(flat({ 'event.category': ['network'] }))).toBe('not-process');
    expect(skip(flat({ 'event.category': 'process', 'event.type': ['end'] }))).toBe('not-start');
    expect(skip(flat({ 'event.provider': 'Microsoft-Windows-Sysmon', 'event.code': '3' }))).toBe('not-process-start');
    expect(skip(flat({ 'event.provider': 'Microsoft-Windows-Sysmon', 'event.code': 1 }))).toBe('event');
  });
});

describe('4688 value translations', () => {
  const sec = (data: Record<string, unknown>) =>
    ev({
      '@timestamp': TS,
      winlog: { channel: 'Security', event_id: 4688, event_data: { NewProcessName: 'C:\\Windows\\System32\\cmd.exe', SubjectUserName: 'u', ...data } },
    }).event.process;

  it('TokenElevationType codes and rendered text → elevation_type and elevation', () => {
    expect(sec({ TokenElevationType: '%%1938' }).Ext).toEqual({ token: { elevation_type: 'limited', elevation: false } });
    expect(sec({ TokenElevationType: '%%1937' }).Ext).toEqual({ token: { elevation_type: 'full', elevation: true } });
    expect(sec({ TokenElevationType: 'Type 2 is an elevated token with no privileges removed or groups disabled.' }).Ext?.token?.elevation_type).toBe('full');
    expect(sec({ TokenElevationType: 'Type 1 is a full token with no privileges removed or groups disabled.' }).Ext?.token?.elevation_type).toBe('default');
    expect(sec({ TokenElevationType: 'TokenElevationTypeLimited (3)' }).Ext?.token?.elevation_type).toBe('limited');
  });

  it('MandatoryLabel SIDs → integrity_level (Sysmon spelling) and Ext.token.integrity_level_name', () => {
    const cases: Array<[string, string, string]> = [
      ['S-1-16-4096', 'Low', 'low'],
      ['S-1-16-8192', 'Medium', 'medium'],
      ['S-1-16-12288', 'High', 'high'],
      ['S-1-16-16384', 'System', 'system'],
    ];
    for (const [sid, level, name] of cases) {
      const p = sec({ MandatoryLabel: sid });
      expect([p.integrity_level, p.Ext?.token?.integrity_level_name]).toEqual([level, name]);
    }
  });

  it('the target account is the user unless it is "-" or the NULL SID', () => {
    const u = (data: Record<string, unknown>) =>
      ev({ '@timestamp': TS, winlog: { channel: 'Security', event_id: '4688', event_data: { NewProcessName: 'C:\\a.exe', ...data } } }).event.user;
    const subject = { SubjectUserName: 'S', SubjectDomainName: 'SD', SubjectUserSid: 'S-1-5-21-1' };
    expect(u({ ...subject, TargetUserName: 'T', TargetDomainName: 'TD', TargetUserSid: 'S-1-5-21-2' })).toEqual({ name: 'T', domain: 'TD', id: 'S-1-5-21-2' });
    expect(u({ ...subject, TargetUserName: '-', TargetDomainName: '-', TargetUserSid: 'S-1-0-0' })).toEqual({ name: 'S', domain: 'SD', id: 'S-1-5-21-1' });
    expect(u({ ...subject, TargetUserName: 'T', TargetUserSid: 'S-1-0-0' })).toEqual({ name: 'S', domain: 'SD', id: 'S-1-5-21-1' });
    expect(u(subject)).toEqual({ name: 'S', domain: 'SD', id: 'S-1-5-21-1' });
  });

  it('a well-known service SID names its account: the machine account logged for SYSTEM becomes NT AUTHORITY\\SYSTEM', () => {
    const u = (data: Record<string, unknown>) =>
      ev({ '@timestamp': TS, winlog: { channel: 'Security', event_id: '4688', event_data: { NewProcessName: 'C:\\a.exe', ...data } } }).event.user;
    const machine = { SubjectUserName: 'PC01$', SubjectDomainName: 'CORP' };
    expect(u({ ...machine, SubjectUserSid: 'S-1-5-18' })).toEqual({ name: 'SYSTEM', domain: 'NT AUTHORITY', id: 'S-1-5-18' });
    expect(u({ ...machine, SubjectUserSid: 'S-1-5-19' })).toEqual({ name: 'LOCAL SERVICE', domain: 'NT AUTHORITY', id: 'S-1-5-19' });
    expect(u({ ...machine, SubjectUserSid: 'S-1-5-20' })).toEqual({ name: 'NETWORK SERVICE', domain: 'NT AUTHORITY', id: 'S-1-5-20' });
    // The target account is chosen first; its well-known SID names it, the subject's machine account does not leak.
    expect(u({ ...machine, SubjectUserSid: 'S-1-5-18', TargetUserName: 'SVC$', TargetDomainName: 'CORP', TargetUserSid: 'S-1-5-20' })).toEqual({
      name: 'NETWORK SERVICE',
      domain: 'NT AUTHORITY',
      id: 'S-1-5-20',
    });
    // Other SIDs, including ones that merely start like a well-known one, keep the logged names.
    expect(u({ ...machine, SubjectUserSid: 'S-1-5-180' })).toEqual({ name: 'PC01$', domain: 'CORP', id: 'S-1-5-180' });
    expect(u({ SubjectUserName: 'bob', SubjectDomainName: 'CORP', SubjectUserSid: 'S-1-5-21-9' })).toEqual({ name: 'bob', domain: 'CORP', id: 'S-1-5-21-9' });
  });

  it('a 4688 ParentProcessName of "-" or "" means an unknown parent: no parent name or executable', () => {
    const parent = (data: Record<string, unknown>) =>
      ev({ '@timestamp': TS, winlog: { channel: 'Security', event_id: '4688', event_data: { NewProcessName: 'C:\\a.exe', SubjectUserName: 'bob', ...data } } }).event.process
        .parent;
    expect(parent({ ParentProcessName: '-', ProcessId: '0x4' })).toEqual({ pid: 4 });
    expect(parent({ ParentProcessName: '' })).toBeUndefined();
    expect(parent({ ParentProcessName: 'C:\\Windows\\explorer.exe' })).toEqual({ name: 'explorer.exe', executable: 'C:\\Windows\\explorer.exe' });
  });

  it('Sysmon 1: @timestamp is the process creation time (UtcTime), not when the event was written', () => {
    const doc = (format: ContainerFormat, utc: unknown) =>
      ev(
        {
          '@timestamp': '2019-03-19T23:40:00.000Z',
          winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', event_id: '1', event_data: { Image: 'C:\\a.exe', UtcTime: utc } },
        },
        format,
      ).event['@timestamp'];
    expect(doc('evtx', '2019-03-19 23:35:12.745')).toBe('2019-03-19T23:35:12.745Z');
    expect(doc('ndjson', '2019-03-19 23:35:12.745')).toBe('2019-03-19T23:35:12.745Z');
    // No or unusable UtcTime: the record time stands in.
    expect(doc('evtx', undefined)).toBe('2019-03-19T23:40:00.000Z');
    expect(doc('ndjson', '')).toBe('2019-03-19T23:40:00.000Z');
  });
});

describe('hostile input', () => {
  it('hostile strings pass through unchanged and are never evaluated', () => {
    const nasty = [
      '${jndi:ldap://198.51.100.1/a}',
      '<script>alert(1)</script>',
      "'; DROP TABLE events; --",
      '\u0000\u001b[31mred\u202e',
      '{{constructor.constructor("return process")()}}',
      '$(rm -rf /)',
    ];
    for (const s of nasty) {
      const e = ev(flat({ 'process.command_line': s, 'user.name': s, 'host.name': s }));
      expect(e.event.process.command_line).toBe(s);
      expect(e.event.host.name).toBe(s);
    }
  });

  it('__proto__ and constructor keys never reach an object prototype', () => {
    const value = JSON.parse(
      '{"@timestamp":"2024-01-02T03:04:05.678Z","process.name":"a.exe","labels.__proto__":"x","labels":{"__proto__":{"polluted":1},"constructor":"c","ok":"y"},"__proto__":{"polluted":1}}',
    ) as unknown;
    const e = ev(value);
    expect(e.event.labels).toEqual({ constructor: 'c', ok: 'y' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(e.event.labels)).toBe(Object.prototype);
  });
});

describe('NormalizeStats', () => {
  it('counts events per shape, skips per reason, rejections and warnings per code; JSON is sorted and stable', () => {
    const stats = new NormalizeStats();
    const inputs: unknown[] = [
      flat({}),
      flat({ 'user.id': 5 }),
      { '@timestamp': TS, winlog: { channel: 'Security', event_id: '4688', event_data: { NewProcessName: 'C:\\a.exe' } } },
      flat({ 'host.os.type': 'linux' }),
      flat({ 'event.category': 'network' }),
      { nothing: true },
      { '@timestamp': 'never', 'process.name': 'x.exe' },
    ];
    for (const v of inputs) stats.add(run(v));
    expect(JSON.stringify(stats)).toBe(
      JSON.stringify({
        records: 7,
        events: 3,
        skipped: 2,
        rejected: 2,
        // The bad timestamp's conversion warning goes with its rejected record: only the user.id one counts.
        warnings: 1,
        byShape: { ecs: 2, 'winlogbeat-security-4688': 1 },
        bySkipReason: { 'not-process': 1, 'not-windows': 1 },
        byIssueCode: { OS_NORM_FIELD_TYPE: 1, OS_NORM_TIMESTAMP: 1, OS_NORM_UNKNOWN_SHAPE: 1 },
      }),
    );
  });
});

describe('determinism', () => {
  it('the same record gives byte-identical output, and the event block is always a process start', () => {
    const v = flat({ 'event.action': 'exec', 'process.args': ['a', 'b'] });
    const a = JSON.stringify(ev(v).event);
    const b = JSON.stringify(ev(JSON.parse(JSON.stringify(v))).event);
    expect(a).toBe(b);
    expect(ev(v).event.event).toEqual({ kind: 'event', category: ['process'], type: ['start'], action: 'exec' });
  });
});
