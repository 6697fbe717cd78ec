// A line that takes every branch of the new-command-line loops (cold-pass.ts, the normalisation steps
// of cmdline-codes.ts, the hash family's token and trigram loop), run through them once: when their
// module loads (the hash family's loop: when a family is built). TurboFan compiles a branch that has
// never run as a deoptimisation exit, so the first command line with, say, a backtick, a percent sign or
// a non-ASCII character would throw away the loop's optimised code (the cold pass takes ≈ 40 ms of
// compiler time each time) and run it unoptimised until it is optimised again; with every branch seen
// before, the first optimisation is the last. The loops are pure functions of their input and leave no
// state behind (their scratch counts are cleared as they finish), so the primer changes no later result.

import { GATE_WORDS } from './cmd-gates.js';
import { KEYWORD_WORDS } from './parity-keywords.js';

function primerLines(): string[] {
  let ascii = '';
  for (let c = 1; c < 128; c++) ascii += String.fromCharCode(c);
  const words = [...new Set([...GATE_WORDS.flatMap(([, w]) => w), ...KEYWORD_WORDS])].join(' ');
  // Neighbour tests, run steps and the Unicode paths: dash or slash flags after a space, dotted digits,
  // backslash runs, user and system folders, GUID chains, hex, 0x and long digit runs, carets and
  // quotes, a URL scheme in a token, non-ASCII letters (İ lowercases to two code units, the Kelvin
  // sign to an ASCII k), an astral character, a lone surrogate and Unicode spaces.
  const shapes =
    ' -e /e -w /W -n -N 10.0.0.1 \\\\srv\\\\share c:\\users\\bob\\x C:\\Windows\\System32\\x windows/syswow64/y ' +
    '{01234567-89ab-cdef-0123-456789abcdef} 0x1f 0xdeadbeef deadbeefcafe 1234567 ^^c^m^d "q" \'s\' `t` %p% $v & ; | > < ' +
    'https://host/a/b.ps1 é İ \u212a 😀 \ud800 \u00a0\u2003\ufeff';
  return [`${ascii} ${words}${shapes}`];
}

/**
 * The primer's line (about 1,200 characters: long enough that V8 allocates a loop's type feedback early
 * in its one run, with the branches still ahead; short enough not to trigger an optimisation).
 */
export const PRIMER_LINES: readonly string[] = primerLines();
