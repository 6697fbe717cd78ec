import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawBatch, RawRecord } from '../types.js';
import { ChunkBuilder, fileHeader, v } from './build-evtx.testkit.js';
import { createEvtxReader } from './index.js';
import type { EvtxValue } from './render.js';

const T = new Date('2024-05-06T07:08:09.123Z');
// 2024-05-06T07:08:09.1234567Z in 100 ns ticks since 1601.
const TICKS = (BigInt(T.getTime()) + 11644473600000n) * 10000n + 4567n;

/** `<Event><System>…</System>` of a template, with System values in slots 0–9. */
function system(c: ChunkBuilder): void {
  c.open('System').closeStart();
  c.open('Provider', true).attr('Name').sub(0, 0x01).attr('Guid').sub(1, 0x0f, true).closeEmpty();
  c.elemSub('EventID', 2, 0x06);
  c.elemSub('Level', 3, 0x04);
  c.elemSub('Keywords', 4, 0x15);
  c.open('TimeCreated', true).attr('SystemTime').sub(5, 0x11).closeEmpty();
  c.elemSub('EventRecordID', 6, 0x0a);
  c.open('Correlation', true).attr('ActivityID').sub(10, 0x0f, true).closeEmpty();
  c.open('Execution', true).attr('ProcessID').sub(7, 0x08).attr('ThreadID').sub(8, 0x08).closeEmpty();
  c.open('Channel').closeStart().text('Test/Operational').end();
  c.elemSub('Computer', 9, 0x01);
  c.open('Security', true).attr('UserID').sub(11, 0x13, true).closeEmpty();
  c.end();
}

const sysValues = (eventId: number, recordId: number, user: boolean) => [
  v.str('Test-Provider'),
  v.guid([0x5f, 0x38, 0x70, 0x57, 0x2a, 0xc2, 0xe0, 0x43, 0xbf, 0x4c, 0x06, 0xf5, 0x69, 0x8f, 0xfb, 0xd9]),
  v.u16(eventId),
  v.u8(4),
  v.hex64(0x8000000000000000n),
  v.fileTime(TICKS),
  v.u64(BigInt(recordId)),
  v.u32(1234),
  v.u32(5678),
  v.str('HOST.example.org'),
  v.null(),
  user ? v.sid(1, 5, [21, 1, 2, 3, 1001]) : v.null(),
];

function buildFile(): string {
  const c = new ChunkBuilder();
  let tpl = 0;
  // Record 1: an inline template with every value type in EventData.
  c.record(1, T, (c) => {
    c.fragment();
    tpl = c.instance(
      () => {
        c.fragment().open('Event', true).attr('xmlns').text('http://schemas.microsoft.com/win/2004/08/events/event').closeStart();
        system(c);
        c.open('EventData').closeStart();
        const named: Array<[string, number, number]> = [
          ['I8', 12, 0x03], ['U8', 13, 0x04], ['I16', 14, 0x05], ['U16', 15, 0x06], ['I32', 16, 0x07], ['U32', 17, 0x08],
          ['I64', 18, 0x09], ['U64', 19, 0x0a], ['F32', 20, 0x0b], ['F64', 21, 0x0c], ['Bool', 22, 0x0d], ['Bin', 23, 0x0e],
          ['Guid', 24, 0x0f], ['SizeT', 25, 0x10], ['FileTime', 26, 0x11], ['SysTime', 27, 0x12], ['Sid', 28, 0x13],
          ['Hex32', 29, 0x14], ['Hex64', 30, 0x15], ['Ansi', 31, 0x02], ['U16s', 33, 0x86], ['Opt', 34, 0x01],
        ];
        for (const [name, i, type] of named) {
          c.open('Data', true).attr('Name').text(name).closeStart();
          if (name === 'Opt') c.sub(i, type, true);
          else c.sub(i, type);
          c.end();
        }
        // Mixed content: text, a character reference, an entity reference and CDATA.
        c.open('Data', true).attr('Name').text('Mixed').closeStart().text('a').charRef(0x3c).entity('amp').cdata('<b>').end();
        // Unnamed Data holding a string array: one paramN per item, as Windows repeats the element.
        c.open('Data').closeStart().sub(32, 0x81).end();
        c.end(); // EventData
        c.end(); // Event
        c.eof();
      },
      [
        ...sysValues(4688, 101, true),
        v.i8(-5), v.u8(250), v.i16(-300), v.u16(65000), v.i32(-70000), v.u32(4000000000),
        v.i64(-9007199254740993n), v.u64(18446744073709551615n), v.f32(1.5), v.f64(-2.25), v.bool(true),
        v.bin([0xde, 0xad, 0x01]),
        v.guid([0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0xcd, 0xab, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd]),
        v.sizeT(0x1f), v.fileTime(TICKS), v.sysTime([2021, 3, 0, 14, 15, 9, 26, 535]), v.sid(1, 5, [18]),
        v.hex32(0x1a2c), v.hex64(0x3e7n), v.ansi('ansi text'), v.strArray(['one', 'two', 'three']), v.u16Array([1, 2]),
        v.null(),
      ],
    );
    c.eof();
  });
  // Record 2: the same template by offset (not inline), no user SID (optional slot, null).
  c.record(2, T, (c) => {
    c.fragment();
    c.instance(tpl, [
      ...sysValues(4689, 102, false),
      v.i8(0), v.u8(0), v.i16(0), v.u16(0), v.i32(0), v.u32(0), v.i64(0n), v.u64(0n), v.f32(0), v.f64(0), v.bool(false),
      v.bin([]), v.guid(new Array(16).fill(0)), v.sizeT(0), v.fileTime(TICKS), v.sysTime([2021, 3, 0, 14, 15, 9, 26, 535]),
      v.sid(1, 5, [18]), v.hex32(0), v.hex64(0n), v.ansi(''), v.strArray([]), v.u16Array([]), v.str('present'),
    ]);
    c.eof();
  });
  // Record 3: System by template, UserData as embedded BinXML (a value of type 0x21) whose elements
  // lack the dependency identifier, plus a processing instruction.
  c.record(3, T, (c) => {
    c.fragment();
    c.instance(
      () => {
        c.fragment().open('Event').closeStart();
        system(c);
        c.sub(12, 0x21);
        c.end().eof();
      },
      [
        ...sysValues(1102, 103, true),
        v.binXml((c) => {
          c.fragment().pi('xml-stylesheet', 'href="x"');
          c.open('UserData', false, false).closeStart();
          c.open('LogFileCleared', true, false).attr('xmlns').text('urn:x').attr('Kind').text('full').closeStart();
          c.open('SubjectUserName', false, false).closeStart().text('alice').end();
          c.open('Item', false, false).closeStart().text('1').end();
          c.open('Item', false, false).closeStart().text('2').end();
          c.end().end().eof();
        }),
      ],
    );
    c.eof();
  });
  // Record 4: no template at all, plain elements, unnamed Data elements.
  c.record(4, T, (c) => {
    c.fragment().open('Event').closeStart().open('System').closeStart();
    c.open('EventID').closeStart().text('7').end();
    c.open('EventRecordID').closeStart().text('104').end();
    c.open('Computer').closeStart().text('PLAIN').end();
    c.end().open('EventData').closeStart();
    c.open('Data').closeStart().text('first').end();
    c.open('Data').closeStart().text('second').end();
    c.open('Binary').closeStart().text('00FF').end();
    c.end().end().eof();
  });
  const dir = mkdtempSync(join(tmpdir(), 'oddspawn-evtx-'));
  const path = join(dir, 'synthetic.evtx');
  writeFileSync(path, Buffer.concat([fileHeader(1), c.finish()]));
  return path;
}

