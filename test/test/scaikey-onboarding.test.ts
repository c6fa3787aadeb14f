// The scaikey seed lines as the CLI reference writes them, against `scaivault dev --scaikey`; the
// client-credentials login and the SDK's token refresh with ScaiKey tokens; and JWTs ScaiVault
// must refuse, refused by the CLI with exit 2.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ScaiVaultClient } from '@scaivault/sdk';
import { startDevScaiKey, startServer, type RunningDevScaiKey, type RunningServer } from '@scaivault/server';
import { BIN, tempHome } from './workspace.js';

function cli(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { SCAIVAULT_TOKEN: _token, SCAIVAULT_URL: _url, SCAIVAULT_TOKEN_URL: _tokenUrl, ...inherited } = process.env;
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...inherited, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** Waits for `scaivault dev`'s export lines and returns them as variables. */
function exportsOf(child: ChildProcessWithoutNullStreams): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = Object.fromEntries([...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      if (found.SCAIVAULT_URL && found.SCAIVAULT_TOKEN) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`scaivault dev exited ${code} before printing its exports: ${err}`)));
  });
}

describe('the scaikey seed lines against scaivault dev --scaikey', () => {
  let dev: ChildProcessWithoutNullStreams;
  let vars: Record<string, string>;
  const { home, cleanup } = tempHome('sv-scaikey-');
  let env: Record<string, string>;
  before(async () => {
    dev = spawn(process.execPath, [BIN, 'dev', '--scaikey', '--port', '0', '--scaikey-port', '0'], {
      env: { ...process.env, SCAIVAULT_HOME: home },
    });
    vars = await exportsOf(dev);
    // Only where the two servers are: no root token, so every command uses what the onboarding stored.
    env = { SCAIVAULT_HOME: home, SCAIVAULT_URL: vars.SCAIVAULT_URL!, SCAIVAULT_SCAIKEY_URL: vars.SCAIVAULT_SCAIKEY_URL! };
  });
  after(async () => {
    const exited = new Promise((resolve) => dev.on('exit', resolve));
    dev.kill('SIGTERM');
    await exited;
    cleanup();
  });

  const admin = async (method: string, path: string) => {
    const response = await fetch(`${vars.SCAIVAULT_SCAIKEY_URL}${path}`, {
      method,
      headers: { authorization: `Bearer ${vars.SCAIKEY_ADMIN_TOKEN}` },
    });
    assert.ok(response.ok, `${method} ${path}: ${response.status}`);
    return response.json() as Promise<any>;
  };

  test('register, approval, status (stores the credentials and logs in), sync, sync-status --history', async () => {
    const registered = await cli(
      ['scaikey', 'register', '--scope', 'tenant', '--tenant-slug', 'acme', '--email', 'admin@acme.example'],
      env,
    );
    assert.equal(registered.code, 0, registered.stderr);
    const requestId = /Registration request (reg_\w+)/.exec(registered.stdout)?.[1];
    assert.ok(requestId, registered.stdout);
    const saved = join(home, 'scaikey-registration.json');
    assert.equal(statSync(saved).mode & 0o777, 0o600);
    assert.doesNotMatch(registered.stdout + registered.stderr, /rst_/, 'the status token is never printed');

    const pending = await cli(['scaikey', 'status'], env);
    assert.deepEqual([pending.code, /PENDING/.test(pending.stdout)], [0, true], pending.stderr);

    await admin('POST', `/api/v1/admin/registrations/${requestId}/approve`);
    const approved = await cli(['scaikey', 'status'], env);
    assert.equal(approved.code, 0, approved.stderr);
    const secret = /Client secret\s+(sks_\S+)/.exec(approved.stdout)?.[1];
    assert.ok(secret, approved.stdout);
    assert.match(approved.stdout, /Logged in to .* as sa:cli_/);
    const config = JSON.parse(readFileSync(join(home, 'config.json'), 'utf8'));
    assert.equal(config.client_secret, secret);
    assert.equal(config.token_url, `${vars.SCAIVAULT_SCAIKEY_URL}/api/v1/auth/tenants/acme/oauth/token`);
    assert.equal(statSync(join(home, 'config.json')).mode & 0o777, 0o600);
    const again = await cli(['scaikey', 'status'], env);
    assert.equal(again.code, 4, 'the registration is done; nothing waits any more');

    const whoami = await cli(['auth', 'whoami', '--json'], env);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.equal(JSON.parse(whoami.stdout).identity_id, `sa:${config.client_id}`);

    const synced = await cli(['scaikey', 'sync'], env);
    assert.equal(synced.code, 0, synced.stderr);
    assert.match(synced.stdout, /completed \(tenant tnt_\w+\): 1 partner, 1 tenant, 1 user/);
    const history = await cli(['scaikey', 'sync-status', '--history'], env);
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /isy_\w+\s+completed/);

    // The same credentials through auth login, with token_url at the development ScaiKey.
    const other = tempHome('sv-scaikey-login-');
    try {
      const loginEnv = { SCAIVAULT_HOME: other.home, SCAIVAULT_URL: vars.SCAIVAULT_URL!, SCAIVAULT_TOKEN_URL: vars.SCAIVAULT_TOKEN_URL! };
      const login = await cli(['auth', 'login', '--client-id', config.client_id, '--client-secret', '-'], loginEnv, secret);
      assert.equal(login.code, 0, login.stderr);
      assert.match(login.stdout, new RegExp(`as sa:${config.client_id}`));
      const wrong = await cli(['auth', 'login', '--client-id', config.client_id, '--client-secret', '-'], loginEnv, 'sks_wrong');
      assert.equal(wrong.code, 2, wrong.stderr);
    } finally {
      other.cleanup();
    }
  });
});

