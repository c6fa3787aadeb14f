import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { BLOCKED_DOMAIN, EAB_HMAC_KEY, EAB_KID, startAcmePeers, type AcmePeers } from './acme-peers.js';
import { startTestServer, type TestServer } from './helpers.js';
import { openssl, Scratch } from './pki-openssl.js';

const ZONE = 'acme.test';
let peers: AcmePeers;
let server: TestServer;
let scratch: Scratch;
let accountId: string;
/** What the http-01 hook serves, and the web server Pebble's http-01 validation reaches. */
let webroot: string;
let web: Server;
const fetchedTokens: string[] = [];

before(async () => {
  peers = await startAcmePeers(ZONE);
  scratch = new Scratch();
  webroot = scratch.path('webroot');
  mkdirSync(webroot);
  // An operator's http-01 hook, as certbot's manual hooks are written: put the token's file in the
  // web root, take it away again.
  const hook = scratch.write(
    'webroot-hook',
    `#!/bin/sh\nset -eu\ncase "$1" in\n  http-present) printf '%s' "$SCAIVAULT_HTTP_CONTENT" > "${webroot}/$SCAIVAULT_HTTP_TOKEN" ;;\n  http-cleanup) rm -f "${webroot}/$SCAIVAULT_HTTP_TOKEN" ;;\n  verify) ;;\n  *) exit 3 ;;\nesac\n`,
  );
  chmodSync(hook, 0o755);
  web = createServer((request, response) => {
    const token = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/.exec(request.url ?? '')?.[1];
    let body: string | undefined;
    try {
      body = token ? readFileSync(join(webroot, token), 'utf8') : undefined;
    } catch {
      body = undefined;
    }
    if (token && body !== undefined) fetchedTokens.push(token);
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => web.listen(peers.pebble.httpPort, '127.0.0.1', resolve));
  server = await startTestServer({ acmePollIntervalMs: 50, schedulerIntervalMs: 100, dnsExecHooks: { webroot: hook } });
  const account = await server.api('POST', '/v1/pki/acme/accounts', {
    provider: 'custom',
    directory_url: peers.pebble.directoryUrl,
    ca_bundle: peers.pebble.tlsCaPem,
    email: 'certs@acme.test',
  });
  assert.equal(account.status, 201, JSON.stringify(account.body));
  accountId = account.body.id;
  const provider = await server.api('POST', '/v1/dns/providers', {
    name: 'pdns',
    provider_type: 'powerdns',
    credentials: { api_url: peers.powerDns.apiUrl, api_key: peers.powerDns.apiKey },
    managed_zones: [ZONE],
    config: { nameservers: [peers.powerDns.dnsAddress] },
    verify: true,
  });
  assert.equal(provider.status, 201, JSON.stringify(provider.body));
});

after(async () => {
  await server?.close();
  await new Promise((resolve) => web?.close(resolve));
  await peers?.stop();
  scratch?.remove();
});

/** Polls the order as a client would, recording each status it passes through, until it is done. */
async function settle(orderId: string): Promise<{ order: any; statuses: string[] }> {
  const statuses: string[] = [];
  for (let attempt = 0; attempt < 4800; attempt++) {
    const { body } = await server.api('GET', `/v1/pki/acme/orders/${orderId}`);
    if (statuses[statuses.length - 1] !== body.status) statuses.push(body.status);
    if (body.status === 'valid' || body.status === 'invalid') return { order: body, statuses };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`order ${orderId} did not finish`);
}

async function txtLeft(name: string): Promise<string[]> {
  return peers.powerDns.txtRecords(ZONE, name);
}

test('acme: the account key is made by the server and never returned; list and get find the account by id and by name', async () => {
  const listed = await server.api('GET', '/v1/pki/acme/accounts');
  assert.equal(listed.body.accounts.length, 1);
  const account = listed.body.accounts[0];
  assert.equal(account.name, 'custom-production');
  assert.equal(account.provider, 'custom');
  assert.equal(account.has_ca_bundle, true);
  assert.match(account.account_url, /^https:\/\/127\.0\.0\.1:\d+\//);
  assert.ok(!JSON.stringify(listed.body).includes('PRIVATE KEY'));
  assert.equal((await server.api('GET', `/v1/pki/acme/accounts/${accountId}`)).body.id, accountId);
  assert.equal((await server.api('GET', '/v1/pki/acme/accounts/custom-production')).body.id, accountId);
  const missing = await server.api('GET', '/v1/pki/acme/accounts/acme_nope');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'acme_account_not_found');
});

test("acme: a name and its wildcard are issued through dns-01 via PowerDNS; OpenSSL verifies the chain to Pebble's root; the TXT records are gone", async () => {
  const subscription = await server.api('POST', '/v1/subscriptions', {
    name: 'certs',
    paths: ['**'],
    events: ['certificate.*'],
    delivery: { type: 'polling' },
  });
  assert.equal(subscription.status, 201, JSON.stringify(subscription.body));
  const placed = await server.api('POST', '/v1/pki/acme/orders', {
    account_id: accountId,
    domains: ['www.acme.test', '*.www.acme.test'],
    challenge_type: 'dns-01',
  });
  assert.equal(placed.status, 202, JSON.stringify(placed.body));
  assert.equal(placed.body.status, 'pending');
  assert.match(placed.body.id, /^ord_/);
  const { order, statuses } = await settle(placed.body.id);
  assert.equal(order.status, 'valid', JSON.stringify(order.error));
  // The documented sequence: pending → processing → valid (a fast poll may miss `processing`, never reorder them).
  assert.deepEqual(
    statuses.filter((status, i) => statuses.indexOf(status) === i),
    statuses,
  );
  assert.equal(statuses[0], 'pending');
  assert.equal(statuses[statuses.length - 1], 'valid');
  assert.match(order.certificate_id, /^cert_/);
  // Polling never carries key material; the certificate and key are a separate read.
  assert.ok(!JSON.stringify(order).includes('PRIVATE KEY'));
  const issuedCert = (await server.api('GET', `/v1/pki/acme/orders/${order.id}/certificate`)).body;
  assert.equal(issuedCert.certificate_id, order.certificate_id);
  assert.ok(issuedCert.ca_chain.length >= 1);
  const root = scratch.write('root.pem', await peers.pebble.rootPem());
  const leaf = scratch.write('leaf.pem', issuedCert.certificate);
  const chain = scratch.write('chain.pem', issuedCert.ca_chain.join(''));
  const verified = openssl(['verify', '-CAfile', root, '-untrusted', chain, leaf]);
  assert.equal(verified.status, 0, verified.stderr + verified.stdout);
  const text = openssl(['x509', '-in', leaf, '-noout', '-ext', 'subjectAltName']).stdout;
  assert.match(text, /DNS:www\.acme\.test/);
  assert.match(text, /DNS:\*\.www\.acme\.test/);
  // The server-made key belongs to the certificate.
  const key = scratch.write('key.pem', issuedCert.private_key);
  assert.equal(openssl(['pkey', '-in', key, '-pubout']).stdout, openssl(['x509', '-in', leaf, '-noout', '-pubkey']).stdout);
  assert.deepEqual(await txtLeft('_acme-challenge.www.acme.test'), []);
  // The certificate is in the tenant's certificate list, beside its own CAs', under the same id.
  // (Pebble's certificates are valid for five years.)
  const expiring = await server.api('GET', '/v1/pki/certificates?expiring_within=2000d');
  const listed = expiring.body.certificates.find((item: any) => item.id === order.certificate_id);
  assert.ok(listed, JSON.stringify(expiring.body));
  assert.equal(listed.source, 'acme');
  assert.equal(listed.ca_id, accountId);
  assert.deepEqual([...listed.alt_names].sort(), ['*.www.acme.test', 'www.acme.test']);
  const pem = await server.api('GET', `/v1/pki/certificates/${order.certificate_id}/pem`);
  assert.equal(pem.body.trim(), issuedCert.certificate.trim());
  const revoke = await server.api('POST', `/v1/pki/certificates/${order.certificate_id}/revoke`, { reason: 'key_compromise' });
  assert.equal(revoke.status, 409);
  assert.equal(revoke.body.error.code, 'invalid_state');
  assert.match(revoke.body.error.message, /revoke it at that CA/);
  const polled = await server.api('GET', `/v1/subscriptions/${subscription.body.id}/poll?timeout=5`);
  const issued = polled.body.events.find((event: any) => event.event_type === 'certificate.issued');
  assert.ok(issued, JSON.stringify(polled.body));
  assert.equal(issued.data.certificate_id, order.certificate_id);
  assert.ok(!JSON.stringify(polled.body).includes('PRIVATE KEY'));
  const audit = await server.api('GET', '/v1/audit/logs?action=acme_order_complete');
  assert.ok(JSON.stringify(audit.body).includes(placed.body.id), JSON.stringify(audit.body).slice(0, 500));
});

test('acme: http-01 through an exec hook: the hook places the token where Pebble fetches it, the certificate is issued, the token is removed', async () => {
  await peers.powerDns.setAddress(ZONE, 'site.web.acme.test', '127.0.0.1');
  const provider = await server.api('POST', '/v1/dns/providers', {
    name: 'web',
    provider_type: 'exec',
    config: { hook: 'webroot' },
    managed_zones: ['web.acme.test'],
  });
  assert.equal(provider.status, 201, JSON.stringify(provider.body));
  const wildcard = await server.api('POST', '/v1/pki/acme/orders', {
    account_id: accountId,
    domains: ['*.web.acme.test'],
    challenge_type: 'http-01',
  });
  assert.equal(wildcard.status, 422);
  assert.equal(wildcard.body.error.code, 'validation_error');
  assert.match(wildcard.body.error.message, /\*\.web\.acme\.test needs dns-01/);
  const placed = await server.api('POST', '/v1/pki/acme/orders', {
    account_id: accountId,
    domains: ['site.web.acme.test'],
    challenge_type: 'http-01',
  });
  assert.equal(placed.status, 202, JSON.stringify(placed.body));
  assert.equal(placed.body.challenge_type, 'http-01');
  const { order } = await settle(placed.body.id);
  assert.equal(order.status, 'valid', JSON.stringify(order.error));
  // Pebble really fetched the token from the web root the hook wrote to, and the hook removed it after.
  assert.equal(fetchedTokens.length >= 1, true);
  assert.deepEqual(readdirSync(webroot), []);
  const issuedCert = (await server.api('GET', `/v1/pki/acme/orders/${order.id}/certificate`)).body;
  const root = scratch.write('http-root.pem', await peers.pebble.rootPem());
  const leaf = scratch.write('http-leaf.pem', issuedCert.certificate);
  const chain = scratch.write('http-chain.pem', issuedCert.ca_chain.join(''));
  const verified = openssl(['verify', '-CAfile', root, '-untrusted', chain, leaf]);
  assert.equal(verified.status, 0, verified.stderr + verified.stdout);
  assert.match(openssl(['x509', '-in', leaf, '-noout', '-ext', 'subjectAltName']).stdout, /DNS:site\.web\.acme\.test/);
  assert.equal((await server.api('DELETE', `/v1/dns/providers/${provider.body.id}`)).status, 204);
});

test("acme: an http-01 token nobody serves ends the order invalid with the CA's problem, and the token is removed", async () => {
  // No A record: Pebble cannot reach a web server for this name.
  const provider = await server.api('POST', '/v1/dns/providers', {
    name: 'web-unreachable',
    provider_type: 'exec',
    config: { hook: 'webroot' },
    managed_zones: ['dark.acme.test'],
  });
  assert.equal(provider.status, 201, JSON.stringify(provider.body));
  const placed = await server.api('POST', '/v1/pki/acme/orders', {
    account_id: accountId,
    domains: ['dark.acme.test'],
    challenge_type: 'http-01',
  });
  assert.equal(placed.status, 202, JSON.stringify(placed.body));
  const { order } = await settle(placed.body.id);
  assert.equal(order.status, 'invalid');
  assert.match(order.error.type, /^urn:ietf:params:acme:error:/);
  assert.deepEqual(readdirSync(webroot), []);
  assert.equal((await server.api('DELETE', `/v1/dns/providers/${provider.body.id}`)).status, 204);
});

test('acme: bad input is refused before anything is ordered: unknown account, a name no provider manages, a mismatched CSR, http-01 without a hook', async () => {
  const unknown = await server.api('POST', '/v1/pki/acme/orders', { account_id: 'acme_missing', domains: ['a.acme.test'] });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'acme_account_not_found');
  const unmanaged = await server.api('POST', '/v1/pki/acme/orders', { account_id: accountId, domains: ['www.elsewhere.test'] });
  assert.equal(unmanaged.status, 422);
  assert.equal(unmanaged.body.error.code, 'dns_zone_not_managed');
  const http01 = await server.api('POST', '/v1/pki/acme/orders', {
    account_id: accountId,
    domains: ['a.acme.test'],
    challenge_type: 'http-01',
  });
  assert.equal(http01.status, 422);
  assert.equal(http01.body.error.code, 'unsupported_challenge_type');
  assert.match(http01.body.error.message, /only an exec hook provider can/);
  const tlsAlpn = await server.api('POST', '/v1/pki/acme/orders', {
    account_id: accountId,
    domains: ['a.acme.test'],
    challenge_type: 'tls-alpn-01',
  });
  assert.equal(tlsAlpn.status, 422);
  assert.deepEqual(tlsAlpn.body.error.details.supported, ['dns-01', 'http-01']);
  scratch.write('csr.cnf', '[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nCN=other.acme.test\n');
  openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    scratch.path('csr.key'),
    '-out',
    scratch.path('csr.pem'),
    '-config',
    scratch.path('csr.cnf'),
  ]);
  const mismatch = await server.api('POST', '/v1/pki/acme/orders', {
    account_id: accountId,
    domains: ['a.acme.test'],
    csr: openssl(['req', '-in', scratch.path('csr.pem')]).stdout,
  });
  assert.equal(mismatch.status, 422);
  assert.equal(mismatch.body.error.code, 'csr_domains_mismatch');
  const bad = await server.api('POST', '/v1/pki/acme/orders', { account_id: accountId, domains: ['a.*.acme.test'] });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.code, 'validation_error');
});

