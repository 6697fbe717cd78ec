// ProblemChild's eight command-line keyword groups (elastic-reference.md §1.2 step 8) and the legacy
// 37-keyword blocklist (§1.3). Both run Painless `contains` on the normalised, lowercased command line,
// so quirks survive: `"sc " ∧ "\\\\"` can never fire because step b collapsed every double backslash.

type Rule = (cmd: string) => boolean;

const any =
  (...words: string[]): Rule =>
  (c) => {
    for (const w of words) if (c.includes(w)) return true;
    return false;
  };
const all =
  (...rules: Array<string | Rule>): Rule =>
  (c) =>
    rules.every((r) => (typeof r === 'string' ? c.includes(r) : r(c)));
const or =
  (...rules: Rule[]): Rule =>
  (c) =>
    rules.some((r) => r(c));

export const KEYWORD_GROUPS: ReadonlyArray<{ id: string; description: string; test: Rule }> = [
  {
    id: 'credential_access',
    description: 'credential-theft keywords (mimikatz, sekurlsa, procdump, lsadump…)',
    test: any('sekurlsa', 'mimikatz', 'logonpasswords', 'lsadump', 'dcsync', 'procdump', 'gsecdump', 'hashdump', 'wce.exe'),
  },
  {
    id: 'download_cradle',
    description: 'download-cradle keywords (certutil, bitsadmin, downloadstring, invoke-webrequest…)',
    test: any(
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
    test: or(
      any('psexec', 'winrs', 'new-pssession', 'invoke-command'),
      all('wmic', 'node'),
      all('schtasks', '/s '),
      all('sc ', '\\\\'),
    ),
  },
  {
    id: 'kerberoasting',
    description: 'Kerberos-attack keywords (rubeus, kerberoast, asktgt…)',
    test: any('rubeus', 'kerberoast', 'asktgt', 'krbtgt', 'domainspnticket', 'asreproast'),
  },
  {
    id: 'recon',
    description: 'discovery keywords (whoami, nltest, net user/group)',
    test: or(any('whoami', 'nltest'), all('net ', any(' user', ' group', ' localgroup'))),
  },
  {
    id: 'defense_evasion',
    description: 'defense-evasion keywords (-exec bypass, -encodedcommand, iex, set-mppreference…)',
    test: any(
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
    test: or(
      all('schtasks', '/create'),
      all('reg add', any('hklm', 'hkcu')),
      any('runonce', 'new-scheduledtask', 'register-scheduledtask'),
    ),
  },
  {
    id: 'exfiltration',
    description: 'exfiltration/encoding keywords (compress-archive, writeallbytes, certutil -encode…)',
    test: or(any('writeallbytes', 'compress-archive', 'base64string'), all('certutil', '-encode')),
  },
];

/** Bit i set when KEYWORD_GROUPS[i] matches (parityFields computes it once per raw command line). */
export function keywordMaskOf(cmd: string): number {
  let m = 0;
  for (let i = 0; i < KEYWORD_GROUPS.length; i++) if (KEYWORD_GROUPS[i].test(cmd)) m |= 1 << i;
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
