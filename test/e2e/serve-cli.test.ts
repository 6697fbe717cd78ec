// `oddspawn serve` from the command line: tokens are created once and stored hashed, binding beyond loopback
// without tokens is refused, and --demo answers at once and then loads the demo organisation.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from './cli.js';
import { hashToken } from '../../src/serve/auth/tokens.js';

const dir = mkdtempSync(join(tmpdir(), 'oddspawn-serve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('oddspawn serve (CLI)', () => {
  it('--create-token prints the token once and keeps only its hash', () => {
    const tokenFile = join(dir, 'tokens.json');
    const r = runCli(['serve', '--create-token', 'winlogbeat', '--role', 'analyst', '--token-file', tokenFile]);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^osp_[A-Za-z0-9_-]{43}$/);
    const file = readFileSync(tokenFile, 'utf8');
    expect(file).not.toContain(token);
    expect(JSON.parse(file).tokens).toEqual([expect.objectContaining({ name: 'winlogbeat', role: 'analyst', sha256: hashToken(token) })]);
  });

  it('refuses to listen beyond loopback without tokens (exit 2)', () => {
    const r = runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--db', join(dir, 'open.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('OS_USAGE');
    expect(r.stderr).toContain('refusing to listen on 0.0.0.0 without API tokens');
  });

  it('--demo prints the URL, loads the demo organisation, and serves it', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--demo', '--demo-users', '4', '--demo-days', '2', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const loaded = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('Demo loaded')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const text = await loaded;
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text)![1];
    expect(text.indexOf('listening on')).toBeLessThan(text.indexOf('Demo loaded'));
    const health = (await (await fetch(`${url}api/v1/health`)).json()) as { events_total: number; alerts_total: number };
    expect(health.events_total).toBeGreaterThan(0);
    const m = /Demo loaded in \d+ s: (\d+) events, 4 users, 2 days, (\d+) alerts/.exec(text)!;
    expect(health.alerts_total).toBe(Number(m[2]));
    child.kill('SIGTERM');
    await new Promise<void>((r) => child.once('exit', () => r()));
    expect(child.exitCode).toBe(0);
  }, 120_000);
});
