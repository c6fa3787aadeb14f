import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers.js';
import { startDynamicTarget, type DynamicTarget } from './dynamic-target.js';
import { createEngine, grantEngineRead, READONLY_CREATION } from './dynamic-setup.js';

let server: TestServer;
let target: DynamicTarget;
before(async () => {
  target = await startDynamicTarget();
  server = await startTestServer();
  await createEngine(server, target);
});
after(async () => {
  await server.close();
  await target.stop();
});

const engineBody = (name: string, path: string, url = target.connectionTemplate) => ({
  name,
  type: 'database',
  config: { plugin: 'postgresql', connection_url: url, root_credentials_path: path },
});

async function rootSecret(path: string, data: Record<string, string>): Promise<void> {
  assert.equal((await server.api('PUT', `/v1/secrets/${path}`, { data, secret_type: 'json' })).status, 200);
}

test('the engine reads its root credentials as dynamic:<engine> through the access policies', async () => {
  await rootSecret('infra/unbound/root', { username: target.rootUser, password: target.rootPassword });
  const refused = await server.api('POST', '/v1/dynamic/engines', engineBody('unbound', 'infra/unbound/root'));
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, 'invalid_config');
  assert.match(refused.body.error.message, /dynamic:unbound may not read its root credentials at 'infra\/unbound\/root'/);
  assert.equal((await server.api('GET', '/v1/dynamic/engines/unbound')).status, 404);
  await grantEngineRead(server, 'unbound', 'infra/unbound/root');
  const created = await server.api('POST', '/v1/dynamic/engines', engineBody('unbound', 'infra/unbound/root'));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.config, {
    plugin: 'postgresql',
    connection_url: target.connectionTemplate,
    root_credentials_path: 'infra/unbound/root',
  });
  assert.deepEqual([created.body.default_ttl, created.body.max_ttl], ['1h', '24h']);
  assert.ok(!JSON.stringify(created.body).includes(target.rootPassword));
  // A binding to the group every engine identity belongs to serves too.
  await rootSecret('infra/grouped/root', { username: target.rootUser, password: target.rootPassword });
  const policy = await server.api('POST', '/v1/policies', {
    name: 'all engines',
    rules: [{ path_pattern: 'infra/grouped/**', permissions: ['read'] }],
  });
  await server.api('POST', `/v1/policies/${policy.body.id}/bindings`, {
    identity_type: 'group',
    identity_id: 'group:system:dynamic-engines',
  });
  assert.equal((await server.api('POST', '/v1/dynamic/engines', engineBody('grouped', 'infra/grouped/root'))).status, 201);
});

test('a test connection that fails is 400 invalid_config naming what failed, never the password', async () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    [
      'wrongpw',
      { username: target.rootUser, password: 'not-the-password-123' },
      target.connectionTemplate,
      /password authentication failed for user "scaivault_admin"/,
    ],
    ['nouser', { username: 'nobody_here', password: 'pw-nobody-456' }, target.connectionTemplate, /nobody_here/],
    [
      'closed',
      { username: target.rootUser, password: target.rootPassword },
      'postgresql://{{username}}:{{password}}@127.0.0.1:1/app',
      /ECONNREFUSED|connect/,
    ],
    [
      'nodb',
      { username: target.rootUser, password: target.rootPassword },
      target.connectionTemplate.replace(/\/app$/, '/nodb'),
      /database "nodb" does not exist/,
    ],
  ];
  for (const [name, login, url, why] of cases) {
    await rootSecret(`infra/${name}/root`, login);
    await grantEngineRead(server, name, `infra/${name}/root`);
    const refused = await server.api('POST', '/v1/dynamic/engines', engineBody(name, `infra/${name}/root`, url));
    assert.equal(refused.status, 400, name);
    assert.equal(refused.body.error.code, 'invalid_config', name);
    assert.match(refused.body.error.message, /^the test connection to the database failed: /, name);
    assert.match(refused.body.error.message, why, name);
    assert.ok(!JSON.stringify(refused.body).includes(login.password!), name);
  }
});

