// ProblemChild's eight command-line keyword groups (elastic-reference.md §1.2 step 8) and the legacy
// 37-keyword blocklist (§1.3). Both run Painless `contains` on the normalised, lowercased command line,
// so quirks survive: `"sc " ∧ "\\\\"` can never fire because step b collapsed every double backslash.

import { WordScanner } from './word-scan.js';

type Rule = (cmd: string) => boolean;

/**
 * A group matches when one of its clauses does, and a clause when the command line contains all of
 * its words (Painless `contains`). Kept as data so one scan can answer every group at once.
 */
type Clauses = ReadonlyArray<readonly string[]>;

const any = (...words: string[]): string[][] => words.map((w) => [w]);

const GROUPS: ReadonlyArray<{ id: string; description: string; clauses: Clauses }> = [
  {
    id: 'credential_access',
    description: 'credential-theft keywords (mimikatz, sekurlsa, procdump, lsadump…)',
    clauses: any('sekurlsa', 'mimikatz', 'logonpasswords', 'lsadump', 'dcsync', 'procdump', 'gsecdump', 'hashdump', 'wce.exe'),
  },
  {
    id: 'download_cradle',
    description: 'download-cradle keywords (certutil, bitsadmin, downloadstring, invoke-webrequest…)',
    clauses: any(
      'certutil',
      'bitsadmin',
      'invoke-webrequest',
      'net.webclient',
      'downloadstring',
      'bitstransfer',
      'desktopimgdownldr',
      'urldownloadtofile',
    ),
  },
  {
    id: 'lateral_movement',
    description: 'lateral-movement keywords (psexec, winrs, invoke-command, wmic /node…)',
    clauses: [...any('psexec', 'winrs', 'new-pssession', 'invoke-command'), ['wmic', 'node'], ['schtasks', '/s '], ['sc ', '\\\\']],
  },
  {
    id: 'kerberoasting',
    description: 'Kerberos-attack keywords (rubeus, kerberoast, asktgt…)',
    clauses: any('rubeus', 'kerberoast', 'asktgt', 'krbtgt', 'domainspnticket', 'asreproast'),
  },
  {
    id: 'recon',
    description: 'discovery keywords (whoami, nltest, net user/group)',
    clauses: [...any('whoami', 'nltest'), ['net ', ' user'], ['net ', ' group'], ['net ', ' localgroup']],
  },
  {
    id: 'defense_evasion',
    description: 'defense-evasion keywords (-exec bypass, -encodedcommand, iex, set-mppreference…)',
    clauses: any(
      '-exec bypass',
      '-encodedcommand',
      'iex ',
      'iex(',
      'invoke-expression',
      'set-mppreference',
      'disablerealtimemonitoring',
      '-enc ',
    ),
  },
  {
    id: 'persistence',
    description: 'persistence keywords (schtasks /create, reg add HKLM/HKCU, runonce…)',
    clauses: [['schtasks', '/create'], ['reg add', 'hklm'], ['reg add', 'hkcu'], ...any('runonce', 'new-scheduledtask', 'register-scheduledtask')],
  },
  {
    id: 'exfiltration',
    description: 'exfiltration/encoding keywords (compress-archive, writeallbytes, certutil -encode…)',
    clauses: [...any('writeallbytes', 'compress-archive', 'base64string'), ['certutil', '-encode']],
  },
];

/** The groups with their definition as a plain test: the reference the one-scan mask must equal. */
export const KEYWORD_GROUPS: ReadonlyArray<{ id: string; description: string; test: Rule }> = GROUPS.map((g) => ({
  id: g.id,
  description: g.description,
  test: (c: string) => g.clauses.some((clause) => clause.every((w) => c.includes(w))),
}));

const WORDS = [...new Set(GROUPS.flatMap((g) => g.clauses.flat()))];
/** Every word of the groups' clauses (jit-primer.ts writes them into its lines). */
export const KEYWORD_WORDS: readonly string[] = WORDS;
const scanner = new WordScanner(WORDS);
/** Per group, its clauses as word indices. */
const GROUP_CLAUSES: number[][][] = GROUPS.map((g) => g.clauses.map((clause) => clause.map((w) => WORDS.indexOf(w))));

/** Bit i set when KEYWORD_GROUPS[i] matches (parityFields computes it once per raw command line). */
export function keywordMaskOf(cmd: string): number {
  scanner.scan(cmd);
  return maskOfScan();
}

/** keywordMaskOf over the code units codes[0 … len). */
export function keywordMaskOfCodes(codes: Uint16Array, len: number): number {
  scanner.scanCodes(codes, len);
  return maskOfScan();
}

/**
 * The keyword groups' scanner, for a loop over normalised codes that drives the scan itself (the hash
 * family's token and trigram loop reads the same codes): begin(), matchAt() at every pair firstPair()
 * accepts, then keywordMaskOfScan().
 */
export const keywordScanner: WordScanner = scanner;

/** The mask of the scan keywordScanner last ran (keywordMaskOfCodes' answer for those codes). */
export function keywordMaskOfScan(): number {
  return maskOfScan();
}

// Every clause is tested and its result OR-ed in, with no branch taken only on a match: keywords are
// rare on real lines, and the first match would otherwise deoptimise the hash family's extraction,
// which inlines this (see jit-primer.ts). A group's bit is the same: set iff one clause matches.
function maskOfScan(): number {
  let m = 0;
  for (let i = 0; i < GROUP_CLAUSES.length; i++) {
    const clauses = GROUP_CLAUSES[i];
    let hit = 0;
    for (let c = 0; c < clauses.length; c++) {
      const clause = clauses[c];
      let k = 0;
      while (k < clause.length && scanner.has(clause[k])) k++;
      hit |= k === clause.length ? 1 : 0;
    }
    m |= hit << i;
  }
  return m;
}

export const LEGACY_BLOCKLIST_KEYWORDS: readonly string[] = [
  'dump', '-embedding', 'privilege', 'administrator', 'password', 'key', 'shadowcopy', 'delete', 'masquerade',
  'evil', 'bad', 'anonymous', 'allprofiles', '.hta', 'createobject', 'target', 'suspicious', 'obfuscated',
  'bypass', 'bootstatuspolicy', 'recoveryenabled', 'systemstatebackup', 'comspec', 'base64string',
  '.text.encoding', '.compression.', 'memorystream', 'writeallbytes', 'webclient', 'downloadfile',
  'downloadstring', 'bitstransfer', 'invoke-exp', 'invoke-web', 'reflection.assembly', 'assembly.gettype',
  'sockets',
];

/** The first legacy blocklist keyword the normalised command line contains, or undefined. */
export function legacyBlocklistMatch(normalizedCmd: string): string | undefined {
  for (const k of LEGACY_BLOCKLIST_KEYWORDS) if (normalizedCmd.includes(k)) return k;
  return undefined;
}

/**
 * Positional character bigrams as the ingest pipeline builds them (§1.2 step 9): the text is cut to
 * 100 characters, position i holds text[i..i+2), and the last position holds '' (a 1-char text gives ['']).
 */
export function positionalBigrams(text: string): string[] {
  const t = text.length >= 100 ? text.substring(0, 100) : text;
  const out = new Array<string>(t.length);
  for (let i = 0; i < t.length; i++) out[i] = i + 2 > t.length ? '' : t.substring(i, i + 2);
  return out;
}
