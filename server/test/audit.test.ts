import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

test('every request leaves an audit record with identity, action, path, outcome and request id, never the value', async () => {
  const write = await server.api('PUT', '/v1/secrets/audited/db', { data: { password: 'audit-plaintext-marker' } });
  const read = await server.api('GET', '/v1/secrets/audited/db');
  const missing = await server.api('GET', '/v1/secrets/audited/none');
  const anonymous = await server.api('GET', '/v1/secrets/audited/db', undefined, { token: null });
  for (const [response, action, success] of [
    [write, 'write', true],
    [read, 'read', true],
    [missing, 'read', false],
  ] as const) {
    const logs = await server.api('GET', `/v1/audit/logs?request_id=${response.headers.get('x-request-id')}`);
    assert.equal(logs.body.logs.length, 1);
    const entry = logs.body.logs[0];
    assert.equal(entry.action, action);
    assert.equal(entry.success, success);
    assert.equal(entry.identity_id, 'user:root');
    assert.equal(entry.identity_type, 'user');
    assert.match(entry.id, /^log_/);
    assert.ok(Date.parse(entry.timestamp) > 0);
  }
  const failedAuth = await server.api('GET', `/v1/audit/logs?request_id=${anonymous.headers.get('x-request-id')}`);
  assert.equal(failedAuth.body.logs[0].success, false);
  assert.equal(failedAuth.body.logs[0].identity_id, null);
  const everything = await server.api('GET', '/v1/audit/logs?limit=1000');
  assert.ok(!JSON.stringify(everything.body).includes('audit-plaintext-marker'), 'no secret value in the audit log');
});

test('query filters and cursor pagination', async () => {
  for (let i = 0; i < 5; i++) await server.api('GET', '/v1/secrets/audited/db');
  const reads = await server.api('GET', '/v1/audit/logs?action=read&path_prefix=audited/&success=true&limit=2');
  assert.equal(reads.body.logs.length, 2);
  assert.ok(reads.body.logs.every((l: { action: string; success: boolean }) => l.action === 'read' && l.success));
  assert.equal(reads.body.has_more, true);
  const next = await server.api('GET', `/v1/audit/logs?action=read&path_prefix=audited/&success=true&limit=2&cursor=${reads.body.cursor}`);
  assert.notEqual(next.body.logs[0].id, reads.body.logs[0].id);
  assert.ok(next.body.logs[0].timestamp <= reads.body.logs[1].timestamp, 'newest first');
  const multi = await server.api('GET', '/v1/audit/logs?action=read,write&identity_id=user:root');
  assert.ok(multi.body.logs.some((l: { action: string }) => l.action === 'write'));
  const future = await server.api('GET', '/v1/audit/logs?from=2999-01-01');
  assert.equal(future.body.logs.length, 0);
  assert.equal((await server.api('GET', '/v1/audit/logs?from=yesterday')).body.error.code, 'invalid_request');
  assert.equal((await server.api('GET', '/v1/audit/logs?cursor=zzz')).body.error.code, 'invalid_cursor');
});

test('per-secret trail, identity trail and summary', async () => {
  const trail = await server.api('GET', '/v1/audit/secrets/audited/db');
  assert.equal(trail.status, 200);
  assert.ok(trail.body.logs.length >= 6);
  assert.ok(trail.body.logs.every((l: { secret_path: string }) => l.secret_path === 'audited/db'));
  assert.equal(trail.body.summary.period_days, 30);
  assert.ok(trail.body.summary.by_action.read >= 5);
  const identity = await server.api('GET', '/v1/audit/identities/user:root?limit=5');
  assert.equal(identity.body.logs.length, 5);
  const summary = await server.api('GET', '/v1/audit/summary');
  assert.ok(summary.body.total_events > 10);
  assert.equal(summary.body.total_events, summary.body.successful_events + summary.body.failed_events);
  assert.ok(summary.body.unique_secrets >= 1);
});

test('export produces the requested format and a manifest', async () => {
  const job = await server.api('POST', '/v1/audit/export', { format: 'csv', destination: { type: 's3', bucket: 'b', prefix: 'audit/' } });
  assert.equal(job.status, 202);
  assert.match(job.body.export_id, /^exp_/);
  assert.equal(job.body.status, 'completed');
  const fetched = await server.api('GET', `/v1/audit/exports/${job.body.export_id}`);
  assert.equal(fetched.body.manifest.files[0].records, job.body.estimated_records);
  const download = await fetch(`${server.url}${fetched.body.manifest.files[0].download_path}`, {
    headers: { authorization: `Bearer ${server.rootToken}` },
  });
  const csv = await download.text();
  assert.ok(csv.startsWith('id,timestamp,action'));
  assert.equal(csv.trim().split('\n').length, job.body.estimated_records + 1);
  const bad = await server.api('POST', '/v1/audit/export', { format: 'xml', destination: { type: 's3' } });
  assert.equal(bad.status, 422);
});

