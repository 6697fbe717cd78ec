// Where the database lives unless the user says otherwise: --db beats ODDSPAWN_DB beats the XDG data folder.

import { homedir } from 'node:os';
import { join } from 'node:path';

export const DB_ENV = 'ODDSPAWN_DB';

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[DB_ENV];
  if (explicit) return explicit;
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'oddspawn', 'oddspawn.sqlite');
}

export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? defaultDbPath(env);
}
