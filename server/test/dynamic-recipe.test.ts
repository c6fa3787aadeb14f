import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, waitFor, type TestServer } from './helpers.js';
import { startDynamicTarget, type DynamicTarget } from './dynamic-target.js';
import { createEngine } from './dynamic-setup.js';

// server/dist/test → the repository, whose node_modules/.bin holds the built `scaivault`.
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let server: TestServer;
let target: DynamicTarget;
let env: Record<string, string>;
let home: string;
before(async () => {
  target = await startDynamicTarget();
  server = await startTestServer();
  await createEngine(server, target);
  home = mkdtempSync(join(tmpdir(), 'sv-recipe-'));
  env = {
    SCAIVAULT_URL: server.url,
    SCAIVAULT_TOKEN: server.rootToken,
    SCAIVAULT_HOME: home,
    PATH: `${join(REPO, 'node_modules', '.bin')}:${process.env.PATH}`,
  };
});
after(async () => {
  await server.close();
  await target.stop();
  rmSync(home, { recursive: true, force: true });
});

function sh(script: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('the one-shot lease recipe, as written, with psql: the login reads what it may, and is gone after revoke', async () => {
  const recipe = await sh(
    `lease=$(scaivault dynamic creds postgres-prod readonly --ttl 30m --json); echo "$lease" | jq -r '.data.connection_url, .lease_id'`,
  );
  assert.equal(recipe.status, 0, recipe.stderr);
  const [url, leaseId] = recipe.stdout.trim().split('\n') as [string, string];
  assert.match(url, /^postgresql:\/\/v_readonly_[a-z0-9]{20}:[A-Za-z0-9]{32}@127\.0\.0\.1:\d+\/app$/);
  assert.match(leaseId, /^lease_[0-9a-z]{16}$/);
  const username = decodeURIComponent(new URL(url).username);

  const read = await sh(`psql "${url}" -At -c 'SELECT item FROM orders ORDER BY id'`);
  assert.deepEqual([read.status, read.stdout], [0, 'tea\ncoffee\n']);
  const forbidden = await sh(`psql "${url}" -At -c 'SELECT * FROM payroll'`);
  assert.notEqual(forbidden.status, 0);
  assert.match(forbidden.stderr, /permission denied for table payroll/);

  // An open psql session, which revoke must end (PostgreSQL checks the login only when it starts).
  const session = spawn('psql', [url, '-At'], { env: { ...process.env, ...env } });
  let sessionOut = '';
  let sessionErr = '';
  session.stdout.on('data', (chunk) => (sessionOut += chunk));
  session.stderr.on('data', (chunk) => (sessionErr += chunk));
  const sessionEnded = new Promise<number | null>((resolve) => session.on('close', resolve));
  session.stdin.write('SELECT 41 + 1;\n');
  await waitFor(() => sessionOut.includes('42'));
  assert.equal((await target.query('SELECT 1 FROM pg_stat_activity WHERE usename = $1', [username])).length, 1);

  const revoked = await sh(`scaivault dynamic leases revoke "${leaseId}"`);
  assert.equal(revoked.status, 0, revoked.stderr);
  assert.match(revoked.stdout, new RegExp(`^Revoked lease ${leaseId}; login ${username} dropped\\n$`));
  assert.deepEqual(await target.query('SELECT 1 FROM pg_stat_activity WHERE usename = $1', [username]), []);
  session.stdin.write('SELECT 1;\n');
  session.stdin.end();
  await sessionEnded;
  assert.match(sessionErr, /terminating connection|server closed the connection/);

  const login = await sh(`psql "${url}" -At -c 'SELECT 1'`);
  assert.notEqual(login.status, 0);
  assert.match(login.stderr, /password authentication failed for user "v_readonly_/);
  assert.equal(await target.roleExists(username), false);
  const lease = await sh(`scaivault dynamic leases get "${leaseId}" --field status`);
  assert.equal(lease.stdout, 'revoked');
});

test('the table view of creds hides the password; --field password prints it raw', async () => {
  const table = await sh('scaivault dynamic creds postgres-prod readonly --ttl 5m');
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /Password\s+\(hidden: use --field password or --json\)/);
  assert.doesNotMatch(table.stdout, /postgresql:\/\//);
  const password = await sh('scaivault dynamic creds postgres-prod readonly --ttl 5m --field password');
  assert.match(password.stdout, /^[A-Za-z0-9]{32}$/);
  const listed = await sh('scaivault dynamic leases list --engine postgres-prod');
  assert.ok(!listed.stdout.includes(password.stdout.trim()));
});