test("acme: a caller's CSR is finalised as given; the order holds no key", async () => {
  scratch.write('own.cnf', '[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nCN=own.acme.test\n');
  openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    scratch.path('own.key'),
    '-out',
    scratch.path('own.csr'),
    '-config',
    scratch.path('own.cnf'),
    '-addext',
    'subjectAltName=DNS:own.acme.test',
  ]);
  const placed = await server.api('POST', '/v1/pki/acme/orders', {
    account_id: 'custom-production',
    domains: ['own.acme.test'],
    csr: openssl(['req', '-in', scratch.path('own.csr')]).stdout,
    auto_renew: false,
  });
  assert.equal(placed.status, 202, JSON.stringify(placed.body));
  const { order } = await settle(placed.body.id);
  assert.equal(order.status, 'valid', JSON.stringify(order.error));
  const own = (await server.api('GET', `/v1/pki/acme/orders/${order.id}/certificate`)).body;
  assert.equal(own.private_key, undefined);
  const leaf = scratch.write('own-leaf.pem', own.certificate);
  assert.equal(
    openssl(['req', '-in', scratch.path('own.csr'), '-noout', '-pubkey']).stdout,
    openssl(['x509', '-in', leaf, '-noout', '-pubkey']).stdout,
  );
});

test("acme: the CA's refusal ends the order invalid with the CA's problem, and nothing is left in DNS", async () => {
  const placed = await server.api('POST', '/v1/pki/acme/orders', { account_id: accountId, domains: [BLOCKED_DOMAIN] });
  assert.equal(placed.status, 202, JSON.stringify(placed.body));
  const { order, statuses } = await settle(placed.body.id);
  assert.deepEqual(statuses.slice(-1), ['invalid']);
  const noCertificate = await server.api('GET', `/v1/pki/acme/orders/${order.id}/certificate`);
  assert.equal(noCertificate.status, 409);
  assert.equal(noCertificate.body.error.code, 'invalid_state');
  assert.equal(order.error.type, 'urn:scaivault:acme:ca-rejected');
  assert.match(order.error.detail, /blocked|policy|forbidden/i);
  assert.deepEqual(await txtLeft(`_acme-challenge.${BLOCKED_DOMAIN}`), []);
});

