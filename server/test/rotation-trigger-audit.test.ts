import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

test("a triggered rotation is audited on each secret's path, so the secret's trail shows it", async () => {
  const policy = await server.api('POST', '/v1/rotation/policies', { name: 'audited', interval: '90d', auto_generate: true });
  for (const path of ['audited/a', 'audited/b']) {
    await server.api('PUT', `/v1/secrets/${path}`, { data: { v: '1' } });
    await server.api('POST', `/v1/rotation/policies/${policy.body.id}/secrets`, { secret_path: path });
  }
  const triggered = await server.api('POST', `/v1/rotation/policies/${policy.body.id}/rotate`);
  assert.equal(triggered.status, 200);
  assert.equal(triggered.body.length, 2);

  for (const path of ['audited/a', 'audited/b']) {
    const trail = await server.api('GET', `/v1/audit/secrets/${path}`);
    const rotations = trail.body.logs.filter((entry: { action: string }) => entry.action === 'rotate');
    assert.equal(rotations.length, 1, path);
    assert.equal(rotations[0].secret_path, path);
    assert.equal(rotations[0].success, true);
    assert.equal(trail.body.summary.by_action.rotate, 1);
  }
  const unpathed = await server.api('GET', '/v1/audit/logs?action=rotate');
  assert.ok(unpathed.body.logs.every((entry: { secret_path: string | null }) => entry.secret_path !== null && entry.secret_path !== ''));
});

test('a trigger of a policy with no secrets is still audited, without a path', async () => {
  const policy = await server.api('POST', '/v1/rotation/policies', { name: 'empty-audited', interval: '30d', auto_generate: true });
  await server.api('POST', `/v1/rotation/policies/${policy.body.id}/rotate`);
  const logs = await server.api('GET', '/v1/audit/logs?action=rotate');
  const entry = logs.body.logs.find((e: { secret_path: string | null }) => e.secret_path === null);
  assert.ok(entry, 'one entry for the request');
});
