// Every labelled process start in ../shared/data/train normalizes with zero issues and zero warnings, and the
// counts per shape and per source are what the data README says. Lines are split by hand on purpose: the readers
// are tested on their own.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED_DATA, sharedPath } from '../../test/shared-data.js';
import { normalize } from './normalize.js';
import { NormalizeStats } from './stats.js';

const FILES = ['evtx-attack-samples.jsonl', 'msticpy.jsonl', 'otrf-security-datasets.jsonl'];

describe.skipIf(!HAS_SHARED_DATA)('normalize over shared/data/train', () => {
  it('normalizes all 8,287 events with 0 issues, 0 warnings, and keeps labels and reconstructed parents', () => {
    const stats = new NormalizeStats();
    const perProvider = new Map<string, number>();
    const labelValues = new Map<string, number>();
    let reconstructed = 0;
    let withRecording = 0;
    let hashed = 0;
    for (const file of FILES) {
      const lines = readFileSync(sharedPath('train', file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        const r = normalize({ value: JSON.parse(line) as unknown, origin: { file, line: i + 1 }, format: 'ndjson' });
        stats.add(r);
        if (r.kind !== 'event') return;
        const e = r.event.event;
        const p = e.event.provider ?? '?';
        perProvider.set(p, (perProvider.get(p) ?? 0) + 1);
        labelValues.set(e.label?.value ?? '?', (labelValues.get(e.label?.value ?? '?') ?? 0) + 1);
        if (e.process.parent?.reconstructed) reconstructed++;
        if (e.labels?.recording) withRecording++;
        if (e.process.hash?.md5 || e.process.hash?.sha1) hashed++;
      });
    }
    const summary = stats.toJSON();
    console.info('[normalize] shared/data/train:', JSON.stringify({ ...summary, byProvider: Object.fromEntries(perProvider) }));
    expect(summary.records).toBe(8287);
    expect(summary.events).toBe(8287);
    expect(summary.rejected).toBe(0);
    expect(summary.warnings).toBe(0);
    expect(summary.byIssueCode).toEqual({});
    expect(summary.byShape).toEqual({ ecs: 8287 });
    // event.code 1 = Sysmon, 4688 = Security, other = MDE (data README); every Sysmon row carries a hash list
    // (with the algorithms its Sysmon config chose: not always SHA256).
    expect(Object.fromEntries(perProvider)).toEqual({
      'Microsoft-Windows-Sysmon': 3477,
      'Microsoft-Windows-Security-Auditing': 3046,
      'Microsoft-Defender-for-Endpoint': 1764,
    });
    expect(hashed).toBe(3477);
    expect(Object.fromEntries(labelValues)).toEqual({ background: 4230, attack_candidate: 3497, malicious: 560 });
    expect(reconstructed).toBe(2922);
    expect(withRecording).toBe(8287);
  });

  it('maps a known row field by field (first row of evtx-attack-samples)', () => {
    const first = readFileSync(sharedPath('train', 'evtx-attack-samples.jsonl'), 'utf8').split('\n', 1)[0];
    const raw = JSON.parse(first) as Record<string, unknown>;
    const r = normalize({ value: raw, origin: { file: 'evtx-attack-samples.jsonl', line: 1 }, format: 'ndjson' });
    expect(r.kind).toBe('event');
    if (r.kind !== 'event') return;
    const e = r.event.event;
    expect(e['@timestamp']).toBe(raw['@timestamp']);
    expect(e.process.executable).toBe(raw['process.executable']);
    expect(e.process.command_line).toBe(raw['process.command_line']);
    expect(e.process.pid).toBe(raw['process.pid']);
    expect(e.process.parent?.name).toBe(raw['process.parent.name']);
    expect(e.user).toEqual({ name: raw['user.name'], domain: raw['user.domain'] });
    const hashes = Object.fromEntries(String(raw['process.hash']).split(',').map((kv) => kv.split('=')).map(([k, v]) => [k.toLowerCase(), v]));
    expect(e.process.hash).toEqual(hashes);
    expect(e.label?.value).toBe(raw['label.value']);
    expect(e.labels?.recording).toBe(raw['labels.recording']);
  });
});
