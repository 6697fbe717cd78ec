// Command lines, process names and user names are attacker-controlled. Before they reach a terminal, every
// control character (C0, DEL, C1) and every bidirectional-override character is shown as a visible escape, so
// a crafted command line can neither inject ANSI sequences nor hide text by reordering it.

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeTerminal(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
