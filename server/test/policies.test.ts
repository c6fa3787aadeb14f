import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers.js';
import { compileGlob } from '../src/policies/glob.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

test('glob semantics follow the documented table', () => {
  const cases: [string, string, boolean][] = [
    ['app/db', 'app/db', true],
    ['app/db', 'app/db/password', false],
    ['app/db/*', 'app/db/password', true],
    ['app/db/*', 'app/db/primary/password', false],
    ['app/**', 'app/db', true],
    ['app/**', 'app/db/password', true],
    ['app/**', 'other/app/db', false],
    ['**/ssl/*', 'app/ssl/cert', true],
    ['**/ssl/*', 'service/ssl/key', true],
    ['**/ssl/*', 'ssl/cert', false],
    ['secrets/*-key', 'secrets/api-key', true],
    ['app/d?', 'app/db', true],
    ['app/d?', 'app/dbx', false],
  ];
  for (const [pattern, path, expected] of cases) assert.equal(compileGlob(pattern)(path), expected, `${pattern} vs ${path}`);
  for (const bad of ['', '/app', 'app/', 'a//b', 'a**', 'A/B']) assert.throws(() => compileGlob(bad), { code: 'invalid_glob' });
});

test('policy CRUD with bindings, policy_in_use and force delete', async () => {
  const created = await server.api('POST', '/v1/policies', {
    name: 'production-read-only',
    rules: [{ path_pattern: 'environments/production/**', permissions: ['read', 'list'] }],
  });
  assert.equal(created.status, 201);
  assert.match(created.body.id, /^pol_/);
  const id = created.body.id;
  const binding = await server.api('POST', `/v1/policies/${id}/bindings`, { identity_type: 'group', identity_id: 'group:developers' });
  assert.equal(binding.status, 201);
  assert.match(binding.body.id, /^bnd_/);
  assert.equal((await server.api('GET', `/v1/policies/${id}`)).body.bindings.length, 1);
  const list = await server.api('GET', '/v1/policies');
  assert.equal(list.body.policies.find((p: { id: string }) => p.id === id).binding_count, 1);
  const inUse = await server.api('DELETE', `/v1/policies/${id}`);
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.error.code, 'policy_in_use');
  const patched = await server.api('PATCH', `/v1/policies/${id}`, { description: 'changed' });
  assert.equal(patched.body.description, 'changed');
  assert.equal(patched.body.rules.length, 1);
  assert.equal((await server.api('DELETE', `/v1/policies/${id}/bindings/${binding.body.id}`)).status, 204);
  assert.equal((await server.api('DELETE', `/v1/policies/${id}/bindings/${binding.body.id}`)).body.error.code, 'binding_not_found');
  assert.equal((await server.api('DELETE', `/v1/policies/${id}`)).status, 204);
  assert.equal((await server.api('GET', `/v1/policies/${id}`)).body.error.code, 'policy_not_found');
  const invalidGlob = await server.api('POST', '/v1/policies', { name: 'x', rules: [{ path_pattern: '/bad', permissions: ['read'] }] });
  assert.equal(invalidGlob.body.error.code, 'invalid_glob');
  const invalidPolicy = await server.api('POST', '/v1/policies', { name: 'x', rules: [{ path_pattern: 'a/*', permissions: ['fly'] }] });
  assert.equal(invalidPolicy.body.error.code, 'invalid_policy');
  const noName = await server.api('POST', '/v1/policies', { rules: [] });
  assert.equal(noName.body.error.code, 'validation_error');
});

test('policies are enforced on every request of a non-root identity', async () => {
  await server.api('PUT', '/v1/secrets/team/app/db', { data: { password: 'p' } });
  await server.api('PUT', '/v1/secrets/team/other/db', { data: { password: 'q' } });
  const token = await server.tokenFor('user:alice@acme.example', ['secrets:read', 'secrets:list', 'secrets:write'], {
    groups: ['group:app-team'],
  });
  const denied = await server.api('GET', '/v1/secrets/team/app/db', undefined, { token });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.code, 'access_denied');
  const policy = await server.api('POST', '/v1/policies', {
    name: 'app-team',
    rules: [{ path_pattern: 'team/app/**', permissions: ['read', 'list'] }],
  });
  await server.api('POST', `/v1/policies/${policy.body.id}/bindings`, { identity_type: 'group', identity_id: 'group:app-team' });
  assert.deepEqual((await server.api('GET', '/v1/secrets/team/app/db', undefined, { token })).body.data, { password: 'p' });
  assert.equal((await server.api('GET', '/v1/secrets/team/other/db', undefined, { token })).body.error.code, 'access_denied');
  assert.equal(
    (await server.api('PUT', '/v1/secrets/team/app/db', { data: { x: 1 } }, { token })).body.error.code,
    'access_denied',
    'read does not grant write',
  );
  const listed = await server.api('GET', '/v1/secrets?prefix=team/', undefined, { token });
  assert.deepEqual(
    listed.body.secrets.map((s: { path: string }) => s.path),
    ['team/app/db'],
  );
  const batch = await server.api('POST', '/v1/secrets/batch', { paths: ['team/app/db', 'team/other/db'] }, { token });
  assert.ok(batch.body.secrets['team/app/db']);
  assert.equal(batch.body.errors['team/other/db'].code, 'access_denied');
  const noScope = await server.tokenFor('user:alice@acme.example', ['secrets:list'], { groups: ['group:app-team'] });
  assert.equal((await server.api('GET', '/v1/secrets/team/app/db', undefined, { token: noScope })).body.error.code, 'insufficient_scope');
  await server.api('PATCH', `/v1/policies/${policy.body.id}`, { is_active: false });
  assert.equal(
    (await server.api('GET', '/v1/secrets/team/app/db', undefined, { token })).body.error.code,
    'access_denied',
    'inactive policies grant nothing',
  );
});

