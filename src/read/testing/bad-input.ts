// The issue's bad-input file, generated (a 10 MB line does not belong in git): valid process events
// mixed with truncated JSON, a 10 MB line, binary garbage, a JSON number where an object belongs and one
// where a string belongs, plus an empty file. Shared by the reader tests and the CLI end-to-end tests.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IssueCode } from '../../common/codes.js';

/** A flat-ECS Sysmon process start, like the rows of ../shared/data/train. */
export function validEvent(n: number): Record<string, unknown> {
  return {
    '@timestamp': `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    'event.code': '1',
    'event.provider': 'Microsoft-Windows-Sysmon',
    'host.name': 'ws-01',
    'user.name': 'alice',
    'user.domain': 'CORP',
    'process.name': 'cmd.exe',
    'process.executable': 'C:\\Windows\\System32\\cmd.exe',
    'process.command_line': `cmd.exe /c echo ${n}`,
    'process.pid': 1000 + n,
    'process.parent.name': 'explorer.exe',
    'process.parent.executable': 'C:\\Windows\\explorer.exe',
  };
}

/** Pseudo-random bytes (deterministic) without LF, with NULs. */
export function garbage(len: number): Buffer {
  const b = Buffer.alloc(len);
  let x = 12345;
  for (let i = 0; i < len; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const v = (x >>> 16) & 0xff;
    b[i] = v === 0x0a ? 0 : v;
  }
  return b;
}

export interface BadInputFiles {
  /** NDJSON mixing good and bad lines. */
  mixed: string;
  /** A zero-byte file. */
  empty: string;
  /** Records the reader must keep: physical line and value. */
  expectedRecords: Array<[number, unknown]>;
  /** Problems the reader must report: physical line and code. */
  expectedIssues: Array<[number, IssueCode]>;
}

export function writeBadInputs(dir: string): BadInputFiles {
  const wrongType = { ...validEvent(9), 'process.name': 5 };
  const lines: Array<string | Buffer> = [
    JSON.stringify(validEvent(1)), // 1
    '{"process.name": "cmd.exe", "user.na', // 2 truncated JSON
    JSON.stringify(validEvent(3)), // 3
    `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}`, // 4 a 10 MB line (over the 8 MiB default)
    JSON.stringify(validEvent(5)), // 5
    garbage(3000), // 6 binary garbage
    JSON.stringify(validEvent(7)), // 7
    '42', // 8 a number where an object belongs
    JSON.stringify(wrongType), // 9 a number where a string belongs: a record (the normalizer's business)
    '[1,2]', // 10 an array where an object belongs
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // 11 invalid UTF-8
    '', // 12 blank: ignored
    '{"index":{"_index":"x"}}', // 13 a _bulk action…
    '   ', // 14 …then a blank line (ignored)…
    'not json at all', // 15 …then a broken source line
    JSON.stringify(validEvent(16)), // 16, the last line, without newline
  ];
  const mixed = join(dir, 'mixed.ndjson');
  writeFileSync(mixed, Buffer.concat(lines.flatMap((p, k) => [Buffer.from(p), ...(k < lines.length - 1 ? [Buffer.from('\n')] : [])])));
  const empty = join(dir, 'empty.ndjson');
  writeFileSync(empty, '');
  return {
    mixed,
    empty,
    expectedRecords: [
      [1, validEvent(1)],
      [3, validEvent(3)],
      [5, validEvent(5)],
      [7, validEvent(7)],
      [9, wrongType],
      [16, validEvent(16)],
    ],
    expectedIssues: [
      [2, 'OS_READ_JSON'],
      [4, 'OS_READ_LINE_TOO_LONG'],
      [6, 'OS_READ_BINARY'],
      [8, 'OS_READ_NOT_OBJECT'],
      [10, 'OS_READ_NOT_OBJECT'],
      [11, 'OS_READ_BINARY'],
      [15, 'OS_READ_JSON'],
    ],
  };
}