async function readAll(path: string): Promise<RawBatch> {
  const out: RawBatch = { records: [], issues: [] };
  for await (const b of createEvtxReader(path).batches()) {
    out.records.push(...b.records);
    out.issues.push(...b.issues);
  }
  return out;
}

const val = (r: RawRecord): EvtxValue => r.value as EvtxValue;

describe('Binary XML decoding (synthetic EVTX)', () => {
  it('decodes System, every value type, mixed content and string arrays', async () => {
    const path = buildFile();
    const { records, issues } = await readAll(path);
    expect(issues).toEqual([]);
    expect(records.map((r) => r.origin.record)).toEqual([101, 102, 103, 104]);
    expect(records[0].origin).toEqual({ file: path, record: 101, offset: 4096 + 512 });
    expect(records[0].format).toBe('evtx');
    const first = val(records[0]);
    expect(first['@timestamp']).toBe('2024-05-06T07:08:09.123Z');
    expect(first.winlog).toEqual({
      channel: 'Test/Operational',
      provider_name: 'Test-Provider',
      provider_guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
      event_id: 4688,
      level: 4,
      keywords: '0x8000000000000000',
      record_id: 101,
      computer_name: 'HOST.example.org',
      process: { pid: 1234, thread: { id: 5678 } },
      user: { identifier: 'S-1-5-21-1-2-3-1001' },
      event_data: {
        I8: '-5', U8: '250', I16: '-300', U16: '65000', I32: '-70000', U32: '4000000000',
        I64: '-9007199254740993', U64: '18446744073709551615', F32: '1.5', F64: '-2.25', Bool: 'true',
        Bin: 'DEAD01', Guid: '{12345678-1234-ABCD-EF01-23456789ABCD}', SizeT: '0x000000000000001f',
        FileTime: '2024-05-06T07:08:09.1234567Z', SysTime: '2021-03-14T15:09:26.5350000Z', Sid: 'S-1-5-18',
        Hex32: '0x1a2c', Hex64: '0x3e7', Ansi: 'ansi text', U16s: '1, 2', Opt: '', Mixed: 'a<&<b>',
        param24: 'one', param25: 'two', param26: 'three',
      },
    });
  });

  it('reuses a template by offset and drops null optional attributes', async () => {
    const { records } = await readAll(buildFile());
    const second = val(records[1]);
    expect(second.winlog.event_id).toBe(4689);
    expect(second.winlog.user).toBeUndefined();
    expect(second.winlog.provider_guid).toBe('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}');
    expect(second.winlog.event_data).toMatchObject({ I64: '0', Bin: '', Opt: 'present', Bool: 'false', Guid: '{00000000-0000-0000-0000-000000000000}' });
  });

  it('expands embedded BinXML (UserData) without dependency identifiers and skips processing instructions', async () => {
    const { records } = await readAll(buildFile());
    const third = val(records[2]);
    expect(third.winlog.event_id).toBe(1102);
    expect(third.winlog.event_data).toBeUndefined();
    expect(third.winlog.user_data).toEqual({ LogFileCleared: { '@Kind': 'full', SubjectUserName: 'alice', Item: ['1', '2'] } });
  });

  it('reads a record without template; unnamed Data become param1, param2', async () => {
    const { records } = await readAll(buildFile());
    const fourth = val(records[3]);
    expect(fourth['@timestamp']).toBeUndefined();
    expect(fourth.winlog).toEqual({
      event_id: 7,
      record_id: 104,
      computer_name: 'PLAIN',
      event_data: { param1: 'first', param2: 'second', Binary: '00FF' },
    });
  });
});
