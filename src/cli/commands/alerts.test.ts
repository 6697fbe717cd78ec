import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlertDocument } from '../../alerts/types.js';
import { createRuleEngine } from '../../rules/engine.js';
import { loadRules, shippedRulesDir } from '../../rules/loader.js';
import { anomalyRecord, MIN, scoredEvent, T0 } from '../../rules/test-fixtures.js';
import { openDb } from '../../store/db.js';
import * as alerts from './alerts.js';
import { runCommands } from './cli-harness.test-util.js';

const run = (...args: string[]) => runCommands([alerts], args);
let dbPath = '';

beforeAll(async () => {
  dbPath = join(mkdtempSync(join(tmpdir(), 'oddspawn-cli-alerts-')), 'db.sqlite');
  const db = openDb(dbPath);
  const engine = createRuleEngine({ db, rules: loadRules([shippedRulesDir()]).rules, mode: 'event-time' });
  const ev = scoredEvent({ timeMs: T0 + MIN, p: 0.999, cmd: 'certutil.exe -f \x1b[2J"http://x.test/a"\nwhoami', line: 1 });
  engine.onScoredEvent(ev);
  engine.advanceTo(ev.timeMs);
  engine.onAnomalyRecord(anomalyRecord({ timestamp: T0, score: 92, eventIds: ['events.ndjson:1'] }));
  await engine.finish();
  db.close();
});

describe('oddspawn alerts', () => {
  it('list: table (escaped), json and ndjson; filters by status and rule', async () => {
    const t = await run('alerts', 'list', '--db', dbPath);
    expect(t.code).toBe(0);
    expect(t.stdout).not.toContain('\x1b');
    expect(t.stdout).toContain('certutil.exe -f \\x1b[2J"http://x.test/a"\\nwhoami');
    expect(t.stdout.trimEnd().split('\n')).toHaveLength(3);
    const nd = await run('alerts', 'list', '--db', dbPath, '--format', 'ndjson');
    const docs = nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as AlertDocument);
    expect(docs.map((d) => d.kibana.alert.rule.name).sort()).toEqual([
      'Machine Learning Detected a Suspicious Windows Event with a High Malicious Probability Score',
      'Unusual Process Spawned by a User',
    ]);
    const j = await run('alerts', 'list', '--db', dbPath, '--format', 'json', '--rule', '40155ee4-1e6a-4e4d-a63b-e8ba16980cfb');
    expect((JSON.parse(j.stdout) as AlertDocument[]).map((d) => d.anomaly?.record_score)).toEqual([92]);
    expect((await run('alerts', 'list', '--db', dbPath, '--status', 'bogus')).code).toBe(2);
    expect((await run('alerts', 'list', '--db', join(dbPath, '..', 'missing.sqlite'))).code).toBe(1);
  });

  it('show by id prefix; ack and close change the workflow status; unknown ids exit 1', async () => {
    const nd = await run('alerts', 'list', '--db', dbPath, '--format', 'ndjson', '--rule', 'Unusual Process Spawned by a User');
    const id = (JSON.parse(nd.stdout) as AlertDocument).kibana.alert.uuid;
    const s = await run('alerts', 'show', id.slice(0, 10), '--db', dbPath);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain(`Alert ${id}`);
    expect(s.stdout).toContain('anomaly:       problem_child_rare_process_by_user rare score 92.0');
    expect(s.stdout).toContain('+2.50  command line holds a URL');
    expect(s.stdout).toContain('rarity:        certutil.exe is new for alice');
    expect(s.stdout).not.toContain('\x1b');
    expect((await run('alerts', 'ack', id.slice(0, 8), '--db', dbPath)).stdout).toBe(`${id} acknowledged\n`);
    const acked = await run('alerts', 'list', '--db', dbPath, '--status', 'acknowledged', '--format', 'json');
    expect((JSON.parse(acked.stdout) as AlertDocument[]).map((d) => d.kibana.alert.uuid)).toEqual([id]);
    await run('alerts', 'close', id, '--db', dbPath);
    const shown = JSON.parse((await run('alerts', 'show', id, '--db', dbPath, '--format', 'json')).stdout) as AlertDocument;
    expect(shown.kibana.alert.workflow_status).toBe('closed');
    const open = await run('alerts', 'list', '--db', dbPath, '--status', 'open', '--format', 'json');
    expect((JSON.parse(open.stdout) as AlertDocument[]).length).toBe(1);
    const missing = await run('alerts', 'ack', 'ffffffffff', '--db', dbPath);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('OS_ALERT_NOT_FOUND');
  });
});