test('root credentials that cannot create roles, a missing secret and credentials in the URL are refused', async () => {
  await target.query("CREATE ROLE weak_admin LOGIN PASSWORD 'weak-pw-789'");
  await rootSecret('infra/weak/root', { username: 'weak_admin', password: 'weak-pw-789' });
  await grantEngineRead(server, 'weak', 'infra/weak/root');
  const weak = await server.api('POST', '/v1/dynamic/engines', engineBody('weak', 'infra/weak/root'));
  assert.equal(weak.body.error.code, 'invalid_config');
  assert.match(weak.body.error.message, /the login role 'weak_admin' cannot create roles \(it needs CREATEROLE\)/);
  await grantEngineRead(server, 'nosecret', 'infra/nosecret/root');
  const missing = await server.api('POST', '/v1/dynamic/engines', engineBody('nosecret', 'infra/nosecret/root'));
  assert.match(missing.body.error.message, /the root credentials secret 'infra\/nosecret\/root' does not exist/);
  const literal = await server.api(
    'POST',
    '/v1/dynamic/engines',
    engineBody('literal', 'infra/weak/root', `postgresql://scaivault_admin:${target.rootPassword}@127.0.0.1:${target.port}/app`),
  );
  assert.equal(literal.body.error.code, 'invalid_config');
  assert.match(literal.body.error.message, /put no credentials in the URL/);
  assert.ok(!literal.body.error.message.includes(target.rootPassword));
  assert.equal(
    (await server.api('POST', '/v1/dynamic/engines', { ...engineBody('mysql', 'infra/weak/root'), type: 'kv' })).body.error.code,
    'invalid_config',
  );
  const ttl = await server.api('POST', '/v1/dynamic/engines', {
    ...engineBody('ttl', 'infra/weak/root'),
    default_ttl: '2d',
    max_ttl: '1d',
  });
  assert.equal(ttl.body.error.code, 'invalid_duration');
  const duplicate = await server.api('POST', '/v1/dynamic/engines', engineBody('postgres-prod', 'infra/postgres/postgres-prod/root'));
  assert.deepEqual([duplicate.status, duplicate.body.error.code], [409, 'engine_exists']);
});

test('engines list, get, patch (a changed connection is tested again) and health', async () => {
  const listed = await server.api('GET', '/v1/dynamic/engines');
  assert.ok(listed.body.engines.some((e: any) => e.name === 'postgres-prod'));
  const page = await server.api('GET', '/v1/dynamic/engines?limit=1');
  assert.equal(page.body.engines.length, 1);
  assert.equal(page.body.has_more, true);
  const patched = await server.api('PATCH', '/v1/dynamic/engines/postgres-prod', { default_ttl: '30m', max_ttl: '12h' });
  assert.deepEqual([patched.status, patched.body.default_ttl, patched.body.max_ttl], [200, '30m', '12h']);
  const broken = await server.api('PATCH', '/v1/dynamic/engines/postgres-prod', {
    config: { connection_url: 'postgresql://{{username}}:{{password}}@127.0.0.1:1/app' },
  });
  assert.equal(broken.body.error.code, 'invalid_config');
  assert.equal((await server.api('GET', '/v1/dynamic/engines/postgres-prod')).body.config.connection_url, target.connectionTemplate);
  assert.equal((await server.api('PATCH', '/v1/dynamic/engines/postgres-prod', { name: 'renamed' })).status, 422);
  const health = await server.api('GET', '/v1/dynamic/engines/postgres-prod/health');
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'healthy');
  assert.equal(typeof health.body.latency_ms, 'number');
  assert.equal((await server.api('GET', '/v1/dynamic/engines/missing/health')).body.error.code, 'engine_not_found');
});

