import { describe, expect, it } from 'vitest';
import { argsEnd, commandBound, putCommand, putCommandAscii } from './command-bytes.js';
import { splitArgs } from './event.js';
import { putIsoTime } from './iso-bytes.js';
import { Prng } from './prng.js';
import { Simulation } from './engine.js';

function segment(cmd: string): string {
  const b = Buffer.alloc(commandBound(cmd));
  return b.subarray(0, putCommand(b, 0, cmd)).toString('utf8');
}

const expected = (cmd: string): string => {
  const args = splitArgs(cmd);
  return `,"command_line":${JSON.stringify(cmd)},"args":${JSON.stringify(args)},"args_count":${args.length}`;
};

describe('simulate: command segment bytes', () => {
  it('cuts the args out of the escaped command line exactly as splitArgs + JSON.stringify', () => {
    const cases = [
      '', ' ', '   ', 'a', 'a b', '  a  b  ', 'a\tb c', '"a\tb" c\td', '""', '"" ""', 'x "" y', '"a b"c d', 'a"b c"d',
      '"C:\\Program Files\\x.exe" /c "echo \\"hi\\"" \\\\server\\share', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
      'tab\there "q\tq"\t', 'ctl \u0001 \u001f "\n" end', 'é "ü ß" 日本 😀', '"\ud83d"\ude00 x', 'lone \ud800 "q"', 'trail "', '"open end',
    ];
    for (const c of cases) expect(segment(c), JSON.stringify(c)).toBe(expected(c));
  });

  it('matches on random command lines of quotes, blanks, tabs, escapes and non-ASCII', () => {
    const r = new Prng(5, 'command-bytes');
    const alphabet = ['"', ' ', '\t', '\\', 'a', 'Z', '0', '\u0002', '\n', 'é', '日', '\ud83d', '\ude00', '-', '/'];
    for (let n = 0; n < 3000; n++) {
      let s = '';
      for (let i = r.int(0, 30); i > 0; i--) s += r.pick(alphabet);
      expect(segment(s), JSON.stringify(s)).toBe(expected(s));
    }
  });

  it('takes the one-pass ASCII road for ASCII lines (quotes, blanks, tabs, controls, DEL, backslashes) and gives the same bytes', () => {
    const r = new Prng(6, 'command-ascii');
    const alphabet = ['"', ' ', ' ', '\t', '\\', 'a', 'Z', '0', '\u0000', '\u0001', '\b', '\f', '\r', '\n', '\u001f', '\u007f', '-', '/', ':', '{', '}'];
    const lines: string[] = ['', ' ', '""', '"', '\t', '\t\t"', 'x'.repeat(70_000), `"${'a\\b '.repeat(5000)}" "" \t`];
    for (let n = 0; n < 4000; n++) {
      let s = '';
      for (let i = r.int(0, n % 10 === 0 ? 300 : 30); i > 0; i--) s += r.pick(alphabet);
      lines.push(s);
    }
    for (const c of lines) {
      const b = Buffer.alloc(commandBound(c));
      const end = putCommandAscii(b, 0, c);
      expect(end, JSON.stringify(c)).toBeGreaterThan(0);
      expect(b.subarray(0, end).toString('utf8'), JSON.stringify(c)).toBe(expected(c));
    }
  });

  it('leaves non-ASCII lines to the general road (the ASCII one declines them) with the same result', () => {
    for (const c of ['é', 'a b é', '"x" \ud800', 'x\u0080', '"a b" c\u00ff', 'plain \ud83d\ude00', '"q" 日本']) {
      const b = Buffer.alloc(commandBound(c));
      expect(putCommandAscii(b, 0, c), JSON.stringify(c)).toBe(-1);
      expect(segment(c), JSON.stringify(c)).toBe(expected(c));
    }
  });

  it('writes simulated command lines as the reference does', () => {
    const sim = new Simulation({ users: 4, days: 2, seed: 3 });
    let n = 0;
    for (const ev of sim.events()) {
      const c = ev.process?.command_line ?? '';
      expect(segment(c), c).toBe(expected(c));
      n++;
    }
    expect(n).toBeGreaterThan(2000);
  });

  it('finds where the args end (after their bracket)', () => {
    const cmd = '"x.exe" a b';
    const b = Buffer.alloc(commandBound(cmd));
    const end = putCommand(b, 0, cmd);
    expect(b.subarray(0, argsEnd(b, end)).toString()).toBe(',"command_line":"\\"x.exe\\" a b","args":["x.exe","a","b"]');
  });
});

describe('simulate: ISO time bytes', () => {
  it('writes what toISOString writes', () => {
    const r = new Prng(9, 'iso');
    const times = [0, 1, 999, 1000, 86_399_999, 86_400_000, 1_740_960_000_007, 951_782_400_000, 4_102_444_799_999, 253_402_300_799_999, -1, -86_400_001, 1.5];
    for (let i = 0; i < 2000; i++) times.push(r.int(0, 4_102_444_800_000));
    const b = Buffer.alloc(32);
    for (const t of times) expect(b.subarray(0, putIsoTime(b, 0, t)).toString(), String(t)).toBe(new Date(t).toISOString());
  });
});