test('acme: a DNS update the provider refuses (a wrong API key) ends the order invalid and writes nothing', async () => {
  const badProvider = await server.api('POST', '/v1/dns/providers', {
    name: 'pdns-wrong-key',
    provider_type: 'powerdns',
    credentials: { api_url: peers.powerDns.apiUrl, api_key: 'wrong-key' },
    managed_zones: [ZONE],
  });
  assert.equal(badProvider.status, 201);
  const placed = await server.api('POST', '/v1/pki/acme/orders', {
    account_id: accountId,
    domains: ['refused.acme.test'],
    dns_provider_id: badProvider.body.id,
  });
  const { order } = await settle(placed.body.id);
  assert.equal(order.status, 'invalid');
  assert.equal(order.error.type, 'urn:scaivault:acme:dns-provider');
  assert.match(order.error.detail, /refused the API key/);
  assert.ok(!JSON.stringify(order).includes('wrong-key'));
  assert.deepEqual(await txtLeft('_acme-challenge.refused.acme.test'), []);
  await server.api('DELETE', `/v1/dns/providers/${badProvider.body.id}`);
});

test('acme: an external account binding the CA knows registers; a wrong HMAC key is refused by the CA; the key is never returned', async () => {
  const register = (hmacKey: string, name: string) =>
    server.api('POST', '/v1/pki/acme/accounts', {
      name,
      provider: 'custom',
      directory_url: peers.pebble.directoryUrl,
      ca_bundle: peers.pebble.tlsCaPem,
      external_account_binding: { kid: EAB_KID, hmac_key: hmacKey },
    });
  const bound = await register(EAB_HMAC_KEY, 'with-eab');
  assert.equal(bound.status, 201, JSON.stringify(bound.body));
  const wrongKey = Buffer.from('not the key the CA holds, long enough').toString('base64url');
  const refused = await register(wrongKey, 'wrong-eab');
  assert.equal(refused.status, 502, JSON.stringify(refused.body));
  assert.equal(refused.body.error.code, 'acme_ca_rejected');
  assert.match(refused.body.error.message, /external account binding/);
  for (const answer of [bound, refused, await server.api('GET', `/v1/pki/acme/accounts/${bound.body.id}`)]) {
    assert.ok(!JSON.stringify(answer.body).includes(EAB_HMAC_KEY));
    assert.ok(!JSON.stringify(answer.body).includes(wrongKey));
  }
});

