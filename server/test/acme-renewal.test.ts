import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAcmePeers, type AcmePeers } from './acme-peers.js';
import { startTestServer, type TestServer } from './helpers.js';

const ZONE = 'renew.test';
const DAY = 86_400_000;
let peers: AcmePeers;
let server: TestServer;
/** The server's clock runs this far ahead of the real one: moving it forward brings a certificate into its renewal window. */
let clockShift = 0;

before(async () => {
  peers = await startAcmePeers(ZONE);
  server = await startTestServer({ acmePollIntervalMs: 50, schedulerIntervalMs: 100, clock: () => Date.now() + clockShift });
});

after(async () => {
  await server?.close();
  await peers?.stop();
});

async function settle(orderId: string): Promise<any> {
  for (;;) {
    const { body } = await server.api('GET', `/v1/pki/acme/orders/${orderId}`);
    if (body.status === 'valid' || body.status === 'invalid') return body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('acme renewal: inside the window (default 30 days) the leader renews the certificate and says so; the TXT records are gone again', async () => {
  const account = await server.api('POST', '/v1/pki/acme/accounts', {
    provider: 'custom',
    directory_url: peers.pebble.directoryUrl,
    ca_bundle: peers.pebble.tlsCaPem,
  });
  assert.equal(account.status, 201, JSON.stringify(account.body));
  const provider = await server.api('POST', '/v1/dns/providers', {
    name: 'pdns',
    provider_type: 'powerdns',
    credentials: { api_url: peers.powerDns.apiUrl, api_key: peers.powerDns.apiKey },
    managed_zones: [ZONE],
    config: { nameservers: [peers.powerDns.dnsAddress] },
  });
  assert.equal(provider.status, 201, JSON.stringify(provider.body));
  const subscription = await server.api('POST', '/v1/subscriptions', {
    name: 'renewals',
    paths: ['**'],
    events: ['certificate.renewed'],
    delivery: { type: 'polling' },
  });
  const placed = await server.api('POST', '/v1/pki/acme/orders', { account_id: account.body.id, domains: [`www.${ZONE}`] });
  const order = await settle(placed.body.id);
  assert.equal(order.status, 'valid', JSON.stringify(order.error));
  // 31 days before expiry nothing happens; 10 days before, the certificate is inside the window.
  clockShift = Date.parse(order.not_after) - Date.now() - 31 * DAY;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const early = await server.api('GET', `/v1/subscriptions/${subscription.body.id}/poll?timeout=0`);
  assert.deepEqual(early.body.events, []);
  clockShift = Date.parse(order.not_after) - Date.now() - 10 * DAY;
  let renewed: any;
  try {
    while (!renewed) {
      const polled = await server.api('GET', `/v1/subscriptions/${subscription.body.id}/poll?timeout=0`);
      renewed = polled.body.events.find((event: any) => event.data.previous_certificate_id === order.certificate_id);
      if (!renewed) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    clockShift = 0;
  }
  assert.notEqual(renewed.data.certificate_id, order.certificate_id);
  const renewal = await server.api('GET', `/v1/pki/acme/orders/${renewed.data.order_id}`);
  assert.equal(renewal.body.status, 'valid');
  assert.equal(renewal.body.renewal_of, order.certificate_id);
  assert.equal(renewal.body.created_by, 'system:acme-renewal');
  assert.notEqual(renewal.body.serial_number, order.serial_number);
  const before = (await server.api('GET', `/v1/pki/acme/orders/${order.id}/certificate`)).body;
  const after = (await server.api('GET', `/v1/pki/acme/orders/${renewal.body.id}/certificate`)).body;
  assert.match(after.private_key, /BEGIN PRIVATE KEY/);
  assert.notEqual(after.private_key, before.private_key);
  assert.deepEqual(await peers.powerDns.txtRecords(ZONE, `_acme-challenge.www.${ZONE}`), []);
});
