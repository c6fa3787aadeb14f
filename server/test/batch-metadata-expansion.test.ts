import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

test('expand_wildcards names only paths the caller may list', async () => {
  for (const path of ['team/app/db', 'team/app/cache', 'other/payroll/db', 'team/secret-ops/root']) {
    assert.equal((await server.api('PUT', `/v1/secrets/${path}`, { data: { v: 1 } })).status, 200);
  }
  const policy = await server.api('POST', '/v1/policies', {
    name: 'app-lister',
    rules: [{ path_pattern: 'team/app/**', permissions: ['list'] }],
  });
  await server.api('POST', `/v1/policies/${policy.body.id}/bindings`, { identity_type: 'user', identity_id: 'user:lister@acme.example' });
  const token = await server.tokenFor('user:lister@acme.example', ['secrets:list']);

  for (const pattern of ['**', 'team/**', '*/*/*']) {
    const response = await server.api('POST', '/v1/secrets/batch/metadata', { paths: [pattern], expand_wildcards: true }, { token });
    assert.equal(response.status, 200);
    const named = [...Object.keys(response.body.secrets), ...Object.keys(response.body.errors)].sort();
    assert.deepEqual(named, ['team/app/cache', 'team/app/db'], `${pattern} names only listable paths`);
  }
  // Root still sees everything: the filter is the caller's access, not a blanket cut.
  const asRoot = await server.api('POST', '/v1/secrets/batch/metadata', { paths: ['**'], expand_wildcards: true });
  assert.equal(Object.keys(asRoot.body.secrets).length, 4);
});

test('overlapping patterns name each path once, with one audit record for it', async () => {
  const response = await server.api('POST', '/v1/secrets/batch/metadata', {
    paths: ['team/app/**', '**', 'team/app/db'],
    expand_wildcards: true,
  });
  assert.equal(response.status, 200);
  assert.deepEqual(Object.keys(response.body.secrets).sort(), [
    'other/payroll/db',
    'team/app/cache',
    'team/app/db',
    'team/secret-ops/root',
  ]);
  const logs = await server.api('GET', `/v1/audit/logs?request_id=${response.headers.get('x-request-id')}&limit=100`);
  const listed = logs.body.logs
    .filter((entry: { action: string }) => entry.action === 'list')
    .map((entry: { secret_path: string }) => entry.secret_path)
    .sort();
  assert.deepEqual(listed, ['other/payroll/db', 'team/app/cache', 'team/app/db', 'team/secret-ops/root']);
});

test('a pattern over more secrets than expansion covers is refused, never answered in part', async () => {
  // 10,001 secrets under one prefix, written 16 at a time.
  let next = 0;
  const writer = async () => {
    for (let n = next++; n <= 10_000; n = next++)
      assert.equal((await server.api('PUT', `/v1/secrets/bulk/s${n}`, { data: { n } })).status, 200);
  };
  await Promise.all(Array.from({ length: 16 }, writer));
  const response = await server.api('POST', '/v1/secrets/batch/metadata', { paths: ['bulk/*', 'team/app/db'], expand_wildcards: true });
  assert.equal(response.status, 200);
  assert.equal(response.body.errors['bulk/*'].code, 'expansion_too_large');
  assert.deepEqual(Object.keys(response.body.secrets), ['team/app/db'], 'the other paths are still answered');
});
