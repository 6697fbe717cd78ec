// Masquerading (T1036): a system binary's name where it does not live, a renamed Windows tool, a
// lookalike name, or an executable parked in a user-writable folder.

import { b, procLabel, scalarFamily, type ScalarFeature } from './family.js';
import { binaryFact, CAP, inCanonicalFolder, LOOKALIKE_TARGETS } from './lolbins.js';
import { memoFamily, tupleKey } from './memo.js';
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

// Reads name, original name and executable (exeDir is derived from exe).
export const masqueradeFamily = memoFamily(scalarFamily('masq', FEATURES), 16384, (v) => tupleKey(v.name, v.originalName, v.exe));
