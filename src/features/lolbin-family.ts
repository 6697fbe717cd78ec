// LOLBin knowledge: what the binary is (capabilities from the table) and the argument patterns that
// turn a Windows tool into an attack step ("certutil.exe with -urlcache and a URL").

import { b, procLabel, scalarFamily, type ScalarFeature } from './family.js';
import { binaryFact, CAP } from './lolbins.js';
import type { FeatureFamily } from './family.js';
import { GATE } from './cmd-gates.js';
import { memoized } from './memo.js';
import type { CommandLineParts } from './parity-normalize.js';
import type { EventView } from './view.js';

/** The binary a pattern applies to: the name, or the PE original name when the file was renamed. */
function is(v: EventView, ...names: string[]): boolean {
  return names.includes(v.name) || (v.originalName !== '' && names.includes(v.originalName));
}

const URL = /(?:https?|ftp):\/\//i;

interface Pattern {
  id: string;
  bins: string[];
  re: RegExp;
  text: string;
}

const PATTERNS: Pattern[] = [
  { id: 'certutil_download', bins: ['certutil.exe'], re: /urlcache|verifyctl|-ping|https?:\/\//i, text: 'with -urlcache / a URL (download)' },
  { id: 'certutil_decode', bins: ['certutil.exe'], re: /[-/](?:decode|decodehex|encode)\b/i, text: 'with -decode / -encode' },
  {
    id: 'rundll32_unusual',
    bins: ['rundll32.exe'],
    re: /javascript:|vbscript:|mshtml|runhtmlapplication|comsvcs|minidump|#\d|\\(?:temp|appdata|programdata|users\\public)\\|https?:\/\/|\.(?:tmp|dat|txt|png|jpg|bin)\b/i,
    text: 'running script, an ordinal, MiniDump or a DLL from a user-writable folder',
  },
  { id: 'regsvr32_scriptlet', bins: ['regsvr32.exe'], re: /\/i:|scrobj|https?:\/\/|\.sct\b/i, text: 'loading a scriptlet (/i:, scrobj.dll, URL)' },
  { id: 'mshta_inline', bins: ['mshta.exe'], re: /javascript:|vbscript:|https?:\/\/|\.hta\b/i, text: 'running inline script, an .hta or a URL' },
  { id: 'wmic_exec', bins: ['wmic.exe'], re: /process\s+call\s+create|\/node:|\/format:|shadowcopy/i, text: 'creating processes, targeting a remote node or loading an XSL' },
  { id: 'bitsadmin_transfer', bins: ['bitsadmin.exe'], re: /\/transfer|\/addfile|\/setnotifycmdline|\/create/i, text: 'creating a transfer job' },
  { id: 'msiexec_remote', bins: ['msiexec.exe'], re: /https?:\/\/|\/q|\/y\b|\/z\b/i, text: 'installing quietly or from a URL' },
  {
    id: 'powershell_cradle',
    bins: ['powershell.exe', 'pwsh.exe', 'powershell_ise.exe'],
    re: /iex|invoke-expression|downloadstring|downloadfile|-e(?:nc|ncodedcommand)?\s|frombase64string|-w(?:indowstyle)?\s+h|bypass|start-process|invoke-webrequest|new-object\s+net\./i,
    text: 'with a download cradle, encoded command, hidden window or policy bypass',
  },
  { id: 'script_host_user_script', bins: ['wscript.exe', 'cscript.exe'], re: /\\(?:temp|appdata|users\\public|downloads|programdata)\\|\/\/e:|https?:\/\//i, text: 'running a script from a user-writable folder or a forced engine' },
  {
    id: 'dotnet_proxy',
    bins: ['installutil.exe', 'regasm.exe', 'regsvcs.exe', 'msbuild.exe', 'csc.exe', 'jsc.exe'],
    re: /\/u\b|\/logfile=|\\(?:temp|appdata|users\\public|programdata)\\|\.(?:xml|csproj|txt)\b/i,
    text: 'loading an assembly or project from a user-writable folder',
  },
  { id: 'odbcconf_regsvr', bins: ['odbcconf.exe'], re: /regsvr|\/a\s*\{|\.rsp\b/i, text: 'registering a DLL (REGSVR / response file)' },
  { id: 'forfiles_exec', bins: ['forfiles.exe', 'pcalua.exe'], re: /\/c\s|-a\s/i, text: 'used to launch another program' },
  { id: 'schtasks_create', bins: ['schtasks.exe', 'at.exe'], re: /\/create|\/change|\/run|\/s\s/i, text: 'creating, changing or running a scheduled task' },
  { id: 'reg_persistence', bins: ['reg.exe'], re: /\\run(?:once)?\b|image file execution|winlogon|save\s+hklm\\(?:sam|system|security)|add\s.*(?:disable|policies)/i, text: 'touching Run keys, IFEO, Winlogon, policies or saving SAM/SYSTEM hives' },
  { id: 'sc_service', bins: ['sc.exe'], re: /\bcreate\b|\bconfig\b.*binpath|\bstop\b|\bdelete\b/i, text: 'creating, reconfiguring or stopping a service' },
  { id: 'shadow_delete', bins: ['vssadmin.exe', 'wmic.exe', 'wbadmin.exe', 'bcdedit.exe', 'diskshadow.exe'], re: /delete|resize|recoveryenabled|bootstatuspolicy|catalog/i, text: 'deleting shadow copies / backups or disabling recovery' },
  { id: 'log_clear', bins: ['wevtutil.exe'], re: /\bcl\b|clear-log|\bsl\b.*\/e:false/i, text: 'clearing or disabling an event log' },
  { id: 'net_account', bins: ['net.exe', 'net1.exe'], re: /\buser\b.*\/add|localgroup\s+administrators|\/domain|\bgroup\b|\buse\s+\\\\|\bshare\b|\bview\b/i, text: 'adding accounts, enumerating domain groups or mapping shares' },
  { id: 'ntds_dump', bins: ['ntdsutil.exe', 'esentutl.exe', 'vssadmin.exe'], re: /ifm|ntds|create\s+shadow|\/vss|sam\b/i, text: 'copying NTDS.dit or SAM through shadow copies' },
  { id: 'lsass_access', bins: [], re: /lsass|sekurlsa|minidump|comsvcs(?:\.dll)?,?\s*#?24/i, text: 'referencing LSASS memory' },
  { id: 'netsh_change', bins: ['netsh.exe'], re: /firewall|advfirewall|portproxy|helper|trace/i, text: 'changing the firewall, a port proxy or a helper DLL' },
  { id: 'cmd_chain', bins: ['cmd.exe'], re: /\/[ckr]\s.*(?:&|\||>)/i, text: 'running a chained or redirected /c command' },
];

function patternValue(v: EventView, p: Pattern): number {
  if (p.bins.length && !is(v, ...p.bins)) return 0;
  if (!v.cmd) return NaN;
  return b(p.re.test(v.cmd));
}

const capFlag = (v: EventView, cap: number): number => {
  // A renamed tool keeps its capabilities: the PE original name, when known, says what the file really is.
  const f = (v.originalName ? binaryFact(v.originalName) : undefined) ?? binaryFact(v.name);
  return f ? b((f.caps & cap) !== 0) : 0;
};

const CAPS: Array<[string, number, string]> = [
  ['shell', CAP.shell, 'is a command shell'],
  ['script_host', CAP.scriptHost, 'is a script host'],
  ['proxy_exec', CAP.proxyExec, 'is a signed-binary proxy-execution tool'],
  ['download', CAP.download, 'can download files'],
  ['recon', CAP.recon, 'is a discovery tool'],
  ['persistence', CAP.persistence, 'can install persistence'],
  ['evasion', CAP.evasion, 'can tamper with defences or logs'],
  ['credential', CAP.credential, 'can reach credentials'],
  ['compile', CAP.compile, 'compiles or builds code'],
];

const FEATURES: ScalarFeature[] = [
  { id: 'known', value: (v) => b(binaryFact(v.name) !== undefined), describe: (v) => `${procLabel(v)} is a known Windows binary` },
  ...CAPS.map(([id, cap, text]): ScalarFeature => ({ id: `cap_${id}`, value: (v) => capFlag(v, cap), describe: (v) => `${procLabel(v)} ${text}` })),
  ...PATTERNS.map(
    (p): ScalarFeature => ({
      id: p.id,
      value: (v) => patternValue(v, p),
      describe: (v) => `${procLabel(v)} ${p.text}${p.id === 'certutil_download' && URL.test(v.cmd) ? ' and a URL' : ''}`,
    }),
  ),
];

const generic = scalarFamily('lolbin', FEATURES);
/** The per-feature definition the fast extractor must equal (the property test compares them). */
export const lolbinReference: FeatureFamily = generic;

// Which patterns can fire for a binary name (the others are 0 without looking at the command line).
const PATTERNS_BY_NAME = new Map<string, number[]>();
const ANY_BINARY: number[] = [];
PATTERNS.forEach((p, i) => {
  if (!p.bins.length) ANY_BINARY.push(i);
  for (const n of p.bins) PATTERNS_BY_NAME.set(n, [...(PATTERNS_BY_NAME.get(n) ?? []), i]);
});
const NONE: number[] = [];
const LSASS = PATTERNS.findIndex((p) => p.id === 'lsass_access');
const CAP_BITS = CAPS.map(([, cap]) => cap);
const PATTERN_BASE = 1 + CAPS.length;
if (PATTERNS.length > 31) throw new Error('lolbin: the pattern bitmasks hold 31 patterns');

/** Each pattern's regex result on a command line, tested only when some event needs it (-1 = not yet). */
const patternResults = memoized(8192, () => new Int8Array(PATTERNS.length).fill(-1));

function setPattern(v: EventView, results: Int8Array, i: number, row: Float32Array, o: number): void {
  let r = results[i];
  if (r < 0) r = results[i] = b(PATTERNS[i].re.test(v.cmd));
  row[o + PATTERN_BASE + i] = r;
}

/** The same values as FEATURES: table lookups, and only the patterns of this binary are tested. */
function extract(v: EventView, row: Float32Array, o: number): void {
  const own = binaryFact(v.name);
  row[o] = b(own !== undefined);
  const f = (v.originalName ? binaryFact(v.originalName) : undefined) ?? own;
  for (let i = 0; i < CAP_BITS.length; i++) row[o + 1 + i] = f ? b((f.caps & CAP_BITS[i]) !== 0) : 0;
  row.fill(0, o + PATTERN_BASE, o + PATTERN_BASE + PATTERNS.length);
  const rec = v.parity.cmdParts;
  if (!v.cmd) {
    for (const i of ANY_BINARY) row[o + PATTERN_BASE + i] = NaN;
    for (const i of PATTERNS_BY_NAME.get(v.name) ?? NONE) row[o + PATTERN_BASE + i] = NaN;
    if (v.originalName) for (const i of PATTERNS_BY_NAME.get(v.originalName) ?? NONE) row[o + PATTERN_BASE + i] = NaN;
    return;
  }
  if (rec.raw === v.cmd) {
    // The results live on the command line's record as two bitmasks (no array per record).
    for (const i of ANY_BINARY) setRecordPattern(rec, i, row, o);
    for (const i of PATTERNS_BY_NAME.get(v.name) ?? NONE) setRecordPattern(rec, i, row, o);
    if (v.originalName) for (const i of PATTERNS_BY_NAME.get(v.originalName) ?? NONE) setRecordPattern(rec, i, row, o);
    return;
  }
  const results = patternResults(v.cmd);
  for (const i of ANY_BINARY) setPattern(v, results, i, row, o);
  for (const i of PATTERNS_BY_NAME.get(v.name) ?? NONE) setPattern(v, results, i, row, o);
  if (v.originalName) for (const i of PATTERNS_BY_NAME.get(v.originalName) ?? NONE) setPattern(v, results, i, row, o);
}

/** Pattern i on the record's raw command line; a closed gate settles the any-binary pattern without its regex. */
function setRecordPattern(rec: CommandLineParts, i: number, row: Float32Array, o: number): void {
  const bit = 1 << i;
  if ((rec.patternsKnown & bit) === 0) {
    rec.patternsKnown |= bit;
    if ((i !== LSASS || (rec.gates & GATE.lsass) !== 0) && PATTERNS[i].re.test(rec.raw)) rec.patternsMatched |= bit;
  }
  row[o + PATTERN_BASE + i] = (rec.patternsMatched & bit) !== 0 ? 1 : 0;
}

// Reads the name, the PE original name and the raw command line only.
export const lolbinFamily: FeatureFamily = { id: generic.id, names: generic.names, extract, describe: generic.describe };
