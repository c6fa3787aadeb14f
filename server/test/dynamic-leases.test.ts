import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers.js';
import { startDynamicTarget, type DynamicTarget } from './dynamic-target.js';
import { createEngine, READONLY_CREATION, watchLeaseEvents } from './dynamic-setup.js';

let server: TestServer;
let target: DynamicTarget;
const logged: string[] = [];
before(async () => {
  target = await startDynamicTarget();
  server = await startTestServer({ logger: (line) => logged.push(line) });
  await createEngine(server, target);
});
after(async () => {
  await server.close();
  await target.stop();
});

const creds = (body: unknown = { ttl: '30m' }, engine = 'postgres-prod', role = 'readonly') =>
  server.api('POST', `/v1/dynamic/engines/${engine}/creds/${role}`, body);

test('creds returns a lease and a working login that can read what the role grants and nothing else', async () => {
  const lease = await creds();
  assert.equal(lease.status, 201, JSON.stringify(lease.body));
  const { lease_id, lease_duration, renewable, data } = lease.body;
  assert.match(lease_id, /^lease_[0-9a-z]{16}$/);
  assert.equal(lease_duration, 1800);
  assert.equal(renewable, true);
  assert.match(data.username, /^v_readonly_[a-z0-9]{20}$/);
  assert.match(data.password, /^[A-Za-z0-9]{32}$/);
  assert.equal(data.connection_url, `postgresql://${data.username}:${data.password}@127.0.0.1:${target.port}/app`);
  const session = await target.connectAs(data.connection_url);
  try {
    assert.deepEqual((await session.query('SELECT item FROM orders ORDER BY id')).rows, [{ item: 'tea' }, { item: 'coffee' }]);
    await assert.rejects(session.query('SELECT * FROM payroll'), /permission denied/);
  } finally {
    await session.end();
  }
  const [row] = await target.query<{ rolvaliduntil: Date }>('SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1', [data.username]);
  assert.equal(row!.rolvaliduntil.toISOString(), lease.body.expires_at);
});

test('the generated password appears in no lease view, event or audit entry', async () => {
  const watch = await watchLeaseEvents(server);
  const lease = await creds();
  const { password } = lease.body.data;
  const fetched = await server.api('GET', `/v1/dynamic/leases/${lease.body.lease_id}`);
  assert.equal(fetched.status, 200);
  assert.equal(fetched.body.data, undefined);
  const listed = await server.api('GET', '/v1/dynamic/leases?engine=postgres-prod');
  const audit = await server.api('GET', '/v1/audit/logs?limit=1000');
  const events = await watch.events();
  const granted = events.find((e) => e.event_type === 'lease.granted' && e.data.lease_id === lease.body.lease_id);
  assert.equal(granted.data.username, lease.body.data.username);
  await server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/renew`, { ttl: '1h' });
  await server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/revoke`);
  const types = (await watch.events()).filter((e) => e.data.lease_id === lease.body.lease_id).map((e) => e.event_type);
  assert.deepEqual(types, ['lease.granted', 'lease.renewed', 'lease.revoked']);
  for (const answer of [fetched.body, listed.body, audit.body, await watch.events()]) assert.ok(!JSON.stringify(answer).includes(password));
  const renewAudit = await server.api('GET', '/v1/audit/logs?action=dynamic_renew');
  assert.equal(renewAudit.body.logs.length, 1);
  assert.ok(audit.body.logs.some((entry: any) => entry.action === 'dynamic_generate'));
});

test('a ttl above the max_ttl, a malformed ttl and unknown engines or roles are refused', async () => {
  const tooLong = await creds({ ttl: '48h' });
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.body.error.code, 'invalid_duration');
  assert.match(tooLong.body.error.message, /longer than the max_ttl of role 'readonly' \(1d\)/);
  assert.equal((await creds({ ttl: 'soon' })).body.error.code, 'invalid_duration');
  assert.equal((await creds({ ttl: '0s' })).body.error.code, 'invalid_duration');
  assert.equal((await creds({ ttl: '1h', extra: 1 })).status, 422);
  const noEngine = await creds({}, 'missing');
  assert.deepEqual([noEngine.status, noEngine.body.error.code], [404, 'engine_not_found']);
  const noRole = await creds({}, 'postgres-prod', 'missing');
  assert.deepEqual([noRole.status, noRole.body.error.code], [404, 'role_not_found']);
  const noLease = await server.api('GET', '/v1/dynamic/leases/lease_0000000000000000');
  assert.deepEqual([noLease.status, noLease.body.error.code], [404, 'lease_not_found']);
});

