import { describe, expect, it } from 'vitest';
import { escapeTerminal, renderTable } from './terminal.js';

describe('escapeTerminal', () => {
  it('neutralises ANSI escapes, newlines and bidi overrides', () => {
    expect(escapeTerminal('a\x1b[31mred\nnext\u202eevil')).toBe('a\\x1b[31mred\\nnext\\u202eevil');
  });
  it('keeps ordinary text and non-ASCII letters', () => {
    expect(escapeTerminal('C:\\Users\\José\\ü.exe -x')).toBe('C:\\Users\\José\\ü.exe -x');
  });
});

describe('renderTable', () => {
  it('aligns columns and escapes every cell', () => {
    const t = renderTable(['a', 'bb'], [['x\x1b', 'y'], ['long', 'z']]);
    expect(t).toBe('a      bb\n-----  --\nx\\x1b  y\nlong   z\n');
  });
});
