// Validation-only attack events from the LOLBAS example commands (GPL-3.0: never used to train the
// shipped model). Each example becomes one process start of the binary in its first documented path,
// under a launcher typical of the category.

import { readFileSync } from 'node:fs';
import { normalize } from '../../normalize/index.js';
import type { LabelledEvent } from './labelled.js';

interface LolbasRow {
  binary: string;
  full_paths?: string[];
  command: string;
  category?: string;
  technique?: string;
  privileges?: string;
  type?: string;
}

const PARENTS = [
  ['cmd.exe', 'C:\\Windows\\System32\\cmd.exe'],
  ['powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'],
  ['explorer.exe', 'C:\\Windows\\explorer.exe'],
  ['WINWORD.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE'],
] as const;

export function lolbasEvents(path: string): LabelledEvent[] {
  const out: LabelledEvent[] = [];
  let i = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let row: LolbasRow;
    try {
      row = JSON.parse(line) as LolbasRow;
    } catch {
      continue;
    }
    if (row.type === 'HonorableMentions' || !row.binary || !row.command) continue;
    i++;
    const exe = (row.full_paths?.[0] ?? `C:\\Windows\\System32\\${row.binary}`).replace(/<username>/gi, 'alice');
    const [pname, pexe] = PARENTS[i % PARENTS.length];
    const admin = /admin/i.test(row.privileges ?? '');
    const value = {
      '@timestamp': new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString(),
      'host.name': 'VALID-WS01',
      'user.name': admin ? 'it-admin' : 'alice',
      'user.domain': 'CORP',
      'process.name': row.binary,
      'process.executable': exe,
      'process.command_line': row.command,
      'process.integrity_level': admin ? 'High' : 'Medium',
      'process.parent.name': pname,
      'process.parent.executable': pexe,
      'label.value': 'malicious',
      'label.technique': row.technique ? [row.technique] : [],
      'labels.dataset': 'lolbas-generated',
      'labels.recording': `lolbas/${row.binary}/${row.category ?? ''}`,
    };
    const n = normalize({ value, origin: { file: path, line: i }, format: 'ndjson' });
    if (n.kind !== 'event') continue;
    out.push({ event: n.event.event, y: 1, weight: 1, source: 'lolbas-generated', recording: value['labels.recording'], technique: value['label.technique'] });
  }
  return out;
}
