// Necessary conditions for the case-insensitive regexes that every new command line would otherwise
// run: each gate is a list of lowercase words, one of which must occur in the lowercased command line
// for its regex to match. A JavaScript /i regex without the u flag matches an ASCII letter only with
// its two ASCII cases, and toLowerCase maps those to the lowercase one, so every match of the regex
// contains a gate word once lowercased: a closed gate means "no match" exactly, an open one just runs
// the regex. One WordScanner pass answers all gates.

import { WordScanner } from './word-scan.js';

export const GATE = {
  /** cmdline-shape BYPASS: /bypass|-nop\b|-noprofile\b|unrestricted/i */
  bypass: 1,
  /** cmdline-shape DOWNLOAD_VERB */
  download: 2,
  /** cmdline-shape USER_WRITABLE */
  userWritable: 4,
  /** cmdline-shape SCRIPT_EXT */
  script: 8,
  /** cmdline-shape DLL_REF */
  dll: 16,
  /** lolbin lsass_access: /lsass|sekurlsa|minidump|comsvcs(?:\.dll)?,?\s*#?24/i */
  lsass: 32,
} as const;

/** Per gate bit, its words (the cold pass in cold-pass.ts tests them as it lowercases). */
export const GATE_WORDS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [GATE.bypass, ['bypass', '-nop', 'unrestricted']],
  [GATE.download, ['download', 'invoke-', 'iwr', 'irm', 'net.webclient', 'bitstransfer', 'urlcache', 'wget', 'curl']],
  [GATE.userWritable, ['\\temp\\', '\\tmp\\', '\\appdata\\', '\\users\\public\\', '\\programdata\\', '\\downloads\\', '\\desktop\\', '\\perflogs\\', '\\recycle']],
  [GATE.script, ['.ps1', '.psm1', '.vbs', '.vbe', '.js', '.wsf', '.wsh', '.hta', '.sct', '.bat', '.cmd']],
  [GATE.dll, ['.dll', '.ocx', '.cpl']],
  [GATE.lsass, ['lsass', 'sekurlsa', 'minidump', 'comsvcs']],
];

const words: string[] = [];
const bitOf: number[] = [];
for (const [bit, ws] of GATE_WORDS)
  for (const w of ws) {
    words.push(w);
    bitOf.push(bit);
  }
const scanner = new WordScanner(words);

/** The GATE bits open for a lowercased command line. */
export function gatesOf(lower: string): number {
  scanner.scan(lower);
  let m = 0;
  for (let i = 0; i < words.length; i++) if (scanner.has(i)) m |= bitOf[i];
  return m;
}
