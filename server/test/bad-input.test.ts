import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
// Webhooks in these bodies point at loopback, which the default target policy refuses.
before(async () => (server = await startTestServer({ webhookTargets: 'loopback' })));
after(() => server.close());

function assertEnvelope(status: number, body: string, what: string): { code: string; message: string; details: Record<string, unknown> } {
  assert.ok(status >= 400 && status < 500, `${what}: expected a 4xx, got ${status} ${body.slice(0, 200)}`);
  const parsed = JSON.parse(body) as { error: { code: string; message: string; details: Record<string, unknown>; request_id: string } };
  assert.match(parsed.error.request_id, /^req_/, what);
  assert.equal(typeof parsed.error.code, 'string', what);
  return parsed.error;
}

/** Every place in a JSON value, as a path of keys and indexes. */
function places(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...places(item, [...at, i])));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) out.push(...places(item, [...at, key]));
  return out;
}

function replaced(value: unknown, at: (string | number)[], by: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = by;
  return copy;
}

const WRONG_VALUES: unknown[] = [null, 0, -1, 1.5, '', 'x', true, [], {}, [null], { a: null }];

test('no field of any request body, given null or a wrong type, makes a route fail with 500', async () => {
  const policy = await server.api('POST', '/v1/policies', { name: 'fuzz', rules: [{ path_pattern: 'fuzz/*', permissions: ['read'] }] });
  const secretPolicy = await server.api('POST', '/v1/secret-policies', {
    name: 'fuzz',
    policy_type: 'password',
    fields: [{ name: 'password', generator: 'random', config: { length: 16, charset: 'safe' } }],
  });
  const rotation = await server.api('POST', '/v1/rotation/policies', { name: 'fuzz', interval: '30d' });
  const webhook = await server.api('POST', '/v1/webhooks', {
    name: 'fuzz',
    url: 'http://127.0.0.1:9/none',
    secret: 'whsec-fuzz',
    events: ['secret.rotated'],
  });
  const subscription = await server.api('POST', '/v1/subscriptions', {
    name: 'fuzz',
    paths: ['fuzz/**'],
    events: ['secret.*'],
    delivery: { type: 'polling' },
  });
  const account = await server.api('POST', '/v1/service-accounts', { name: 'fuzz', roles: ['secrets-reader'] });
  await server.api('PUT', '/v1/secrets/fuzz/one', { data: { a: 1 } });
  for (const created of [policy, secretPolicy, rotation, webhook, subscription, account])
    assert.ok(created.status < 300, JSON.stringify(created.body));
  const window = { start: '09:00', end: '17:00', days: ['mon', 'tue'] };
  const samples: [string, string, unknown][] = [
    [
      'PUT',
      '/v1/secrets/fuzz/one',
      {
        data: { a: 1 },
        secret_type: 'kv',
        metadata: { tags: ['t'] },
        options: { max_versions: 5, expires_in: '30d', rotation_policy_id: rotation.body.id, secret_policy_id: secretPolicy.body.id },
      },
    ],
    ['PATCH', '/v1/secrets/fuzz/one', { metadata: { owner: 'x' } }],
    ['POST', '/v1/secrets/batch', { paths: ['fuzz/one'], options: { version: 1, include_metadata: true, fail_fast: false } }],
    ['POST', '/v1/secrets/batch/metadata', { paths: ['fuzz/*'], expand_wildcards: true }],
    [
      'POST',
      '/v1/policies',
      {
        name: 'fuzz2',
        description: 'd',
        scope: 'tenant',
        rules: [
          {
            path_pattern: 'fuzz/*',
            permissions: ['read'],
            conditions: { ip_ranges: ['10.0.0.0/8'], require_mfa: true, time_window: window },
          },
        ],
      },
    ],
    [
      'PUT',
      `/v1/policies/${policy.body.id}`,
      { name: 'fuzz', rules: [{ path_pattern: 'fuzz/*', permissions: ['read'], conditions: { time_window: window } }], is_active: true },
    ],
    ['PATCH', `/v1/policies/${policy.body.id}`, { description: 'd', rules: [{ path_pattern: 'fuzz/*', permissions: ['read'] }] }],
    [
      'POST',
      '/v1/policies/test',
      {
        identity_id: 'user:a@b.example',
        path: 'fuzz/one',
        permission: 'read',
        groups: ['group:x'],
        context: { source_ip: '10.0.0.1', mfa_verified: true, timestamp: '2026-04-23T14:00:00Z' },
      },
    ],
    [
      'POST',
      `/v1/policies/${policy.body.id}/bindings`,
      { identity_type: 'user', identity_id: 'user:a@b.example', expires_at: '2030-01-01T00:00:00Z' },
    ],
    [
      'POST',
      '/v1/secret-policies',
      {
        name: 'fuzz3',
        description: 'd',
        policy_type: 'password',
        fields: [{ name: 'password', generator: 'random', config: { length: 16, charset: 'safe' } }],
      },
    ],
    [
      'PATCH',
      `/v1/secret-policies/${secretPolicy.body.id}`,
      { description: 'd', fields: [{ name: 'k', generator: 'template', config: { template: 'ak_{{hex:4}}' } }], is_active: true },
    ],
    [
      'PUT',
      `/v1/secret-policies/${secretPolicy.body.id}`,
      { name: 'fuzz', fields: [{ name: 'u', generator: 'uuid', config: { version: 4 } }] },
    ],
    [
      'POST',
      '/v1/rotation/policies',
      {
        name: 'fuzz4',
        description: 'd',
        interval: '30d',
        grace_period: '1h',
        warn_before: '7d,1d',
        auto_generate: false,
        secret_policy_id: secretPolicy.body.id,
        webhook_ids: [webhook.body.id],
      },
    ],
    ['PATCH', `/v1/rotation/policies/${rotation.body.id}`, { interval: '60d', warn_before: ['7d'], is_active: true }],
    ['POST', `/v1/rotation/policies/${rotation.body.id}/secrets`, { secret_path: 'fuzz/one' }],
    ['POST', `/v1/rotation/policies/${rotation.body.id}/rotate`, { secret_paths: ['fuzz/one'] }],
    [
      'POST',
      '/v1/webhooks',
      {
        name: 'fuzz5',
        url: 'http://127.0.0.1:9/none',
        secret: 'whsec-x',
        events: ['secret.created'],
        filters: { paths: ['fuzz/**'], secret_types: ['kv'], tags: ['t'] },
        enabled: true,
        previous_secret_ttl: '1h',
      },
    ],
    ['PATCH', `/v1/webhooks/${webhook.body.id}`, { events: ['secret.*'], filters: { paths: ['fuzz/**'] }, enabled: false }],
    [
      'POST',
      '/v1/subscriptions',
      {
        name: 'fuzz6',
        paths: ['fuzz/**'],
        events: ['secret.*'],
        filters: { secret_types: ['kv'], tags: ['t'] },
        delivery: { type: 'polling', buffer_size: 10 },
      },
    ],
    [
      'PATCH',
      `/v1/subscriptions/${subscription.body.id}`,
      {
        name: 'fuzz',
        paths: ['fuzz/**'],
        events: ['secret.created'],
        delivery: { type: 'webhook', url: 'http://127.0.0.1:9/x', secret: 's' },
      },
    ],
    ['POST', `/v1/subscriptions/${subscription.body.id}/ack`, { event_ids: ['evt_x'] }],
    ['POST', '/v1/service-accounts', { name: 'fuzz7', description: 'd', roles: ['secrets-reader'], scopes: ['secrets:read'] }],
    ['PATCH', `/v1/service-accounts/${account.body.id}`, { name: 'fuzz', description: 'd', roles: ['secrets-reader'] }],
    ['POST', `/v1/service-accounts/${account.body.id}/keys`, { name: 'k', expires_in: '30d' }],
    ['POST', '/v1/auth/introspect', { token: 'skt_nothing' }],
    [
      'POST',
      '/v1/auth/tokens',
      {
        identity_id: 'user:f@b.example',
        display_name: 'F',
        scopes: ['secrets:read'],
        groups: ['group:g'],
        mfa_verified: true,
        expires_in: '1h',
      },
    ],
    [
      'POST',
      '/v1/audit/export',
      {
        format: 'jsonl',
        from: '2026-01-01T00:00:00Z',
        to: '2030-01-01T00:00:00Z',
        filters: { action: 'write' },
        destination: { type: 's3', bucket: 'b', prefix: 'p/' },
      },
    ],
  ];
  const failures: string[] = [];
  for (const [method, path, sample] of samples) {
    const bodies: [string, unknown][] = [[`${method} ${path} sample`, sample]];
    for (const whole of WRONG_VALUES) bodies.push([`${method} ${path} body=${JSON.stringify(whole)}`, whole]);
    for (const place of places(sample))
      for (const value of WRONG_VALUES)
        bodies.push([`${method} ${path} ${place.join('.')}=${JSON.stringify(value)}`, replaced(sample, place, value)]);
    for (const [what, body] of bodies) {
      const response = await rawRequest(
        server.url,
        method,
        path,
        { authorization: `Bearer ${server.rootToken}`, 'content-type': 'application/json' },
        JSON.stringify(body),
      );
      if (response.status >= 500) failures.push(`${what} → ${response.status}`);
      else if (response.status >= 400) assertEnvelope(response.status, response.body, what);
    }
  }
  assert.deepEqual(failures, []);
  assert.equal((await server.api('GET', '/v1/health')).status, 200, 'still serving');
  // Nothing accepted above (webhook or subscription filters, policy rules…) breaks later writes.
  assert.equal(
    (await server.api('PUT', '/v1/secrets/fuzz/after', { data: { a: 1 }, metadata: { tags: ['t'] } })).status,
    200,
    'still writing',
  );
});