test('conditions deny with ip_not_allowed and mfa_required', async () => {
  await server.api('PUT', '/v1/secrets/cond/vpn', { data: { v: 1 } });
  await server.api('PUT', '/v1/secrets/cond/mfa', { data: { v: 1 } });
  const policy = await server.api('POST', '/v1/policies', {
    name: 'conditional',
    rules: [
      { path_pattern: 'cond/vpn', permissions: ['read'], conditions: { ip_ranges: ['10.0.0.0/8'] } },
      { path_pattern: 'cond/mfa', permissions: ['read'], conditions: { require_mfa: true } },
    ],
  });
  await server.api('POST', `/v1/policies/${policy.body.id}/bindings`, { identity_type: 'user', identity_id: 'user:frank@acme.example' });
  const token = await server.tokenFor('user:frank@acme.example', ['secrets:read']);
  const ip = await server.api('GET', '/v1/secrets/cond/vpn', undefined, { token });
  assert.equal(ip.body.error.code, 'ip_not_allowed');
  assert.equal(ip.body.error.details.failed_condition, 'ip_ranges');
  assert.equal((await server.api('GET', '/v1/secrets/cond/mfa', undefined, { token })).body.error.code, 'mfa_required');
  const withMfa = await server.tokenFor('user:frank@acme.example', ['secrets:read'], { mfa_verified: true });
  assert.equal((await server.api('GET', '/v1/secrets/cond/mfa', undefined, { token: withMfa })).status, 200);
  const badCondition = await server.api('POST', '/v1/policies', {
    name: 'bad',
    rules: [{ path_pattern: 'a', permissions: ['read'], conditions: { ip_ranges: ['nonsense'] } }],
  });
  assert.equal(badCondition.body.error.code, 'invalid_policy');
});

test('policies/test explains the decision and names the deciding rule, without an audit entry', async () => {
  const policy = await server.api('POST', '/v1/policies', {
    name: 'tester',
    rules: [
      { path_pattern: 'explain/*', permissions: ['read'] },
      { path_pattern: 'explain/vpn', permissions: ['write'], conditions: { ip_ranges: ['10.0.0.0/8'] } },
    ],
  });
  await server.api('POST', `/v1/policies/${policy.body.id}/bindings`, { identity_type: 'user', identity_id: 'user:gina@acme.example' });
  const allowed = await server.api('POST', '/v1/policies/test', {
    identity_id: 'user:gina@acme.example',
    path: 'explain/db',
    permission: 'read',
  });
  assert.equal(allowed.body.allowed, true);
  assert.equal(allowed.body.reason, 'allowed');
  assert.equal(allowed.body.matched_policy_id, policy.body.id);
  assert.deepEqual(allowed.body.matched_rule, { index: 0, path_pattern: 'explain/*', permissions: ['read'] });
  const denied = await server.api('POST', '/v1/policies/test', {
    identity_id: 'user:gina@acme.example',
    path: 'explain/db',
    permission: 'delete',
  });
  assert.equal(denied.body.allowed, false);
  assert.equal(denied.body.reason, 'no_matching_rule');
  assert.equal(denied.body.matched_rule, null);
  const condition = await server.api('POST', '/v1/policies/test', {
    identity_id: 'user:gina@acme.example',
    path: 'explain/vpn',
    permission: 'write',
    context: { source_ip: '192.168.1.1' },
  });
  assert.equal(condition.body.reason, 'condition_failed');
  assert.equal(condition.body.failed_condition, 'ip_ranges');
  const inside = await server.api('POST', '/v1/policies/test', {
    identity_id: 'user:gina@acme.example',
    path: 'explain/vpn',
    permission: 'write',
    context: { source_ip: '10.1.2.3' },
  });
  assert.equal(inside.body.allowed, true);
  const logs = await server.api('GET', `/v1/audit/logs?request_id=${inside.headers.get('x-request-id')}`);
  assert.equal(logs.body.logs.length, 0, 'policy tests are not audited, as documented');
});