test('a denied switch of tenant is audited as the known identity, in the tenant that was asked for', async () => {
  const token = await server.tokenFor('user:mallory@acme.example', ['admin']);
  const byHeader = await server.api('GET', '/v1/secrets/x/y', undefined, { token, headers: { 'x-tenant-id': 'tnt_victim' } });
  const byPrefix = await server.api('PUT', '/v1/t/tnt_victim/secrets/x/y', { data: { a: 1 } }, { token });
  for (const response of [byHeader, byPrefix]) {
    assert.equal(response.body.error.code, 'tenant_access_denied');
    const requestId = response.headers.get('x-request-id');
    const inVictim = await server.api('GET', `/v1/audit/logs?request_id=${requestId}`, undefined, {
      headers: { 'x-tenant-id': 'tnt_victim' },
    });
    assert.equal(inVictim.body.logs.length, 1, 'recorded in the tenant that was asked for');
    const entry = inVictim.body.logs[0];
    assert.equal(entry.identity_id, 'user:mallory@acme.example');
    assert.equal(entry.identity_type, 'user');
    assert.equal(entry.success, false);
    assert.equal(entry.extra_data.error_code, 'tenant_access_denied');
    assert.equal(entry.extra_data.requested_tenant_id, 'tnt_victim');
    assert.equal((await server.api('GET', `/v1/audit/logs?request_id=${requestId}`)).body.logs.length, 0, 'not in the default tenant');
  }
});

test('a denied partner and a rejected token are audited with what is known of the caller', async () => {
  const token = await server.tokenFor('user:pat@acme.example', ['admin']);
  const partner = await server.api('GET', '/v1/auth/whoami', undefined, { token, headers: { 'x-partner-id': 'ptn_other' } });
  assert.equal(partner.body.error.code, 'tenant_access_denied');
  const partnerEntry = (await server.api('GET', `/v1/audit/logs?request_id=${partner.headers.get('x-request-id')}`)).body.logs[0];
  assert.equal(partnerEntry.identity_id, 'user:pat@acme.example');
  assert.equal(partnerEntry.extra_data.requested_partner_id, 'ptn_other');
  assert.equal(partnerEntry.success, false);
  // An unauthenticated caller names no one: recorded as anonymous in the default tenant, with the tenant it asked for.
  const anonymous = await server.api('GET', '/v1/secrets/x/y', undefined, {
    token: 'skt_not_a_token',
    headers: { 'x-tenant-id': 'tnt_victim' },
  });
  assert.equal(anonymous.status, 401);
  const anonymousEntry = (await server.api('GET', `/v1/audit/logs?request_id=${anonymous.headers.get('x-request-id')}`)).body.logs[0];
  assert.equal(anonymousEntry.identity_id, null);
  assert.equal(anonymousEntry.extra_data.requested_tenant_id, 'tnt_victim');
  assert.equal(anonymousEntry.extra_data.error_code, 'token_invalid');
});

test('the audit record written with a change ends with the answer given: one record, final status', async () => {
  await server.api('PUT', '/v1/secrets/final/one', { data: { a: 1 } });
  const deleted = await server.api('DELETE', '/v1/secrets/final/one');
  assert.equal(deleted.status, 204);
  const policy = await server.api(
    'POST',
    '/v1/policies',
    { name: 'final', rules: [{ path_pattern: 'final/*', permissions: ['read'] }] },
    { headers: { 'idempotency-key': 'final-1' } },
  );
  const replay = await server.api(
    'POST',
    '/v1/policies',
    { name: 'final', rules: [{ path_pattern: 'final/*', permissions: ['read'] }] },
    { headers: { 'idempotency-key': 'final-1' } },
  );
  await server.api('PUT', '/v1/secrets/final/rotated', { data: { password: 'x' } });
  const rotated = await server.api('POST', '/v1/secrets/final/rotated/rotate');
  for (const [response, action, status] of [
    [deleted, 'delete', 204],
    [policy, 'policy_create', 201],
    [replay, 'policy_create', 201],
    [rotated, 'rotate', rotated.status],
  ] as const) {
    const logs = (await server.api('GET', `/v1/audit/logs?request_id=${response.headers.get('x-request-id')}`)).body.logs;
    assert.equal(logs.length, 1, `${action}: exactly one record`);
    assert.equal(logs[0].action, action);
    assert.equal(logs[0].extra_data.status, status);
    assert.equal(logs[0].success, status < 400);
  }
});
