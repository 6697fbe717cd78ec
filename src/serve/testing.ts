// Builders for the serve tests and the ingest bench: process-start documents as a shipper sends them (ECS,
// Elastic Defend style) and a rules folder with one fast query rule, so wall-clock runs happen within a test.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartSpec {
  timeMs: number;
  user?: string;
  host?: string;
  name?: string;
  cmd?: string;
  parent?: string;
  id?: string;
}

export function processStartDoc(s: StartSpec): Record<string, unknown> {
  const name = s.name ?? 'notepad.exe';
  return {
    '@timestamp': new Date(s.timeMs).toISOString(),
    agent: { type: 'endpoint' },
    event: { action: 'start', category: ['process'], type: ['start'], kind: 'event', ...(s.id ? { id: s.id } : {}) },
    host: { name: s.host ?? 'ws-01', os: { type: 'windows', family: 'windows' } },
    user: { name: s.user ?? 'alice', domain: 'EXAMPLE', id: 'S-1-5-21-1-2-3-1001' },
    process: {
      name,
      executable: `C:\\Windows\\System32\\${name}`,
      command_line: s.cmd ?? `${name}`,
      pid: 4242,
      parent: { name: s.parent ?? 'explorer.exe', executable: `C:\\Windows\\${s.parent ?? 'explorer.exe'}`, pid: 100 },
    },
  };
}

export const TEST_RULE_ID = '11111111-2222-4333-8444-555555555555';

/** A folder holding one query rule that alerts on certutil.exe, run every second over the last hour. */
export function writeFastRule(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'certutil.toml'),
    `[metadata]
creation_date = "2026/01/01"
updated_date = "2026/01/01"
maturity = "production"

[rule]
author = ["oddspawn tests"]
description = "certutil.exe started"
from = "now-1h"
interval = "1s"
license = "Apache-2.0"
name = "Test certutil"
risk_score = 50
rule_id = "${TEST_RULE_ID}"
severity = "medium"
type = "query"
language = "oddspawn"
query = 'process.name : "certutil.exe"'
version = 1
`,
  );
  return dir;
}
