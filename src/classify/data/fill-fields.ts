// Presence invariance: the same events with every optional context field filled the way a sensor that
// records everything (Sysmon, Elastic Defend) fills it. A model that learned "field missing ⇒ attack" from
// one data set's collection quirks loses its recall here; a robust one keeps it (see docs/model-card.md).

import type { ProcessEvent } from '../../normalize/process-event.js';
import type { LabelledEvent } from './labelled.js';

/** A copy of the event with original file name, integrity, token elevation, user id and parent command line present. */
export function fillContextFields(ev: ProcessEvent): ProcessEvent {
  const e = structuredClone(ev);
  const p = e.process;
  if (p.name && !p.pe?.original_file_name) p.pe = { ...p.pe, original_file_name: p.name };
  const integrity = p.integrity_level ?? p.Ext?.token?.integrity_level_name ?? 'Medium';
  p.integrity_level = integrity;
  const token = { ...p.Ext?.token };
  if (token.elevation_type === undefined) token.elevation_type = /high|system/i.test(integrity) ? 'full' : 'limited';
  p.Ext = { ...p.Ext, token };
  if (e.user && e.user.id === undefined) e.user = { ...e.user, id: 'S-1-5-21-1004336348-1177238915-682003330-1001' };
  const parent = p.parent;
  if (parent && !parent.command_line && (parent.executable || parent.name)) {
    parent.command_line = parent.executable ? `"${parent.executable}"` : parent.name;
  }
  return e;
}

export function withFilledFields(events: readonly LabelledEvent[]): LabelledEvent[] {
  return events.map((e) => ({ ...e, event: fillContextFields(e.event) }));
}
