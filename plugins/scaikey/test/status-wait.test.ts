import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Clock } from '@scaivault/core';
import { FIXTURE_ORIGIN, jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-scaikey', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

test('status --wait asks again every 2 s while PENDING, then stores what the approval hands out', async () => {
  let now = Date.UTC(2026, 0, 1);
  const slept: number[] = [];
  // Sleeping only moves this clock: the test waits for nothing.
  const clock: Clock = { now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
  const path = '/api/v1/public/register/applications/reg_abc';
  const query = { status_token: 'rst_example-status-token' };
  const pending = { request_id: 'reg_abc', status: 'PENDING', credentials_retrieved: false };
  const credentials = {
    client_id: 'cli_abc',
    client_secret: 'sks_example-client-secret',
    token_url: `${FIXTURE_ORIGIN}/api/v1/auth/tenants/acme/oauth/token`,
    tenant_id: 'tnt_acme',
    scopes: ['secrets:read'],
  };
  const result = await runOffline(['scaikey', 'status', '--request-id', 'reg_abc', '--status-token', '-', '--wait'], {
    distribution,
    clock,
    stdin: 'rst_example-status-token',
    env: { SCAIVAULT_SCAIKEY_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: '' },
    exchanges: [
      { request: { method: 'GET', path, query }, response: jsonReply(200, pending) },
      { request: { method: 'GET', path, query }, response: jsonReply(200, pending) },
      {
        request: { method: 'GET', path, query },
        response: jsonReply(200, { ...pending, status: 'APPROVED', credentials_retrieved: true, credentials }),
      },
      {
        request: { method: 'POST', path: '/api/v1/auth/tenants/acme/oauth/token' },
        response: jsonReply(200, { access_token: 'eyJexample.token.sig', token_type: 'Bearer', expires_in: 3600 }),
      },
      {
        request: { method: 'GET', path: '/v1/auth/whoami' },
        response: jsonReply(200, { identity_id: 'sa:cli_abc', identity_type: 'service_account', tenant_id: 'tnt_acme' }),
      },
    ],
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.ok(result.allUsed, 'asked three times, then logged in');
  assert.deepEqual(slept, [2000, 2000]);
  assert.match(result.stdout, /Client secret\s+sks_example-client-secret/);
  assert.match(result.stdout, /Logged in to .* as sa:cli_abc/);
});