test('data: null on a secret write and time_window: null in a policy are 4xx, not crashes', async () => {
  const write = await server.api('PUT', '/v1/secrets/nulls/data', { data: null });
  assert.equal(write.status, 422);
  assert.equal(write.body.error.code, 'validation_error');
  assert.ok('data' in write.body.error.details.fields);
  const policy = await server.api('POST', '/v1/policies', {
    name: 'null-window',
    rules: [{ path_pattern: 'a/*', permissions: ['read'], conditions: { time_window: null } }],
  });
  assert.equal(policy.status, 400);
  assert.equal(policy.body.error.code, 'invalid_policy');
  const binding = await server.api('POST', '/v1/policies/pol_none/bindings', { identity_type: null, identity_id: 'user:a@b.example' });
  assert.equal(binding.status, 422);
});

test('bodies nested deeper than 64 levels are 400 invalid_request, in data and in metadata', async () => {
  const auth = { authorization: `Bearer ${server.rootToken}`, 'content-type': 'application/json' };
  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
  for (const body of [`{"data": {"a": ${deep(4000)}}}`, `{"data": {"a": 1}, "metadata": {"m": ${deep(4000)}}}`, deep(100)]) {
    const response = await rawRequest(server.url, 'PUT', '/v1/secrets/deep/one', auth, body);
    const error = assertEnvelope(response.status, response.body, body.slice(0, 30));
    assert.equal(response.status, 400);
    assert.equal(error.code, 'invalid_request');
    assert.equal(error.details.max_depth, 64);
  }
  // Brackets inside strings are not nesting, and 60 levels is still fine.
  const fine = await server.api('PUT', '/v1/secrets/deep/ok', {
    data: { text: '['.repeat(5000), nested: JSON.parse(`${'{"a":'.repeat(60)}1${'}'.repeat(60)}`) },
  });
  assert.equal(fine.status, 200);
  assert.equal((await server.api('GET', '/v1/secrets/deep/ok')).body.data.text.length, 5000);
});

