// Attack commands drawn at run time from the ART / LOLBAS corpora (../shared/data/corpora/*.jsonl).
// Nothing from them is embedded in the project: the user names the files with --corpus.

import { readFileSync } from 'node:fs';
import type { AttackCtx } from './attack-ctx.js';
import type { Proc } from './types.js';

export interface CorpusCommand {
  source: string;
  technique: string;
  executor: 'cmd' | 'powershell' | 'direct';
  command: string;
}

export interface CorpusLoad {
  commands: CorpusCommand[];
  skipped: number;
}

/** Reads ART (`resolved_command`, `executor`) and LOLBAS (`command`) rows; unusable rows are counted, not fatal. */
export function loadCorpus(paths: readonly string[]): CorpusLoad {
  const commands: CorpusCommand[] = [];
  let skipped = 0;
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch {
        skipped++;
        continue;
      }
      const technique = typeof row.technique === 'string' ? row.technique.split(/[ ,]/)[0] : '';
      const resolved = typeof row.resolved_command === 'string' ? row.resolved_command : typeof row.command === 'string' ? row.command : '';
      const cmd = resolved.trim();
      if (!cmd || cmd.length > 1500 || /#\{|<[a-z_ ]+>/i.test(cmd) || !/^T\d{4}/.test(technique)) {
        skipped++;
        continue;
      }
      const ex = row.executor === 'powershell' ? 'powershell' : row.executor === 'command_prompt' ? 'cmd' : row.source === 'lolbas' ? 'direct' : '';
      if (!ex) {
        skipped++;
        continue;
      }
      commands.push({ source: String(row.source ?? 'corpus'), technique, executor: ex, command: cmd });
    }
  }
  return { commands, skipped };
}

const EXE_LIKE = /^"?([A-Za-z]:\\[^"]+?\.exe|[A-Za-z0-9_.-]+\.exe|cmd|powershell|certutil|reg|net|sc|schtasks|wmic|whoami|rundll32|regsvr32|mshta|bitsadmin|cscript|wscript|msiexec|nltest|tasklist|systeminfo|vssadmin|wevtutil|bcdedit|netsh|findstr|attrib|icacls|takeown)"?(\s|$)/i;

/** The processes a command line starts when it runs: one per line that begins with a program. */
function programLines(cmd: string): Array<{ token: string; line: string }> {
  const out: Array<{ token: string; line: string }> = [];
  for (const raw of cmd.split(/\r?\n/)) {
    const line = raw.trim();
    const m = EXE_LIKE.exec(line);
    if (m) out.push({ token: m[1], line });
  }
  return out;
}

/** Runs one corpus command under `parent` in the style of the scenario's runner. */
export function runCorpusCommand(c: AttackCtx, parent: Proc, cc: CorpusCommand, stdin: boolean): void {
  const tech = [cc.technique];
  const progs = programLines(cc.command);
  if (stdin) {
    for (const p of progs.slice(0, 6)) c.run(parent, p.token, p.line, tech);
    return;
  }
  if (cc.executor === 'direct') {
    const first = progs[0];
    if (first) c.run(parent, first.token, first.line, tech);
    return;
  }
  const oneLine = cc.command.split(/\r?\n/).map((x) => x.trim()).filter(Boolean).join(cc.executor === 'cmd' ? ' & ' : '; ');
  const shell = cc.executor === 'cmd'
    ? c.run(parent, 'cmd.exe', `"cmd.exe" /c ${oneLine}`, tech)
    : c.run(parent, 'powershell.exe', `"powershell.exe" -Command ${oneLine.replace(/"/g, '\\"')}`, tech);
  for (const p of progs.slice(0, 6)) {
    if (/^(cmd|powershell)(\.exe)?$/i.test(p.token)) continue;
    c.run(shell, p.token, p.line, tech);
  }
}
