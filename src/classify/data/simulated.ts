// Benign volume (and the simulator's own labelled attacks) from the project's organisation simulator.
// A simulated organisation repeats itself (thousands of identical conhost/msedge starts), so at most
// `maxPerShape` events of one shape (label, process, parent, normalised command line) are kept: the
// variety stays, the volume that would only slow training goes.

import { normalizeCommandLine } from '../../features/parity-normalize.js';
import { simulate, type SimulateOptions } from '../../simulate/index.js';
import { toLabelled, type LabelledEvent } from './labelled.js';

export async function simulatedEvents(opts: SimulateOptions, maxPerShape = 3): Promise<LabelledEvent[]> {
  const out: LabelledEvent[] = [];
  const seen = new Map<string, number>();
  for await (const ev of simulate(opts)) {
    const l = toLabelled(ev, 'simulator');
    if (!l) continue;
    // The console host an attack step brings along is labelled malicious in the ground truth (it belongs
    // to the scenario), but it is the same conhost.exe every console program starts; as a positive it
    // taught the model that conhost under ipconfig or whoami is an attack. Neither class fits it.
    if (ev.label?.method === 'console-host-of-attack-step') continue;
    const p = ev.process ?? {};
    const key = `${l.y}|${p.name ?? ''}|${p.parent?.name ?? ''}|${normalizeCommandLine(p.command_line ?? '').replace(/\d+/g, '0')}`;
    const n = seen.get(key) ?? 0;
    if (n >= maxPerShape) continue;
    seen.set(key, n + 1);
    // The labelled real sources carry no code signatures; a simulator-only field would teach the
    // model "unsigned = real = malicious", so it is removed before training.
    delete ev.process.code_signature;
    if (ev.process.parent) delete ev.process.parent.code_signature;
    out.push({ ...l, source: 'simulator', recording: `simulator/${ev.host?.name ?? ''}` });
  }
  return out;
}