describe('ScaiKey tokens with the SDK and the CLI', () => {
  let scaikey: RunningDevScaiKey;
  let vault: RunningServer;
  let offsetMs = 0;
  const clock = () => Date.now() + offsetMs;
  before(async () => {
    scaikey = await startDevScaiKey({ clock });
    vault = await startServer({ port: 0, clock, logger: () => {}, scaikey: { issuer: scaikey.issuer, jwksRefreshCooldownMs: 0 } });
  });
  after(async () => {
    await vault.close();
    await scaikey.close();
  });

  test("the SDK's client-credentials refresh: an expired ScaiKey token is replaced and the request replayed", async () => {
    const app = scaikey.scaikey.createClient({ name: 'sdk', scopes: ['secrets:read'], tenantId: 'tnt_dev' });
    let exchanges = 0;
    const client = new ScaiVaultClient({
      baseUrl: vault.url,
      clientId: app.client_id,
      clientSecret: app.client_secret,
      tokenUrl: app.token_url,
      hooks: { onRequest: (info) => void (info.url.includes('/oauth/token') && exchanges++) },
    });
    try {
      assert.equal((await client.auth.whoami()).identity_id, `sa:${app.client_id}`);
      assert.equal(exchanges, 1);
      // Two hours on, for ScaiKey and ScaiVault alike: the cached token is expired there, not in the SDK's view.
      offsetMs = 2 * 3600_000;
      assert.equal((await client.auth.whoami()).identity_id, `sa:${app.client_id}`);
      assert.equal(exchanges, 2, 'one new token after the 401 token_expired');
    } finally {
      offsetMs = 0;
      await client.close();
    }
  });

  test('a JWT with the wrong issuer or audience, expired, or signed by an unknown key is exit 2', async () => {
    const now = Math.floor(clock() / 1000);
    const claims = { sub: 'cli_x', client_id: 'cli_x', token_type: 'client_credentials', tenant_id: 'tnt_dev', scope: 'secrets:read' };
    const sign = (extra: Record<string, unknown>, exp = now + 600) =>
      scaikey.scaikey.signRaw({ iss: scaikey.issuer, aud: 'scaivault', ...claims, ...extra }, exp, now - 60);
    const impostor = await startDevScaiKey();
    const { home, cleanup } = tempHome('sv-scaikey-jwt-');
    try {
      const good = await cli(['auth', 'whoami'], { SCAIVAULT_HOME: home, SCAIVAULT_URL: vault.url, SCAIVAULT_TOKEN: await sign({}) });
      assert.equal(good.code, 0, good.stderr);
      const refused: Array<[string, string]> = [
        ['wrong issuer', await sign({ iss: impostor.issuer })],
        ['wrong audience', await sign({ aud: 'not-scaivault' })],
        ['expired', await sign({}, now - 1)],
        ['unknown key', await impostor.scaikey.signRaw({ iss: scaikey.issuer, aud: 'scaivault', ...claims }, now + 600, now)],
      ];
      for (const [label, token] of refused) {
        const result = await cli(['auth', 'whoami'], { SCAIVAULT_HOME: home, SCAIVAULT_URL: vault.url, SCAIVAULT_TOKEN: token });
        assert.equal(result.code, 2, `${label}: ${result.stderr}`);
        assert.match(result.stderr, /^error: /, label);
        assert.doesNotMatch(result.stderr, /eyJ/, `${label}: the token is not echoed`);
      }
    } finally {
      cleanup();
      await impostor.close();
    }
  });
});