test('revoke drops the login at the source and ends its open session; a revoked lease cannot be renewed or revoked again', async () => {
  const lease = await creds();
  const { username, connection_url } = lease.body.data;
  const session = await target.connectAs(connection_url);
  const ended = new Promise((resolve) => session.on('error', resolve));
  const revoked = await server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/revoke`);
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  assert.equal(revoked.body.status, 'revoked');
  assert.equal(await target.roleExists(username), false);
  await ended;
  await assert.rejects(session.query('SELECT 1'));
  await assert.rejects(target.connectAs(connection_url), /password authentication failed|does not exist/);
  const again = await server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/revoke`);
  assert.deepEqual([again.status, again.body.error.code], [409, 'invalid_state']);
  const renew = await server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/renew`, { ttl: '1h' });
  assert.deepEqual([renew.status, renew.body.error.code], [409, 'invalid_state']);
  const audit = await server.api('GET', '/v1/audit/logs?action=dynamic_revoke');
  assert.ok(
    audit.body.logs.some(
      (entry: any) => entry.details?.lease_id === lease.body.lease_id || JSON.stringify(entry).includes(lease.body.lease_id),
    ),
  );
});

test('two revokes of one lease at once both end well, and the lease is revoked and reported once', async () => {
  const watch = await watchLeaseEvents(server);
  const lease = await creds();
  const both = await Promise.all([
    server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/revoke`),
    server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/revoke`),
  ]);
  // The first to change the lease answers 200; the other, 200 too when they overlapped, or the
  // documented 409 when the first had already finished. Never a failure of the revocation itself.
  assert.ok(
    both.some((answer) => answer.status === 200),
    JSON.stringify(both.map((answer) => answer.body)),
  );
  for (const answer of both) {
    if (answer.status !== 200)
      assert.deepEqual([answer.status, answer.body.error?.code], [409, 'invalid_state'], JSON.stringify(answer.body));
  }
  assert.equal(await target.roleExists(lease.body.data.username), false);
  const revokedEvents = (await watch.events()).filter((e) => e.event_type === 'lease.revoked' && e.data.lease_id === lease.body.lease_id);
  assert.equal(revokedEvents.length, 1, 'only the revoke that changed the lease emits lease.revoked');
  const stored = await server.api('GET', `/v1/dynamic/leases/${lease.body.lease_id}`);
  assert.equal(stored.body.status, 'revoked');
});

test('renew extends from now, is capped at issue time plus max_ttl, and moves VALID UNTIL', async () => {
  await server.api('POST', '/v1/dynamic/engines/postgres-prod/roles', {
    name: 'short',
    creation_statements: READONLY_CREATION,
    default_ttl: '10m',
    max_ttl: '2h',
  });
  const lease = await creds({ ttl: '10m' }, 'postgres-prod', 'short');
  assert.equal(lease.status, 201);
  const renewed = await server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/renew`, { ttl: '1h' });
  assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
  assert.ok(Date.parse(renewed.body.expires_at) > Date.parse(lease.body.expires_at));
  assert.equal(renewed.body.lease_duration, 3600);
  const capped = await server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/renew`, { ttl: '5h' });
  assert.equal(capped.body.expires_at, capped.body.max_expires_at);
  assert.equal(capped.body.renewable, false);
  const [row] = await target.query<{ rolvaliduntil: Date }>('SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1', [
    lease.body.data.username,
  ]);
  assert.equal(row!.rolvaliduntil.toISOString(), capped.body.expires_at);
  assert.equal(
    (await server.api('POST', `/v1/dynamic/leases/${lease.body.lease_id}/renew`, { ttl: 'x' })).body.error.code,
    'invalid_duration',
  );
});

test('a statement ending in a -- comment does not swallow the next one (they are sent as one transaction)', async () => {
  await server.api('POST', '/v1/dynamic/engines/postgres-prod/roles', {
    name: 'commented',
    creation_statements: [
      'CREATE ROLE {{name}} WITH LOGIN PASSWORD {{password}} -- the login',
      'GRANT SELECT ON orders TO {{name}} -- and its table',
    ],
  });
  const lease = await creds({ ttl: '5m' }, 'postgres-prod', 'commented');
  assert.equal(lease.status, 201, JSON.stringify(lease.body));
  const session = await target.connectAs(lease.body.data.connection_url);
  assert.equal((await session.query('SELECT count(*)::int AS n FROM orders')).rows[0].n, 2);
  await session.end();
});

test('a database error quoting the generated password is scrubbed before it reaches the caller or the log', async () => {
  // A syntax error right at the password: PostgreSQL quotes the literal in its message.
  await server.api('POST', '/v1/dynamic/engines/postgres-prod/roles', {
    name: 'typo',
    creation_statements: ['CREATE ROLE {{name}} WITH LOGIN {{password}}'],
  });
  const failed = await creds({}, 'postgres-prod', 'typo');
  assert.equal(failed.status, 400);
  assert.match(failed.body.error.message, /syntax error at or near "'\[redacted\]'"/);
  assert.doesNotMatch(JSON.stringify(failed.body), /'[A-Za-z0-9]{32}'/);
  assert.ok(logged.every((line) => !/'[A-Za-z0-9]{32}'/.test(line) && !line.includes(target.rootPassword)));
});

test('a creation that fails part-way leaves no role behind', async () => {
  await server.api('POST', '/v1/dynamic/engines/postgres-prod/roles', {
    name: 'broken',
    creation_statements: ['CREATE ROLE {{name}} WITH LOGIN PASSWORD {{password}}', 'GRANT SELECT ON no_such_table TO {{name}}'],
  });
  const before = await target.query("SELECT rolname FROM pg_roles WHERE rolname LIKE 'v_broken_%'");
  const failed = await creds({}, 'postgres-prod', 'broken');
  assert.equal(failed.status, 400);
  assert.equal(failed.body.error.code, 'invalid_config');
  assert.match(failed.body.error.message, /refused the creation statements: relation "no_such_table" does not exist/);
  assert.deepEqual(await target.query("SELECT rolname FROM pg_roles WHERE rolname LIKE 'v_broken_%'"), before);
  const listed = await server.api('GET', '/v1/dynamic/leases?role=broken&status=all');
  assert.deepEqual(listed.body.leases, []);
});

test('50 concurrent creds requests create 50 distinct working roles', async () => {
  const answers = await Promise.all(Array.from({ length: 50 }, () => creds({ ttl: '5m' })));
  assert.deepEqual(
    answers.map((a) => a.status),
    Array(50).fill(201),
    JSON.stringify(answers.find((a) => a.status !== 201)?.body),
  );
  const names = new Set(answers.map((a) => a.body.data.username));
  const ids = new Set(answers.map((a) => a.body.lease_id));
  assert.equal(names.size, 50);
  assert.equal(ids.size, 50);
  for (const answer of answers) {
    const session = await target.connectAs(answer.body.data.connection_url);
    assert.equal((await session.query('SELECT count(*)::int AS n FROM orders')).rows[0].n, 2);
    await session.end();
  }
});

test('revoke by engine and by prefix ends every matching lease (incident response)', async () => {
  await createEngine(server, target, 'postgres-other');
  const mine = await Promise.all([creds({ ttl: '5m' }, 'postgres-other'), creds({ ttl: '5m' }, 'postgres-other')]);
  const byPrefix = await server.api('POST', '/v1/dynamic/leases/revoke', { prefix: `postgres-other/readonly/${mine[0]!.body.lease_id}` });
  assert.equal(byPrefix.status, 200, JSON.stringify(byPrefix.body));
  assert.deepEqual(
    byPrefix.body.revoked.map((l: any) => l.lease_id),
    [mine[0]!.body.lease_id],
  );
  const byEngine = await server.api('POST', '/v1/dynamic/leases/revoke', { engine: 'postgres-other' });
  assert.deepEqual(
    byEngine.body.revoked.map((l: any) => l.lease_id),
    [mine[1]!.body.lease_id],
  );
  assert.deepEqual(byEngine.body.failed, []);
  for (const answer of mine) assert.equal(await target.roleExists(answer.body.data.username), false);
  const left = await server.api('GET', '/v1/dynamic/leases?engine=postgres-other');
  assert.deepEqual(left.body.leases, []);
  assert.equal((await server.api('POST', '/v1/dynamic/leases/revoke', {})).status, 422);
});

test('leases page by cursor and filter by role; a token without dynamic:manage sees only its own', async () => {
  const token = await server.tokenFor('user:carol@acme.example', ['dynamic:read']);
  const own = await server.api('POST', '/v1/dynamic/engines/postgres-prod/creds/readonly', { ttl: '5m' }, { token });
  assert.equal(own.status, 201, JSON.stringify(own.body));
  const theirs = await creds({ ttl: '5m' });
  const listed = await server.api('GET', '/v1/dynamic/leases', undefined, { token });
  assert.deepEqual(
    listed.body.leases.map((l: any) => l.lease_id),
    [own.body.lease_id],
  );
  assert.equal((await server.api('GET', `/v1/dynamic/leases/${theirs.body.lease_id}`, undefined, { token })).status, 404);
  assert.equal((await server.api('POST', '/v1/dynamic/engines', { name: 'x' }, { token })).status, 403);
  const first = await server.api('GET', '/v1/dynamic/leases?role=readonly&limit=2');
  assert.equal(first.body.leases.length, 2);
  assert.equal(first.body.has_more, true);
  const second = await server.api('GET', `/v1/dynamic/leases?role=readonly&limit=2&cursor=${first.body.cursor}`);
  assert.ok(second.body.leases[0].lease_id > first.body.leases[1].lease_id);
  assert.ok(first.body.leases.every((l: any) => l.role === 'readonly'));
});
