// The --store-in branches a recording cannot produce: the secret write fails for a reason the
// local server never gives (503), and then revoking the key fails too.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURE_ORIGIN, runCli, singlePluginDistribution } from '@scaivault/core/testing';
import { MockAgent } from '@scaivault/core/undici';

const here = dirname(fileURLToPath(import.meta.url));
const distribution = singlePluginDistribution('@scaivault/plugin-service-accounts', join(here, '..', '..'));
const home = mkdtempSync(join(tmpdir(), 'sv-sa-'));
after(() => rmSync(home, { recursive: true, force: true }));

const ACCOUNT = 'sva_0000000000000001';
const KEY_ID = 'key_0000000000000002';
const PLAINTEXT = 'svk_example-plaintext-of-a-new-key-000000000';
const CREATED = {
  id: KEY_ID,
  service_account_id: ACCOUNT,
  name: 'Production Key',
  prefix: 'svk_exam',
  created_at: '2026-01-01T00:00:00.000Z',
  expires_at: null,
  last_used_at: null,
  key: PLAINTEXT,
};
const JSON_HEADERS = { 'content-type': 'application/json' };
const UNAVAILABLE = { error: { code: 'service_unavailable', message: 'ScaiVault is restarting', request_id: 'req_0000000000000003' } };

/** A strict agent: requests nobody expected fail, and every interceptor must be used. */
function agentExpecting(store: number, revoke: number): { agent: MockAgent; requests: string[] } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const requests: string[] = [];
  const pool = agent.get(FIXTURE_ORIGIN);
  pool
    .intercept({
      method: 'POST',
      path: `/v1/service-accounts/${ACCOUNT}/keys`,
      body: (body: string) => JSON.stringify(JSON.parse(body)) === JSON.stringify({ name: 'Production Key' }),
      headers: (headers: Record<string, string>) => typeof headers['idempotency-key'] === 'string' && headers['idempotency-key'].length > 0,
    })
    .reply(() => {
      requests.push('create');
      return { statusCode: 201, data: JSON.stringify(CREATED), responseOptions: { headers: JSON_HEADERS } };
    });
  pool
    .intercept({
      method: 'PUT',
      path: '/v1/secrets/ci/keys/prod',
      body: (body: string) => {
        const parsed = JSON.parse(body) as { data: unknown; secret_type: string };
        return (
          parsed.secret_type === 'api_key' &&
          JSON.stringify(parsed.data) === JSON.stringify({ key: PLAINTEXT, key_id: KEY_ID, service_account_id: ACCOUNT })
        );
      },
    })
    .reply(() => {
      requests.push('store');
      return { statusCode: 503, data: JSON.stringify(UNAVAILABLE), responseOptions: { headers: JSON_HEADERS } };
    })
    .times(store);
  pool
    .intercept({ method: 'DELETE', path: `/v1/service-accounts/${ACCOUNT}/keys/${KEY_ID}` })
    .reply(() => {
      requests.push('revoke');
      return revoke === 0
        ? { statusCode: 204, data: '' }
        : { statusCode: 503, data: JSON.stringify(UNAVAILABLE), responseOptions: { headers: JSON_HEADERS } };
    })
    .times(Math.max(1, revoke));
  return { agent, requests };
}

function run(argv: string[], agent: MockAgent) {
  return runCli(['service-accounts', 'create-key', ACCOUNT, '--name', 'Production Key', '--store-in', 'ci/keys/prod', ...argv], {
    distribution,
    env: { SCAIVAULT_HOME: home, SCAIVAULT_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: 'fixture-token' },
    dispatcher: agent,
  });
}

test('a key that cannot be stored is revoked, never printed, and the command fails', async () => {
  // The SDK retries a PUT on 503 (it is idempotent): three attempts, all refused.
  const { agent, requests } = agentExpecting(3, 0);
  const result = await run([], agent);
  agent.assertNoPendingInterceptors();
  assert.deepEqual(requests, ['create', 'store', 'store', 'store', 'revoke']);
  assert.equal(result.exitCode, 1);
  assert.equal(result.stdout, '');
  assert.ok(!result.stderr.includes(PLAINTEXT), 'the revoked key is not shown');
  assert.match(result.stderr, /^error: could not store the new key at ci\/keys\/prod: ScaiVault is restarting/m);
  assert.match(result.stderr, new RegExp(`key ${KEY_ID} was revoked, so nothing was left behind`));
  await agent.close();
});

test('when revoking fails too, the live key is printed on stderr with a warning and the command fails', async () => {
  const { agent, requests } = agentExpecting(3, 3);
  const result = await run([], agent);
  agent.assertNoPendingInterceptors();
  assert.deepEqual(requests, ['create', 'store', 'store', 'store', 'revoke', 'revoke', 'revoke']);
  assert.equal(result.exitCode, 1);
  assert.equal(result.stdout, '', 'stdout stays clean for scripts');
  const lines = result.stderr.trimEnd().split('\n');
  assert.match(lines[0]!, /^warning: storing the new key at ci\/keys\/prod failed \(ScaiVault is restarting\) and revoking it failed too/);
  assert.match(lines[1]!, new RegExp(`^warning: key ${KEY_ID} of ${ACCOUNT} is LIVE\\..*delete-key ${ACCOUNT} ${KEY_ID} --yes$`));
  assert.equal(lines[2], PLAINTEXT, 'the plaintext sits alone on its line, ready to copy');
  assert.match(lines[3]!, new RegExp(`^error: could not store key ${KEY_ID} at ci/keys/prod nor revoke it: the key is live`));
  assert.equal(lines.length, 4);
  await agent.close();
});

test('under --json the failure is a JSON error on stderr and the live key still reaches the user', async () => {
  const { agent } = agentExpecting(3, 3);
  const result = await run(['--json'], agent);
  agent.assertNoPendingInterceptors();
  assert.equal(result.exitCode, 1);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  assert.ok(lines.includes(PLAINTEXT));
  const error = JSON.parse(lines[lines.length - 1]!) as { error: { code: string; message: string } };
  assert.equal(error.error.code, 'service_unavailable');
  assert.match(error.error.message, /the key is live/);
  await agent.close();
});
