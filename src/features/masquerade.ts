// Masquerading (T1036): a system binary's name where it does not live, a renamed Windows tool, a
// lookalike name, or an executable parked in a user-writable folder.

import { b, procLabel, scalarFamily, type ScalarFeature } from './family.js';
import { binaryFact, CAP, inCanonicalFolder, LOOKALIKE_TARGETS } from './lolbins.js';
import type { FeatureFamily } from './family.js';
import { memoized } from './memo.js';
import { basename, countChar, editDistance, entropy, stem } from './text.js';
import type { EventView } from './view.js';

const USER_WRITABLE_DIR = /\\(?:users|temp|tmp|programdata|perflogs|\$recycle\.bin|windows\\tasks|windows\\debug|appdata|downloads)(?:\\|$)/;

function outsideCanonical(v: EventView, systemOnly: boolean): number {
  const f = binaryFact(v.name);
  if (!f || !f.folders) return 0;
  if (systemOnly && (f.caps & CAP.system) === 0) return 0;
  if (!v.exeDir) return NaN;
  return b(!inCanonicalFolder(f, v.exeDir));
}

const LEET: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a' };

/** The imitated system name when this name is a near miss of one (svch0st, scvhost, lsas). */
const LOOKALIKE_CACHE = new Map<string, string | null>();

export function lookalikeOf(lowerName: string): string | undefined {
  if (!lowerName || binaryFact(lowerName)) return undefined;
  const hit = LOOKALIKE_CACHE.get(lowerName);
  if (hit !== undefined) return hit ?? undefined;
  // Process names repeat endlessly in telemetry; a bounded memo of this pure function saves the edit distances.
  if (LOOKALIKE_CACHE.size > 20_000) LOOKALIKE_CACHE.clear();
  const r = computeLookalike(lowerName);
  LOOKALIKE_CACHE.set(lowerName, r ?? null);
  return r;
}

function computeLookalike(lowerName: string): string | undefined {
  const s = stem(lowerName);
  if (s.length < 3) return undefined;
  const unleet = s.replace(/[013457@]/g, (c) => LEET[c] ?? c);
  let sorted: string | undefined;
  for (const t of LOOKALIKE_TARGETS) {
    if (unleet === t && s !== t) return t;
    if (Math.abs(s.length - t.length) > 1) continue;
    const d = editDistance(s, t, 1);
    if (d === 1 && t.length >= 5) return t;
    if (s.length === t.length && t.length >= 5 && s !== t && hamming(s, t) <= 2 && (sorted ??= sortChars(s)) === sortChars(t)) return t;
  }
  return undefined;
}

