import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../store/db.js';
import { isLoopback } from '../config.js';
import { accessFor } from './hook.js';
import { createToken, dbTokens, hashToken, readTokenFile, tokenCandidates, TokenSet } from './tokens.js';

describe('tokens', () => {
  it('creates distinct high-entropy tokens and keeps only their hashes, in a private file or the database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oddspawn-tokens-'));
    try {
      const file = join(dir, 't.json');
      const a = createToken('a', 'read', { tokenFile: file });
      const b = createToken('b', 'analyst', { tokenFile: file });
      expect(a).not.toBe(b);
      expect(readFileSync(file, 'utf8')).not.toContain(a.slice(4));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const again = createToken('a', 'analyst', { tokenFile: file });
      const entries = readTokenFile(file);
      expect(entries.map((e) => [e.name, e.role])).toEqual([['b', 'analyst'], ['a', 'analyst']]);
      const set = new TokenSet(entries);
      expect(set.lookup(a)).toBeUndefined();
      expect(set.lookup(again)?.name).toBe('a');
      const db = openDb(':memory:');
      const c = createToken('c', 'read', { db });
      expect(dbTokens(db)).toEqual([expect.objectContaining({ name: 'c', role: 'read', sha256: hashToken(c) })]);
      db.close();
      writeFileSync(file, '{"tokens":[{"name":"x","role":"admin","sha256":"00"}]}');
      expect(() => readTokenFile(file)).toThrow(/token file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads Bearer, ApiKey (base64 id:key or raw) and Basic (password) headers', () => {
    expect(tokenCandidates(undefined)).toBeUndefined();
    expect(tokenCandidates('Bearer osp_x')).toEqual(['osp_x']);
    expect(tokenCandidates(`ApiKey ${Buffer.from('id:osp_y').toString('base64')}`)).toEqual(['osp_y', Buffer.from('id:osp_y').toString('base64')]);
    expect(tokenCandidates(`Basic ${Buffer.from('elastic:osp_z').toString('base64')}`)).toEqual(['osp_z']);
    expect(tokenCandidates('Digest abc')).toEqual([]);
    expect(tokenCandidates('garbage')).toEqual([]);
  });
});

describe('access', () => {
  const req = (method: string, url: string, accept = '*/*') => ({ method, url, headers: { accept } });
  it('protects the APIs, metrics and Elasticsearch endpoints; static files are public', () => {
    expect(accessFor(req('GET', '/api/v1/alerts?x=1'))).toBe('read');
    expect(accessFor(req('PATCH', '/api/v1/alerts/1'))).toBe('analyst');
    expect(accessFor(req('POST', '/_bulk'))).toBe('analyst');
    expect(accessFor(req('POST', '/logs/_bulk'))).toBe('analyst');
    expect(accessFor(req('GET', '/metrics'))).toBe('read');
    expect(accessFor(req('GET', '/'))).toBe('read');
    expect(accessFor(req('HEAD', '/'))).toBe('read');
    expect(accessFor(req('GET', '/', 'text/html,application/xhtml+xml'))).toBe('public');
    expect(accessFor(req('GET', '/assets/index-abc.js'))).toBe('public');
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.1', 'example.com', '::ffff:10.0.0.1']) expect(isLoopback(h), h).toBe(false);
  });
});
