import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, waitFor, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer({ webhookTargets: 'loopback', webhookRetryDelaysMs: [] })));
after(() => server.close());

interface Envelope {
  event_id: string;
  event_type: string;
  path?: string;
}

async function receiver(): Promise<{ url: string; events: Envelope[]; close: () => Promise<void> }> {
  const events: Envelope[] = [];
  const http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope);
      response.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`,
    events,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

async function bindAppReader(identityId: string): Promise<{ policyId: string; bindingId: string }> {
  const policy = await server.api('POST', '/v1/policies', {
    name: `app-reader-${identityId}`,
    rules: [{ path_pattern: 'app/**', permissions: ['read', 'list'] }],
  });
  const binding = await server.api('POST', `/v1/policies/${policy.body.id}/bindings`, { identity_type: 'user', identity_id: identityId });
  return { policyId: policy.body.id, bindingId: binding.body.id };
}

/** Root does things the subscriber may not see: a payroll secret read, and a new policy. */
async function activityOutsideApp(): Promise<void> {
  await server.api('PUT', '/v1/secrets/other/payroll/db', { data: { password: 'p' } });
  await server.api('GET', '/v1/secrets/other/payroll/db');
  await server.api('POST', '/v1/policies', {
    name: 'payroll-admins',
    rules: [{ path_pattern: 'other/payroll/**', permissions: ['admin'] }],
  });
}

const paths = (events: Envelope[]) => events.map((event) => event.path);

test('polls and webhook subscriptions deliver only events the subscriber may see', async () => {
  await bindAppReader('user:sub@acme.example');
  const token = await server.tokenFor('user:sub@acme.example', [
    'secrets:read',
    'secrets:list',
    'subscriptions:read',
    'subscriptions:write',
  ]);
  const pushed = await receiver();
  const everything = await receiver();
  try {
    const polling = await server.api(
      'POST',
      '/v1/subscriptions',
      { name: 'all', paths: ['**'], events: ['*'], delivery: { type: 'polling' } },
      { token },
    );
    const pushing = await server.api(
      'POST',
      '/v1/subscriptions',
      {
        name: 'push',
        paths: ['**'],
        events: ['*'],
        delivery: { type: 'webhook', url: pushed.url, secret: 'whsec_visibility_visibility_visibility' },
      },
      { token },
    );
    assert.equal(pushing.status, 201);
    // Root's own subscription sees everything; once it has, the subscriber's deliveries were decided too.
    await server.api('POST', '/v1/subscriptions', {
      name: 'root-all',
      paths: ['**'],
      events: ['*'],
      delivery: { type: 'webhook', url: everything.url, secret: 'whsec_visibility_visibility_visibility' },
    });

    await server.api('PUT', '/v1/secrets/app/db', { data: { password: 'a' } });
    await activityOutsideApp();
    await waitFor(() => everything.events.some((event) => event.event_type === 'policy.created') || undefined);
    assert.ok(
      everything.events.some((event) => event.event_type === 'secret.accessed' && event.path === 'other/payroll/db'),
      'root is told',
    );
    await server.api('PUT', '/v1/secrets/app/last', { data: { v: 1 } });
    await waitFor(() => pushed.events.some((event) => event.path === 'app/last') || undefined);

    const polled = await server.api('GET', `/v1/subscriptions/${polling.body.id}/poll?timeout=0`, undefined, { token });
    assert.deepEqual(paths(polled.body.events), ['app/db', 'app/last']);
    assert.deepEqual(paths(pushed.events), ['app/db', 'app/last']);
    for (const event of [...polled.body.events, ...pushed.events] as Envelope[])
      assert.ok(!event.event_type.startsWith('policy.'), `${event.event_type} needs policies:read`);
  } finally {
    await pushed.close();
    await everything.close();
  }
});

test('access is judged when an event is delivered, not when it happened', async () => {
  const { policyId, bindingId } = await bindAppReader('user:leaver@acme.example');
  const token = await server.tokenFor('user:leaver@acme.example', ['secrets:read', 'subscriptions:read', 'subscriptions:write']);
  const polling = await server.api(
    'POST',
    '/v1/subscriptions',
    { name: 'late', paths: ['app/**'], events: ['secret.*'], delivery: { type: 'polling' } },
    { token },
  );
  await server.api('PUT', '/v1/secrets/app/queued-while-allowed', { data: { v: 1 } });
  assert.equal((await server.api('DELETE', `/v1/policies/${policyId}/bindings/${bindingId}`)).status, 204);
  const polled = await server.api('GET', `/v1/subscriptions/${polling.body.id}/poll?timeout=0`, undefined, { token });
  assert.deepEqual(polled.body, { events: [], has_more: false });
});

test('a tenant webhook delivers only what its creator may see', async () => {
  await bindAppReader('user:hook-admin@acme.example');
  const admin = await server.tokenFor('user:hook-admin@acme.example', ['admin']);
  const hook = await receiver();
  try {
    const created = await server.api(
      'POST',
      '/v1/webhooks',
      { name: 'app-alerts', url: hook.url, secret: 'whsec_visibility_visibility_visibility', events: ['secret.*'] },
      { token: admin },
    );
    assert.equal(created.status, 201);
    await activityOutsideApp();
    await server.api('PUT', '/v1/secrets/app/hooked', { data: { v: 1 } });
    await waitFor(() => hook.events.some((event) => event.path === 'app/hooked') || undefined);
    const deliveries = await server.api('GET', `/v1/webhooks/${created.body.id}/deliveries`, undefined, { token: admin });
    assert.equal(deliveries.body.deliveries.length, 1, 'nothing was even queued for the payroll secret');
    assert.deepEqual(paths(hook.events), ['app/hooked']);
  } finally {
    await hook.close();
  }
});
