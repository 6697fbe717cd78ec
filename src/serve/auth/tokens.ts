// API tokens: 32 random bytes shown once, kept only as a SHA-256 hash (a slow hash buys nothing for a secret of
// 256 bits). Tokens come from a JSON token file and/or the service database; each has a name and a role.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { z } from 'zod';
import { OddspawnError } from '../../common/issues.js';
import type { Db } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';

export type Role = 'read' | 'analyst';
export const ROLES: readonly Role[] = ['read', 'analyst'];

export interface TokenEntry {
  name: string;
  role: Role;
  /** Hex SHA-256 of the token text. */
  sha256: string;
  created_at: string;
}

const tokenFileSchema = z.object({
  tokens: z.array(
    z.object({
      name: z.string().min(1),
      role: z.enum(['read', 'analyst']),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      created_at: z.string().default(''),
    }),
  ),
});

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return `osp_${randomBytes(32).toString('base64url')}`;
}

export function readTokenFile(path: string): TokenEntry[] {
  if (!existsSync(path)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new OddspawnError('OS_CONFIG', `token file ${path} is not valid JSON: ${(e as Error).message}`, { file: path }, 2);
  }
  const r = tokenFileSchema.safeParse(parsed);
  if (!r.success) throw new OddspawnError('OS_CONFIG', `token file ${path}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { file: path }, 2);
  return r.data.tokens;
}

const MIGRATIONS = [
  {
    version: 1,
    description: 'API tokens (hashed)',
    up: `CREATE TABLE serve_tokens (name TEXT PRIMARY KEY, role TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)`,
  },
];

export function dbTokens(db: Db): TokenEntry[] {
  migrate(db, 'serve_tokens', MIGRATIONS);
  return db.prepare('SELECT name, role, sha256, created_at FROM serve_tokens ORDER BY name').all() as TokenEntry[];
}

/**
 * Creates a token named `name`, stores its hash (in the token file when given, else in the database) and
 * returns the token text: the only time it exists outside the caller's hands. A name in use is replaced.
 */
export function createToken(name: string, role: Role, where: { tokenFile?: string; db?: Db }, now = new Date()): string {
  const token = generateToken();
  const entry: TokenEntry = { name, role, sha256: hashToken(token), created_at: now.toISOString() };
  if (where.tokenFile) {
    const tokens = readTokenFile(where.tokenFile).filter((t) => t.name !== name);
    tokens.push(entry);
    writeFileSync(where.tokenFile, JSON.stringify({ tokens }, null, 2) + '\n', { mode: 0o600 });
    chmodSync(where.tokenFile, 0o600);
  } else if (where.db) {
    migrate(where.db, 'serve_tokens', MIGRATIONS);
    where.db
      .prepare(
        `INSERT INTO serve_tokens (name, role, sha256, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET role = excluded.role, sha256 = excluded.sha256, created_at = excluded.created_at`,
      )
      .run(entry.name, entry.role, entry.sha256, entry.created_at);
  } else {
    throw new OddspawnError('OS_USAGE', 'a token needs somewhere to live: --token-file or --db', undefined, 2);
  }
  return token;
}

/** The tokens the server accepts, looked up by hash. */
export class TokenSet {
  private readonly byHash = new Map<string, TokenEntry>();
  constructor(entries: readonly TokenEntry[]) {
    for (const e of entries) this.byHash.set(e.sha256, e);
  }
  get size(): number {
    return this.byHash.size;
  }
  lookup(token: string): TokenEntry | undefined {
    return this.byHash.get(hashToken(token));
  }
}

/**
 * The token candidates an Authorization header carries: `Bearer <token>`; `ApiKey <base64("id:token")>` or
 * `ApiKey <token>` (what Beats and Elastic Agent send for `api_key`); `Basic <base64("any:token")>` (a shipper
 * configured with a username and the token as password). Undefined when there is no usable header.
 */
export function tokenCandidates(header: string | undefined): string[] | undefined {
  if (!header) return undefined;
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (!m) return [];
  const scheme = m[1].toLowerCase();
  const value = m[2];
  if (scheme === 'bearer') return [value];
  const decoded = /^[A-Za-z0-9+/_-]+=*$/.test(value) ? Buffer.from(value, 'base64').toString('utf8') : '';
  const afterColon = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : undefined;
  if (scheme === 'apikey') return afterColon !== undefined ? [afterColon, value] : [value];
  if (scheme === 'basic') return afterColon !== undefined ? [afterColon] : [];
  return [];
}
