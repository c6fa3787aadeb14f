import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor, type TestServer } from './helpers.js';
import { startDynamicTarget, type DynamicTarget } from './dynamic-target.js';
import { createEngine } from './dynamic-setup.js';

// server/dist/test → the repository, whose node_modules/.bin holds the built `scaivault`.
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let dev: ChildProcess;
let target: DynamicTarget;
let env: Record<string, string>;
let home: string;
const PATH = `${join(REPO, 'node_modules', '.bin')}:${process.env.PATH}`;

/** `scaivault dev` as a user starts it; answers once it prints the exports it documents. */
async function startDev(home: string): Promise<{ url: string; token: string }> {
  dev = spawn('scaivault', ['dev', '--port', '0'], { env: { ...process.env, PATH, SCAIVAULT_HOME: home } });
  let out = '';
  dev.stdout!.on('data', (chunk) => (out += chunk));
  dev.stderr!.resume();
  const exports = await waitFor(() => /export SCAIVAULT_URL=(\S+)\nexport SCAIVAULT_TOKEN=(\S+)\n/.exec(out) ?? undefined, 20_000);
  return { url: exports[1]!, token: exports[2]! };
}

/** Just enough of the test server's `api` for the setup helpers, against the dev server. */
function apiOf(url: string, token: string): Pick<TestServer, 'api'> {
  return {
    async api(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
    },
  };
}

before(async () => {
  target = await startDynamicTarget();
  home = mkdtempSync(join(tmpdir(), 'sv-recipe-'));
  const { url, token } = await startDev(home);
  await createEngine(apiOf(url, token) as TestServer, target);
  env = { SCAIVAULT_URL: url, SCAIVAULT_TOKEN: token, SCAIVAULT_HOME: home, PATH };
});
after(async () => {
  const exited = new Promise((resolve) => dev.once('exit', resolve));
  dev.kill('SIGTERM');
  await exited;
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

test('the one-shot lease recipe, as written, against scaivault dev, with psql: the login reads what it may, and is gone after revoke', async () => {
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
