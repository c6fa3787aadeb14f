import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers.js';

// Ids are random, and many rows share a millisecond (always, under the fixed clock fixtures are
// recorded with): lists in creation order must break ties by insertion, not by id.
const FIXED = Date.parse('2026-01-01T00:00:00Z');
const COUNT = 8;
let server: TestServer;
before(async () => {
  server = await startTestServer({ clock: () => FIXED, webhookTargets: 'loopback' });
});
after(() => server.close());

const names = Array.from({ length: COUNT }, (_, i) => `item-${i}`);

async function createAll(make: (name: string) => Promise<{ status: number; body: any }>): Promise<void> {
  for (const name of names) {
    const response = await make(name);
    assert.ok(response.status === 201 || response.status === 200, JSON.stringify(response.body));
  }
}

test('API keys, service accounts, personal tokens, subscriptions, webhooks and bindings list in creation order within one millisecond', async () => {
  const account = await server.api('POST', '/v1/service-accounts', { name: 'order' });
  await createAll((name) => server.api('POST', `/v1/service-accounts/${account.body.id}/keys`, { name }));
  assert.deepEqual(
    (await server.api('GET', `/v1/service-accounts/${account.body.id}/keys`)).body.keys.map((k: { name: string }) => k.name),
    names,
  );

  await createAll((name) => server.api('POST', '/v1/service-accounts', { name: `account ${name}` }));
  assert.deepEqual(
    (await server.api('GET', '/v1/service-accounts')).body.service_accounts
      .map((a: { name: string }) => a.name)
      .filter((n: string) => n.startsWith('account ')),
    names.map((n) => `account ${n}`),
  );

  await createAll((name) => server.api('POST', '/v1/auth/tokens', { identity_id: `user:${name}`, scopes: ['secrets:read'] }));
  assert.deepEqual(
    (await server.api('GET', '/v1/auth/tokens')).body.tokens
      .map((t: { identity_id: string }) => t.identity_id)
      .filter((id: string) => id.startsWith('user:item-')),
    names.map((n) => `user:${n}`),
  );

  await createAll((name) =>
    server.api('POST', '/v1/subscriptions', { name, paths: ['order/**'], events: ['secret.*'], delivery: { type: 'polling' } }),
  );
  assert.deepEqual(
    (await server.api('GET', '/v1/subscriptions')).body.subscriptions.map((s: { name: string }) => s.name),
    names,
  );

  await createAll((name) =>
    server.api('POST', '/v1/webhooks', { name, url: 'http://127.0.0.1:9/none', secret: 'whsec-order', events: ['secret.rotated'] }),
  );
  assert.deepEqual(
    (await server.api('GET', '/v1/webhooks')).body.webhooks.map((w: { name: string }) => w.name),
    names,
  );

  const policy = await server.api('POST', '/v1/policies', { name: 'order', rules: [{ path_pattern: 'order/**', permissions: ['read'] }] });
  await createAll((name) =>
    server.api('POST', `/v1/policies/${policy.body.id}/bindings`, { identity_type: 'user', identity_id: `user:${name}` }),
  );
  assert.deepEqual(
    (await server.api('GET', `/v1/policies/${policy.body.id}/bindings`)).body.bindings.map((b: { identity_id: string }) => b.identity_id),
    names.map((n) => `user:${n}`),
  );
});