describe('a user ScaiKey puts in a group reads through the group-bound policy once scaikey sync has run', () => {
  let scaikey: RunningDevScaiKey;
  let vault: RunningServer;
  const { home, cleanup } = tempHome('sv-scaikey-sync-');
  before(async () => {
    scaikey = await startDevScaiKey();
    const sync = scaikey.createSyncClient();
    // No webhook: only the sync can tell this server about the membership.
    vault = await startServer({
      port: 0,
      logger: () => {},
      scaikey: { issuer: scaikey.issuer, clientId: sync.client_id, clientSecret: sync.client_secret },
    });
  });
  after(async () => {
    await vault.close();
    await scaikey.close();
    cleanup();
  });

  test('secrets read is exit 3 before the sync and prints the value after it', async () => {
    const root = { SCAIVAULT_HOME: home, SCAIVAULT_URL: vault.url, SCAIVAULT_TOKEN: vault.rootToken };
    assert.equal((await cli(['secrets', 'write', 'team/dev/api-key', 'key=k-1'], root)).code, 0);
    const policy = await cli(
      ['policies', 'create', '--name', 'developers-read', '--path', 'team/dev/*', '--permissions', 'read', '--json'],
      root,
    );
    assert.equal(policy.code, 0, policy.stderr);
    const policyId = JSON.parse(policy.stdout).id as string;
    const bound = await cli(['policies', 'bind', policyId, '--identity-type', 'group', '--identity-id', 'group:developers'], root);
    assert.equal(bound.code, 0, bound.stderr);

    const directory = scaikey.scaikey.directory;
    const alice = directory.addUser({ tenantId: 'tnt_dev', email: 'alice@acme.example' });
    directory.addMember(directory.addGroup({ tenantId: 'tnt_dev', name: 'developers' }).id, alice.id);
    const asAlice = {
      SCAIVAULT_HOME: home,
      SCAIVAULT_URL: vault.url,
      SCAIVAULT_TOKEN: (await scaikey.scaikey.userToken(alice.id, ['secrets:read'])).access_token,
    };
    const before = await cli(['secrets', 'read', 'team/dev/api-key', '--field', 'key'], asAlice);
    assert.equal(before.code, 3, before.stderr);

    const synced = await cli(['scaikey', 'sync'], root);
    assert.equal(synced.code, 0, synced.stderr);
    assert.match(synced.stdout, /1 user, 1 group, 1 membership/);
    const after = await cli(['secrets', 'read', 'team/dev/api-key', '--field', 'key'], asAlice);
    assert.deepEqual([after.code, after.stdout], [0, 'k-1'], after.stderr);
  });
});
