// Who runs it and with what token: SYSTEM and service accounts vs interactive users, integrity and
// elevation. Names and SIDs are never features themselves (they identify a lab, not an attack).

import { b, scalarFamily, type FeatureFamily, type ScalarFeature } from './family.js';
import { elevationCode, integrityCode } from './parity.js';
import type { EventView } from './view.js';

const SERVICE_SIDS = new Set(['S-1-5-18', 'S-1-5-19', 'S-1-5-20']);
const SERVICE_NAMES = new Set(['system', 'local service', 'network service', 'localsystem', 'local system']);

function asService(v: EventView): number {
  const sid = v.ev.user?.id;
  if (typeof sid === 'string' && sid) return b(SERVICE_SIDS.has(sid));
  if (!v.userName) return NaN;
  return b(SERVICE_NAMES.has(v.userName) || v.userName.endsWith('$') || v.userDomain === 'nt authority');
}

function integrity(v: EventView): number {
  const t = v.ev.process?.Ext?.token?.integrity_level_name ?? v.ev.process?.integrity_level;
  return typeof t === 'string' ? integrityCode(t) : NaN;
}

function elevation(v: EventView): number {
  const t = v.ev.process?.Ext?.token?.elevation_type;
  return typeof t === 'string' ? elevationCode(t) : NaN;
}

const FEATURES: ScalarFeature[] = [
  { id: 'service_account', value: asService, describe: () => 'runs as SYSTEM / a service account' },
  {
    id: 'interactive_user',
    value: (v) => {
      const s = asService(v);
      return Number.isNaN(s) ? NaN : 1 - s;
    },
    describe: () => 'runs as an interactive (non-service) user',
  },
  { id: 'integrity', value: integrity, describe: (_v, x) => `integrity level ${['untrusted', 'low', 'medium', 'high', 'system'][x] ?? 'unknown'}` },
  { id: 'elevation_type', value: elevation, describe: (_v, x) => `token elevation type ${['', 'default', 'full (elevated)', 'limited'][x] ?? 'unknown'}` },
  {
    id: 'elevated_interactive',
    value: (v) => {
      const s = asService(v);
      const i = integrity(v);
      return Number.isNaN(s) || Number.isNaN(i) ? NaN : b(s === 0 && i >= 3);
    },
    describe: () => 'an interactive user running elevated (high integrity)',
  },
];

const generic = scalarFamily('user', FEATURES);
/** The per-feature definition the fast extractor must equal (the property test compares them). */
export const userContextReference: FeatureFamily = generic;

/** The same values as FEATURES, each input read once. */
function extract(v: EventView, row: Float32Array, o: number): void {
  const s = asService(v);
  const i = integrity(v);
  row[o] = s;
  row[o + 1] = Number.isNaN(s) ? NaN : 1 - s;
  row[o + 2] = i;
  row[o + 3] = elevation(v);
  row[o + 4] = Number.isNaN(s) || Number.isNaN(i) ? NaN : b(s === 0 && i >= 3);
}

export const userContextFamily: FeatureFamily = { id: generic.id, names: generic.names, extract, describe: generic.describe };
