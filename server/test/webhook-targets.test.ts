import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, waitFor, type TestServer } from './helpers.js';
import { classifyAddress } from '../src/event-delivery/address-class.js';

// Every address below that is refused is refused before any connection is attempted; the only
// connections these tests make are to receivers on 127.0.0.1.

/** Host names the servers resolve through this table instead of DNS; a queue gives one answer per lookup. */
const dns = new Map<string, string[][]>();
const lookups: string[] = [];
async function resolver(hostname: string): Promise<string[]> {
  lookups.push(hostname);
  const answers = dns.get(hostname);
  if (!answers || answers.length === 0) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answers.length > 1 ? answers.shift()! : answers[0]!;
}

let publicOnly: TestServer;
let loopback: TestServer;
before(async () => {
  publicOnly = await startTestServer({ webhookResolver: resolver });
  loopback = await startTestServer({ webhookTargets: 'loopback', webhookResolver: resolver, webhookRetryDelaysMs: [] });
});
after(async () => {
  await publicOnly.close();
  await loopback.close();
});

const SECRET = 'whsec_targets_targets_targets_targets_00';

async function receiver(
  answer: (request: IncomingMessage) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 }),
) {
  const received: IncomingMessage[] = [];
  const http = createServer((request, response) => {
    received.push(request);
    request.resume();
    request.on('end', () => {
      const { status, headers } = answer(request);
      response.writeHead(status, headers);
      response.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return { port, url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise<void>((resolve) => http.close(() => resolve())) };
}

const LOOPBACK_SPELLINGS = [
  'http://127.0.0.1:9/hook',
  'http://127.1:9/',
  'http://2130706433:9/', // decimal
  'http://017700000001:9/', // octal
  'http://0x7f000001:9/', // hex
  'http://0x7f.0.0.1:9/',
  'http://[::1]:9/',
  'http://[::ffff:127.0.0.1]:9/', // IPv4-mapped IPv6
  'http://[::ffff:7f00:1]:9/',
  'http://[::127.0.0.1]:9/', // IPv4-compatible
  'http://[64:ff9b::7f00:1]:9/', // NAT64
  'http://[2002:7f00:1::]:9/', // 6to4
];
const PRIVATE_TARGETS = [
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://192.168.1.1/',
  'http://100.64.0.1/',
  'http://[fd00::1]/',
  'http://[::ffff:10.0.0.1]/',
];
const NEVER_TARGETS = [
  'http://169.254.169.254/latest/meta-data/', // cloud metadata
  'http://2852039166/', // the same, in decimal
  'http://[::ffff:169.254.169.254]/',
  'http://0.0.0.0/',
  'http://0/',
  'http://[::]/',
  'http://[fe80::1]/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://192.0.2.10/',
];

async function createWebhook(server: TestServer, url: string) {
  return server.api('POST', '/v1/webhooks', { name: 'target', url, secret: SECRET, events: ['secret.created'] });
}

test('loopback, private and reserved targets in every spelling are refused by default', async () => {
  for (const url of [...LOOPBACK_SPELLINGS, ...PRIVATE_TARGETS, ...NEVER_TARGETS]) {
    const response = await createWebhook(publicOnly, url);
    assert.equal(response.status, 422, `${url} is refused`);
    assert.equal(response.body.error.code, 'validation_error');
    assert.match(response.body.error.details.fields.url, /not an allowed webhook target/);
  }
  const subscription = await publicOnly.api('POST', '/v1/subscriptions', {
    name: 'meta',
    paths: ['**'],
    events: ['secret.*'],
    delivery: { type: 'webhook', url: 'http://[::ffff:a9fe:a9fe]/', secret: SECRET },
  });
  assert.equal(subscription.status, 422);
  assert.ok(subscription.body.error.details.fields['delivery.url']);
  // `localhost` resolves (from the hosts table) to loopback and is refused like the literal.
  dns.set('localhost.test', [['127.0.0.1']]);
  assert.equal((await createWebhook(publicOnly, 'http://localhost.test/')).status, 422);
  // A name with one public and one private address is refused: every address must be allowed.
  dns.set('mixed.test', [['93.184.215.14', '10.1.1.1']]);
  assert.equal((await createWebhook(publicOnly, 'https://mixed.test/')).status, 422);
});

test('a loopback server allows loopback targets but still refuses private and reserved ones', async () => {
  for (const url of LOOPBACK_SPELLINGS) assert.equal((await createWebhook(loopback, url)).status, 201, `${url} is allowed on loopback`);
  for (const url of [...PRIVATE_TARGETS, ...NEVER_TARGETS])
    assert.equal((await createWebhook(loopback, url)).status, 422, `${url} is refused`);
  const hook = await createWebhook(loopback, 'http://127.0.0.1:9/');
  const patched = await loopback.api('PATCH', `/v1/webhooks/${hook.body.id}`, { url: 'http://169.254.169.254/' });
  assert.equal(patched.status, 422, 'an update is checked too');
});

test('each delivery re-resolves and refuses a name that now points somewhere private (DNS rebinding)', async () => {
  // Public at creation, the metadata service at delivery: refused before any connection.
  dns.set('rebind.test', [['93.184.215.14'], ['169.254.169.254']]);
  const hook = await createWebhook(publicOnly, 'https://rebind.test/hook');
  assert.equal(hook.status, 201);
  const before = lookups.filter((name) => name === 'rebind.test').length;
  const result = await publicOnly.api('POST', `/v1/webhooks/${hook.body.id}/test`);
  assert.equal(result.body.status, 'failed');
  assert.equal(result.body.response_code, null);
  assert.match(result.body.error, /^target refused: 'rebind.test' resolves to 169\.254\.169\.254/);
  assert.equal(lookups.filter((name) => name === 'rebind.test').length, before + 1, 'resolved again for the delivery');
});

test('a delivery connects to the address that was checked, not to a second lookup', async () => {
  const hook = await receiver();
  try {
    // The system resolver knows nothing of `.test` names: only the checked address can be reached.
    dns.set('hooks.internal.test', [['127.0.0.1']]);
    const created = await createWebhook(loopback, `http://hooks.internal.test:${hook.port}/hook`);
    assert.equal(created.status, 201);
    const result = await loopback.api('POST', `/v1/webhooks/${created.body.id}/test`);
    assert.equal(result.body.status, 'success');
    assert.equal(hook.received.length, 1);
    assert.equal(hook.received[0]!.headers.host, `hooks.internal.test:${hook.port}`);
  } finally {
    await hook.close();
  }
});

test('redirects are never followed: a 307 fails the delivery and nothing reaches its Location', async () => {
  const elsewhere = await receiver();
  const redirecting = await receiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
  try {
    const created = await createWebhook(loopback, redirecting.url);
    const result = await loopback.api('POST', `/v1/webhooks/${created.body.id}/test`);
    assert.equal(result.body.status, 'failed');
    assert.equal(result.body.response_code, 307);
    assert.match(result.body.error, /redirects are not followed/);
    await loopback.api('PUT', '/v1/secrets/redirected/a', { data: { v: 1 } });
    await waitFor(async () => {
      const list = await loopback.api('GET', `/v1/webhooks/${created.body.id}/deliveries?status=failed`);
      return list.body.deliveries.some((d: { event_type: string }) => d.event_type === 'secret.created') || undefined;
    });
    assert.equal(redirecting.received.length, 2);
    assert.equal(elsewhere.received.length, 0, 'the signed body was not re-sent to the Location');
  } finally {
    await elsewhere.close();
    await redirecting.close();
  }
});

test('a closed port fails with a generic message that does not tell refused from filtered', async () => {
  const closed = await receiver();
  const port = closed.port;
  await closed.close();
  const created = await createWebhook(loopback, `http://127.0.0.1:${port}/`);
  const result = await loopback.api('POST', `/v1/webhooks/${created.body.id}/test`);
  assert.equal(result.body.status, 'failed');
  assert.equal(result.body.error, 'could not connect or no valid HTTP answer');
});

test('address classes cover the embedded-IPv4 forms', () => {
  const cases: [string, string][] = [
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['127.255.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['10.0.0.1', 'private'],
    ['fc00::1', 'private'],
    ['169.254.169.254', 'never'],
    ['64:ff9b::a9fe:a9fe', 'never'],
    ['fe80::1', 'never'],
    ['ff02::1', 'never'],
    ['2001:db8::1', 'never'],
    ['not-an-address', 'never'],
  ];
  for (const [address, expected] of cases) assert.equal(classifyAddress(address), expected, address);
});
