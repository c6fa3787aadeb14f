import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ScaiVaultClient } from '@scaivault/sdk';
import { startServer, type RunningServer } from '@scaivault/server';
import { REPO, tempHome } from './workspace.js';

/**
 * Runs shell lines exactly as the documentation writes them, with the built `scaivault` on PATH.
 * Asynchronous on purpose: the server runs in this process and must keep answering.
 */
function sh(script: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, ...env, PATH: `${join(REPO, 'node_modules', '.bin')}:${process.env.PATH}` },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
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

  test('read a secret as JSON and pick a field with jq', async () => {
    const result = await sh(
      `creds=$(scaivault secrets read app/db/prod --json)
echo "$creds" | jq -r '.data.username'`,
      env,
    );
    assert.deepEqual([result.status, result.stdout, result.stderr], [0, 'app_user\n', '']);
  });

  test('list every path with jq', async () => {
    const result = await sh(`scaivault secrets list --json | jq -r '.secrets[].path'`, env);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n').sort(), ['app/api-key', 'app/cert', 'app/db/prod']);
  });

  test('report what expires within 14 days', async () => {
    const result = await sh(`scaivault secrets expiring --days 14 --json | jq -r '.secrets[] | "\\(.path) expires \\(.expires_at)"'`, env);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^app\/api-key expires \d{4}-\d{2}-\d{2}T[\d:.]+Z\n$/);
  });

  test('use a raw field in a command substitution', async () => {
    const result = await sh(`PGPASSWORD=$(scaivault secrets read app/db/prod --field password); printf '[%s]' "$PGPASSWORD"`, env);
    assert.deepEqual([result.status, result.stdout], [0, '[example-password]']);
  });

  test('watch rotations arrive with poll --follow --json and jq', async () => {
    const client = new ScaiVaultClient({ baseUrl: server.url, token: server.rootToken });
    const subscription = await client.subscriptions.create({
      name: 'recipe',
      paths: ['app/**'],
      events: ['secret.rotated'],
      delivery: { type: 'polling' },
    });
    const recipe = `scaivault subscriptions poll ${subscription.id} --follow --json | jq -r 'select(.event_type=="secret.rotated") | "\\(.path): \\(.data.old_version) -> \\(.data.new_version)"'`;
    const child = spawn('bash', ['-c', recipe], {
      env: { ...process.env, ...env, PATH: `${join(REPO, 'node_modules', '.bin')}:${process.env.PATH}` },
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await client.secrets.rotate('app/db/prod', { random: true });
    // jq holds its output until it exits when writing to a pipe, so wait until the CLI has taken
    // (and acknowledged) the event: the subscription then has nothing left to deliver.
    const deadline = Date.now() + 15_000;
    while ((await client.subscriptions.poll(subscription.id, { timeout: 0 })).events.length > 0) {
      assert.ok(Date.now() < deadline, 'the CLI never acknowledged the event');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Stop the CLI as Ctrl-C would; jq then sees the end of its input, prints and exits. (A Ctrl-C
    // at a terminal also reaches jq, but there jq's output is line-buffered and already shown.)
    const cliPid = Number(execFileSync('pgrep', ['-P', String(child.pid), '-f', 'subscriptions poll'], { encoding: 'utf8' }).trim());
    process.kill(cliPid, 'SIGINT');
    await exited;
    await client.close();
    assert.equal(stdout, 'app/db/prod: 1 -> 2\n');
  });

  test('exit codes a script can branch on', async () => {
    assert.equal((await sh('scaivault secrets read app/missing', env)).status, 4);
    assert.equal((await sh('scaivault secrets read app/db/prod', { ...env, SCAIVAULT_TOKEN: 'skt_not_a_real_token' })).status, 2);
    assert.equal((await sh('scaivault secrets write "Bad Path" a=b', env)).status, 5);
    assert.equal((await sh('scaivault secrets read app/db/prod --field nope', env)).status, 4);
  });
});