test('invalid UTF-8 and lone surrogates in a value or key are 400, never silently replaced', async () => {
  const headers = { authorization: `Bearer ${server.rootToken}`, 'content-type': 'application/json' };
  const send = (bytes: Buffer) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      fetch(`${server.url}/v1/secrets/utf8/bad`, { method: 'PUT', headers, body: bytes }).then(
        async (r) => resolve({ status: r.status, body: await r.text() }),
        reject,
      );
    });
  const inValue = Buffer.concat([Buffer.from('{"data": {"k": "a'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
  const inKey = Buffer.concat([Buffer.from('{"data": {"'), Buffer.from([0xc3]), Buffer.from('": "v"}}')]);
  const surrogate = Buffer.from('{"data": {"k": "\\ud800"}}');
  for (const bytes of [inValue, inKey, surrogate]) {
    const response = await send(bytes);
    assert.equal(response.status, 400, response.body);
    assert.equal(assertEnvelope(response.status, response.body, 'utf8').code, 'invalid_request');
  }
  assert.equal((await server.api('GET', '/v1/secrets/utf8/bad')).status, 404, 'nothing was stored');
  const good = await server.api('PUT', '/v1/secrets/utf8/good', { data: { clé: 'värde 🔑' } });
  assert.equal(good.status, 200);
  assert.deepEqual((await server.api('GET', '/v1/secrets/utf8/good')).body.data, { clé: 'värde 🔑' });
});

test('a form body with invalid UTF-8, raw or percent-encoded, is 400 rather than silently rewritten', async () => {
  const post = (body: Buffer | string) =>
    fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  for (const body of [
    Buffer.concat([Buffer.from('grant_type=client_credentials&client_id=sva_x&client_secret=a'), Buffer.from([0xff])]),
    'grant_type=client_credentials&client_id=sva_x&client_secret=%FF%FE',
    'grant_type=client_credentials&client_id=%zz&client_secret=x',
  ]) {
    const response = await post(body);
    const text = await response.text();
    assert.equal(assertEnvelope(response.status, text, String(body)).code, 'invalid_request');
    assert.equal(response.status, 400);
  }
  // A well-formed form still reaches the token endpoint (and its own OAuth error shape).
  const wellFormed = await post('grant_type=client_credentials&client_id=sva_x&client_secret=s%C3%A9cret+x');
  assert.equal(wellFormed.status, 401);
  assert.equal(((await wellFormed.json()) as { error: string }).error, 'invalid_client');
});

test('Basic client credentials that are not valid percent-encoding are invalid_client, not a crash', async () => {
  for (const pair of ['%:x', 'sva_x:%E0%A4%A', '%zz:%zz']) {
    const response = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(pair).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    assert.equal(response.status, 401, pair);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_client', pair);
  }
});