test('roles: templates must use {{name}}, only known placeholders, {{password}} only on creation', async () => {
  const role = (body: Record<string, unknown>) => server.api('POST', '/v1/dynamic/engines/postgres-prod/roles', body);
  const noName = await role({ name: 'r1', creation_statements: ['CREATE ROLE someone'] });
  assert.deepEqual([noName.status, noName.body.error.code], [422, 'validation_error']);
  assert.match(noName.body.error.details.fields.creation_statements, /^no statement uses \{\{name\}\}/);
  assert.match(
    (await role({ name: 'r2', creation_statements: ['CREATE ROLE {{name}} {{nmae}}'] })).body.error.details.fields.creation_statements,
    /unknown placeholder \{\{nmae\}\}/,
  );
  assert.match(
    (
      await role({
        name: 'r3',
        creation_statements: READONLY_CREATION,
        revocation_statements: ['ALTER ROLE {{name}} PASSWORD {{password}}'],
      })
    ).body.error.details.fields.revocation_statements,
    /\{\{password\}\} is known only to creation_statements/,
  );
  assert.equal((await role({ name: 'r4' })).status, 422);
  assert.equal((await role({ name: 'bad name!', creation_statements: READONLY_CREATION })).status, 422);
  assert.equal((await role({ name: 'r5', creation_statements: READONLY_CREATION, default_ttl: 'x' })).body.error.code, 'invalid_duration');
  const created = await role({
    name: 'single',
    creation_statements: 'CREATE ROLE "{{name}}" LOGIN PASSWORD \'{{password}}\'',
    max_ttl: '2h',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.creation_statements, ['CREATE ROLE "{{name}}" LOGIN PASSWORD \'{{password}}\'']);
  assert.equal((await role({ name: 'single', creation_statements: READONLY_CREATION })).body.error.code, 'role_exists');
  const listed = await server.api('GET', '/v1/dynamic/engines/postgres-prod/roles');
  assert.deepEqual(listed.body.roles.map((r: any) => r.name).sort(), ['readonly', 'single']);
  assert.equal((await server.api('GET', '/v1/dynamic/engines/postgres-prod/roles/single')).body.max_ttl, '2h');
  assert.equal((await server.api('PATCH', '/v1/dynamic/engines/postgres-prod/roles/single', { max_ttl: '3h' })).body.max_ttl, '3h');
  // The quoted spelling Vault users write works the same as the bare one.
  const lease = await server.api('POST', '/v1/dynamic/engines/postgres-prod/creds/single', {});
  assert.equal(lease.status, 201, JSON.stringify(lease.body));
  const session = await target.connectAs(lease.body.data.connection_url);
  await session.end();
  assert.equal((await server.api('GET', '/v1/dynamic/engines/missing/roles')).body.error.code, 'engine_not_found');
  assert.equal((await server.api('GET', '/v1/dynamic/engines/postgres-prod/roles/missing')).body.error.code, 'role_not_found');
});

test('deleting an engine or role with live leases is refused unless forced, which revokes them first', async () => {
  await createEngine(server, target, 'doomed');
  const lease = await server.api('POST', '/v1/dynamic/engines/doomed/creds/readonly', { ttl: '5m' });
  const roleRefused = await server.api('DELETE', '/v1/dynamic/engines/doomed/roles/readonly');
  assert.deepEqual([roleRefused.status, roleRefused.body.error.code], [409, 'role_in_use']);
  const refused = await server.api('DELETE', '/v1/dynamic/engines/doomed');
  assert.deepEqual([refused.status, refused.body.error.code], [409, 'engine_in_use']);
  assert.match(refused.body.error.message, /1 live lease/);
  assert.equal(await target.roleExists(lease.body.data.username), true);
  assert.equal((await server.api('DELETE', '/v1/dynamic/engines/doomed?force=true')).status, 204);
  assert.equal(await target.roleExists(lease.body.data.username), false);
  assert.equal((await server.api('GET', `/v1/dynamic/leases/${lease.body.lease_id}`)).body.status, 'revoked');
  assert.equal((await server.api('GET', '/v1/dynamic/engines/doomed')).status, 404);
  assert.equal((await server.api('DELETE', '/v1/dynamic/engines/doomed')).status, 404);
});