function hamming(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

function sortChars(s: string): string {
  return s.split('').sort().join('');
}

function renamedTool(v: EventView): number {
  if (!v.originalName) return NaN;
  const orig = v.originalName;
  const f = binaryFact(orig);
  if (!f) return 0;
  return b(orig !== v.name && stem(orig) !== stem(v.name));
}

const FEATURES: ScalarFeature[] = [
  {
    id: 'system_name_outside_canonical',
    value: (v) => outsideCanonical(v, true),
    describe: (v) => `${procLabel(v)} (a Windows system process name) runs outside its usual folder: ${v.exeDir || '?'}`,
  },
  {
    id: 'tool_outside_canonical',
    value: (v) => outsideCanonical(v, false),
    describe: (v) => `${procLabel(v)} runs outside System32/SysWOW64 (${v.exeDir || '?'})`,
  },
  {
    id: 'original_name_mismatch',
    value: (v) => (v.originalName && v.name ? b(v.originalName !== v.name) : NaN),
    describe: (v) => `process name ${v.name} differs from the PE original file name ${v.originalName}`,
  },
  {
    id: 'renamed_windows_tool',
    value: renamedTool,
    describe: (v) => `a renamed Windows tool: ${v.name} is really ${v.originalName}`,
  },
  {
    id: 'lookalike_name',
    value: (v) => b(lookalikeOf(v.name) !== undefined),
    describe: (v) => `${procLabel(v)} looks like ${lookalikeOf(v.name) ?? 'a system process'}.exe`,
  },
  {
    id: 'name_executable_mismatch',
    value: (v) => (v.exe && v.name ? b(basename(v.exe) !== v.name) : NaN),
    describe: (v) => `process name ${v.name} differs from the executable file ${basename(v.exe)}`,
  },
  {
    id: 'non_exe_image',
    value: (v) => (v.name ? b(!v.name.endsWith('.exe')) : NaN),
    describe: (v) => `${procLabel(v)} is not an .exe image`,
  },
  {
    id: 'double_extension',
    value: (v) => b(/\.(?:pdf|docx?|xlsx?|txt|jpg|png|zip)\.(?:exe|scr|com|bat)$/.test(v.name)),
    describe: (v) => `${procLabel(v)} has a double extension`,
  },
  {
    id: 'exe_in_user_writable',
    value: (v) => (v.exeDir ? b(USER_WRITABLE_DIR.test(v.exeDir)) : NaN),
    describe: (v) => `${procLabel(v)} runs from a user-writable folder (${v.exeDir})`,
  },
  {
    id: 'unknown_binary_in_user_writable',
    value: (v) => (v.exeDir ? b(!binaryFact(v.name) && USER_WRITABLE_DIR.test(v.exeDir) && !v.exeDir.includes('\\appdata\\local\\programs')) : NaN),
    describe: (v) => `an unrecognised program (${procLabel(v)}) runs from ${v.exeDir}`,
  },
  {
    id: 'name_entropy',
    value: (v) => (v.name ? entropy(stem(v.name)) : NaN),
    describe: (v, x) => `process name ${v.name} looks random (entropy ${x.toFixed(2)})`,
  },
  {
    id: 'name_digits',
    value: (v) => (v.name ? (stem(v.name).match(/\d/g)?.length ?? 0) : NaN),
    describe: (v, x) => `process name ${v.name} has ${x} digits`,
  },
  {
    id: 'path_depth',
    value: (v) => (v.exeDir ? countChar(v.exeDir, 92) : NaN),
    describe: (v, x) => `executable is ${x} folders deep`,
  },
];

const DOUBLE_EXTENSION = /\.(?:pdf|docx?|xlsx?|txt|jpg|png|zip)\.(?:exe|scr|com|bat)$/;

/** What the name alone decides, memoised per lowercased name. */
interface NameFacts {
  lookalike: number;
  nonExe: number;
  doubleExtension: number;
  entropy: number;
  digits: number;
  /** No slash in the name: only then can it equal an executable's file name. */
  slashFree: boolean;
}
const nameFacts = memoized(16384, (name: string): NameFacts => ({
  lookalike: b(lookalikeOf(name) !== undefined),
  nonExe: name ? b(!name.endsWith('.exe')) : NaN,
  doubleExtension: b(DOUBLE_EXTENSION.test(name)),
  entropy: name ? entropy(stem(name)) : NaN,
  digits: name ? (stem(name).match(/\d/g)?.length ?? 0) : NaN,
  slashFree: !name.includes('\\') && !name.includes('/'),
}));

/** What the folder alone decides, memoised per lowercased folder ('' = unknown). */
interface DirFacts {
  userWritable: boolean;
  localPrograms: boolean;
  depth: number;
}
const dirFacts = memoized(16384, (dir: string): DirFacts => ({
  userWritable: USER_WRITABLE_DIR.test(dir),
  localPrograms: dir.includes('\\appdata\\local\\programs'),
  depth: countChar(dir, 92),
}));

/** basename(exe) === name without slicing (name must be slash-free). */
function exeBasenameIs(exe: string, name: string, slashFree: boolean): boolean {
  if (!slashFree) return false;
  const start = exe.length - name.length;
  if (start < 0 || !exe.endsWith(name)) return false;
  if (start === 0) return true;
  const c = exe.charCodeAt(start - 1);
  return c === 92 || c === 47;
}

const generic = scalarFamily('masq', FEATURES);
/** The per-feature definition the fast extractor must equal (the property test compares them). */
export const masqueradeReference: FeatureFamily = generic;

/** The same values as FEATURES, from two memoised records and a few table lookups. */
function extract(v: EventView, row: Float32Array, o: number): void {
  const nf = nameFacts(v.name);
  const fact = binaryFact(v.name);
  const dir = v.exeDir;
  const df = dir ? dirFacts(dir) : undefined;
  // system_name_outside_canonical, tool_outside_canonical
  if (!fact || !fact.folders) {
    row[o] = 0;
    row[o + 1] = 0;
  } else {
    const outside = dir ? b(!inCanonicalFolder(fact, dir)) : NaN;
    row[o] = (fact.caps & CAP.system) === 0 ? 0 : outside;
    row[o + 1] = outside;
  }
  row[o + 2] = v.originalName && v.name ? b(v.originalName !== v.name) : NaN;
  row[o + 3] = renamedTool(v);
  row[o + 4] = nf.lookalike;
  row[o + 5] = v.exe && v.name ? b(!exeBasenameIs(v.exe, v.name, nf.slashFree)) : NaN;
  row[o + 6] = nf.nonExe;
  row[o + 7] = nf.doubleExtension;
  row[o + 8] = df ? b(df.userWritable) : NaN;
  row[o + 9] = df ? b(!fact && df.userWritable && !df.localPrograms) : NaN;
  row[o + 10] = nf.entropy;
  row[o + 11] = nf.digits;
  row[o + 12] = df ? df.depth : NaN;
}

export const masqueradeFamily: FeatureFamily = { id: generic.id, names: generic.names, extract, describe: generic.describe };
