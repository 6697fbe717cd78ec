// docs/cli.md is generated from the CLI's own --help, and this test keeps the two in step:
// a changed option fails here until the reference is regenerated (UPDATE_GOLDEN=1 npm test).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../shared-data.js';
import { runCli } from './cli.js';

const COMMANDS = [
  [],
  ['hunt'],
  ['demo'],
  ['serve'],
  ['simulate'],
  ['score'],
  ['train'],
  ['eval'],
  ['rules', 'list'],
  ['rules', 'show'],
  ['rules', 'validate'],
  ['rules', 'import'],
  ['rules', 'runs'],
  ['alerts', 'list'],
  ['alerts', 'show'],
  ['alerts', 'ack'],
  ['alerts', 'close'],
  ['alerts', 'reopen'],
];

function generate(): string {
  const parts = [
    '# oddspawn command-line reference',
    '',
    'Generated from `oddspawn <command> --help` (the test `test/e2e/cli-doc.test.ts` keeps it in step with the code).',
    'Every command exits 0 on success, 1 on a failed run, 2 on bad usage. Bad records never stop a run: each is',
    'counted and reported with a stable issue code (`src/common/codes.ts`) and its `file:line`, `#record` or `@offset`.',
    'The database is `--db PATH`, else `$ODDSPAWN_DB`, else `$XDG_DATA_HOME/oddspawn/oddspawn.sqlite`',
    '(`~/.local/share/oddspawn/oddspawn.sqlite`).',
    '',
  ];
  for (const c of COMMANDS) {
    const r = runCli([...c, '--help'], { env: { COLUMNS: '100' } });
    if (r.code !== 0) throw new Error(`oddspawn ${c.join(' ')} --help exited ${r.code}: ${r.stderr}`);
    parts.push(`## \`oddspawn${c.length ? ' ' + c.join(' ') : ''}\``, '', '```text', r.stdout.trimEnd(), '```', '');
  }
  return parts.join('\n');
}

describe('docs/cli.md', () => {
  it('matches the --help of every command', () => {
    const path = join(REPO_ROOT, 'docs', 'cli.md');
    const text = generate();
    if (process.env.UPDATE_GOLDEN) writeFileSync(path, text);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
