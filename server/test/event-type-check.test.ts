import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

const polling = (events: unknown) => ({ name: 'watch', paths: ['app/**'], events, delivery: { type: 'polling' } });

test('subscriptions and webhooks refuse event types outside the catalogue, naming them and the valid ones', async () => {
  for (const [route, body] of [
    ['/v1/subscriptions', polling(['secret.rotated', 'secret.rotate', 'secrets.*'])],
    [
      '/v1/webhooks',
      { name: 'w', url: 'http://127.0.0.1:9/hook', secret: 'x'.repeat(32), events: ['secret.rotate', 'secrets.*', 'secret.rotated'] },
    ],
  ] as const) {
    const refused = await server.api('POST', route, body);
    assert.equal(refused.status, 422, route);
    assert.equal(refused.body.error.code, 'validation_error');
    assert.match(
      refused.body.error.message,
      /^events names unknown event types: secret\.rotate, secrets\.\*; valid: secret\.created, .*certificate\.expiring, .*lease\.revocation_failed, a family such as secret\.\*, or \*$/,
    );
    assert.ok(refused.body.error.details.known_event_types.includes('rotation.due'));
  }
  const patch = await server.api('POST', '/v1/subscriptions', polling(['secret.*']));
  assert.equal((await server.api('PATCH', `/v1/subscriptions/${patch.body.id}`, { events: ['rotation.dew'] })).status, 422);
});

test('known types, families of them and * are accepted', async () => {
  for (const events of [['*'], ['secret.rotated', 'rotation.due'], ['policy.binding.*'], ['certificate.issued'], ['rotation.*']]) {
    const created = await server.api('POST', '/v1/subscriptions', polling(events));
    assert.equal(created.status, 201, JSON.stringify(events));
    assert.deepEqual(created.body.events, events);
  }
});