test('acme: orders list, newest first, by status and by account (id or name), paged by cursor; a bad status or cursor is 400', async () => {
  const all = await server.api('GET', '/v1/pki/acme/orders?limit=500');
  assert.equal(all.status, 200, JSON.stringify(all.body));
  const orders = all.body.orders as { id: string; status: string; account_id: string }[];
  assert.ok(orders.length >= 3, 'the tests before placed orders');
  const valid = await server.api('GET', '/v1/pki/acme/orders?status=valid&limit=500');
  assert.deepEqual(
    valid.body.orders.map((order: { id: string }) => order.id),
    orders.filter((order) => order.status === 'valid').map((order) => order.id),
  );
  const byName = (await server.api('GET', '/v1/pki/acme/orders?account_id=custom-production&limit=500')).body.orders;
  assert.deepEqual(
    byName.map((order: { id: string }) => order.id),
    orders.filter((order) => order.account_id === accountId).map((order) => order.id),
  );
  // Paged one at a time, the same orders in the same order.
  const paged: string[] = [];
  let cursor: string | null = null;
  do {
    const answer: { body: { orders: { id: string }[]; cursor: string | null } } = await server.api(
      'GET',
      `/v1/pki/acme/orders?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
    );
    paged.push(...answer.body.orders.map((order) => order.id));
    cursor = answer.body.cursor;
  } while (cursor);
  assert.deepEqual(
    paged,
    orders.map((order) => order.id),
  );
  assert.equal((await server.api('GET', '/v1/pki/acme/orders?status=done')).status, 400);
  assert.equal((await server.api('GET', '/v1/pki/acme/orders?cursor=nonsense')).body.error.code, 'invalid_cursor');
  assert.equal((await server.api('GET', '/v1/pki/acme/orders?account_id=acme_missing')).status, 404);
});

test('acme: an unreachable CA is a 502 at registration, naming the problem', async () => {
  const refused = await server.api('POST', '/v1/pki/acme/accounts', {
    name: 'nowhere',
    provider: 'custom',
    directory_url: 'https://127.0.0.1:1/dir',
  });
  assert.equal(refused.status, 502);
  assert.equal(refused.body.error.code, 'acme_ca_unreachable');
  const untrusted = await server.api('POST', '/v1/pki/acme/accounts', {
    name: 'untrusted',
    provider: 'custom',
    directory_url: peers.pebble.directoryUrl,
  });
  assert.equal(untrusted.status, 502);
  assert.match(untrusted.body.error.message, /certificate/i);
});
