// Presets with no code behind them, apart from the simulator: the CLI shows them in its help without loading it.

import type { SimulateOptions } from './types.js';

/** The organisation `oddspawn demo` simulates: 25 people, 30 days, 5 attacks, fixed seed. */
export const DEMO_PRESET: Readonly<SimulateOptions> = Object.freeze({ users: 25, days: 30, attacks: 5, seed: 20250303 });
