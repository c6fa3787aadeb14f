import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ScaiVaultClient } from '@scaivault/sdk';
import { startServer, type RunningServer } from '@scaivault/server';
import { REPO, tempHome } from './workspace.js';

/** Runs shell lines exactly as the documentation writes them, with the built `scaivault` on PATH. */
function sh(script: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
    env: { ...process.env, ...env, PATH: `${join(REPO, 'node_modules', '.bin')}:${process.env.PATH}` },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the recipes in the user documentation, run as written', () => {
  let server: RunningServer;
  let env: Record<string, string>;
  const { home, cleanup } = tempHome();
  before(async () => {
    server = await startServer({ port: 0, logger: () => {} });
    env = { SCAIVAULT_URL: server.url, SCAIVAULT_TOKEN: server.rootToken, SCAIVAULT_HOME: home };
    const client = new ScaiVaultClient({ baseUrl: server.url, token: server.rootToken });
    await client.secrets.write('app/db/prod', { username: 'app_user', password: 'example-password' });
    await client.secrets.write('app/api-key', { key: 'example-key' }, { expiresIn: '7d' });
    await client.secrets.write('app/cert', { pem: 'x' }, { expiresIn: '60d' });
    await client.close();
  });
  after(async () => {
    await server.close();
    cleanup();
  });

  test('read a secret as JSON and pick a field with jq', () => {
    const result = sh(`creds=$(scaivault secrets read app/db/prod --json)
echo "$creds" | jq -r '.data.username'`, env);
    assert.deepEqual([result.status, result.stdout, result.stderr], [0, 'app_user\n', '']);
  });

  test('list every path with jq', () => {
    const result = sh(`scaivault secrets list --json | jq -r '.secrets[].path'`, env);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n').sort(), ['app/api-key', 'app/cert', 'app/db/prod']);
  });

  test('report what expires within 14 days', () => {
    const result = sh(`scaivault secrets expiring --days 14 --json | jq -r '.secrets[] | "\\(.path) expires \\(.expires_at)"'`, env);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^app\/api-key expires \d{4}-\d{2}-\d{2}T[\d:.]+Z\n$/);
  });

  test('use a raw field in a command substitution', () => {
    const result = sh(`PGPASSWORD=$(scaivault secrets read app/db/prod --field password); printf '[%s]' "$PGPASSWORD"`, env);
    assert.deepEqual([result.status, result.stdout], [0, '[example-password]']);
  });

  test('exit codes a script can branch on', () => {
    assert.equal(sh('scaivault secrets read app/missing', env).status, 4);
    assert.equal(sh('scaivault secrets read app/db/prod', { ...env, SCAIVAULT_TOKEN: 'skt_not_a_real_token' }).status, 2);
    assert.equal(sh('scaivault secrets write "Bad Path" a=b', env).status, 5);
    assert.equal(sh('scaivault secrets read app/db/prod --field nope', env).status, 4);
  });
});
