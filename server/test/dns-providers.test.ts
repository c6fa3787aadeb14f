import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAcmePeers, type AcmePeers } from './acme-peers.js';
import { startTestServer, type TestServer } from './helpers.js';
import { PowerDnsWriter } from '../src/dns-providers/powerdns-writer.js';
import { txtVisibleEverywhere } from '../src/dns-providers/authoritative-check.js';
import { serialised } from '../src/dns-providers/dns-providers.js';

const ZONE = 'dnsp.test';
let peers: AcmePeers;
let server: TestServer;
let hookDir: string;

before(async () => {
  peers = await startAcmePeers(ZONE);
  hookDir = mkdtempSync(join(tmpdir(), 'sv-dns-hook-'));
  // A hook that records what it was given (argv and the SCAIVAULT_ variables) and fails when told to.
  writeFileSync(
    join(hookDir, 'record-hook'),
    `#!/bin/sh\nprintf '%s ' "$@" >> "${hookDir}/calls"\nenv | grep '^SCAIVAULT_' | sort | tr '\\n' ' ' >> "${hookDir}/calls"\necho >> "${hookDir}/calls"\necho "leaked: $SCAIVAULT_DNS_CREDENTIAL_TOKEN" >&2\n[ "$SCAIVAULT_DNS_CREDENTIAL_FAIL" = yes ] && exit 3\nexit 0\n`,
  );
  chmodSync(join(hookDir, 'record-hook'), 0o755);
  server = await startTestServer({ dnsExecHooks: { recorder: join(hookDir, 'record-hook') } });
});

after(async () => {
  await server?.close();
  await peers?.stop();
  rmSync(hookDir, { recursive: true, force: true });
});

function powerdns(apiKey = peers.powerDns.apiKey) {
  return { api_url: peers.powerDns.apiUrl, api_key: apiKey, server_id: peers.powerDns.serverId };
}

test('dns providers: a verified powerdns provider is stored with its credentials sealed; no answer ever carries the key', async () => {
  const created = await server.api('POST', '/v1/dns/providers', {
    name: 'pdns-main',
    provider_type: 'powerdns',
    credentials: powerdns(),
    managed_zones: [ZONE, `*.${ZONE}`],
    config: { nameservers: [peers.powerDns.dnsAddress] },
    verify: true,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.match(created.body.id, /^dnsp_/);
  assert.deepEqual(created.body.managed_zones, [ZONE]);
  assert.deepEqual(created.body.credential_fields, ['api_key', 'api_url', 'server_id']);
  assert.equal(created.body.is_active, true);
  const listed = await server.api('GET', '/v1/dns/providers');
  const got = await server.api('GET', `/v1/dns/providers/${created.body.id}`);
  for (const answer of [created, listed, got]) assert.ok(!JSON.stringify(answer.body).includes(peers.powerDns.apiKey));
  assert.deepEqual(
    listed.body.providers.map((p: { name: string }) => p.name),
    ['pdns-main'],
  );
  assert.equal(got.body.name, 'pdns-main');
  const again = await server.api('POST', '/v1/dns/providers', {
    name: 'pdns-main',
    provider_type: 'powerdns',
    credentials: powerdns(),
    managed_zones: [ZONE],
  });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'dns_provider_exists');
  assert.equal((await server.api('DELETE', `/v1/dns/providers/${created.body.id}`)).status, 204);
  const gone = await server.api('GET', `/v1/dns/providers/${created.body.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.code, 'dns_provider_not_found');
});

test('dns providers: verify refuses a wrong API key and a zone PowerDNS does not serve, and saves nothing', async () => {
  const badKey = await server.api('POST', '/v1/dns/providers', {
    name: 'pdns-bad-key',
    provider_type: 'powerdns',
    credentials: powerdns('not-the-key'),
    managed_zones: [ZONE],
    verify: true,
  });
  assert.equal(badKey.status, 422);
  assert.equal(badKey.body.error.code, 'dns_provider_verification_failed');
  assert.match(badKey.body.error.message, /refused the API key/);
  assert.ok(!JSON.stringify(badKey.body).includes('not-the-key'));
  const otherZone = await server.api('POST', '/v1/dns/providers', {
    name: 'pdns-other-zone',
    provider_type: 'powerdns',
    credentials: powerdns(),
    managed_zones: ['elsewhere.test'],
    verify: true,
  });
  assert.equal(otherZone.status, 422);
  assert.match(otherZone.body.error.message, /does not serve elsewhere\.test/);
  const listed = await server.api('GET', '/v1/dns/providers');
  assert.ok(!listed.body.providers.some((p: { name: string }) => p.name.startsWith('pdns-bad') || p.name === 'pdns-other-zone'));
});

test('dns providers: documented types not implemented answer unsupported_provider_type; unknown types and bad fields are a validation error', async () => {
  const cloudflare = await server.api('POST', '/v1/dns/providers', {
    name: 'cf',
    provider_type: 'cloudflare',
    credentials: { api_token: 'x' },
    managed_zones: [ZONE],
  });
  assert.equal(cloudflare.status, 422);
  assert.equal(cloudflare.body.error.code, 'unsupported_provider_type');
  assert.deepEqual(cloudflare.body.error.details.supported, ['powerdns', 'exec']);
  const unknown = await server.api('POST', '/v1/dns/providers', { name: 'x', provider_type: 'bind9', managed_zones: [ZONE] });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.error.code, 'validation_error');
  const bad = await server.api('POST', '/v1/dns/providers', {
    name: 'x',
    provider_type: 'powerdns',
    credentials: { api_url: 'file:///etc/passwd', api_key: 'k' },
    managed_zones: ['not a zone'],
  });
  assert.equal(bad.status, 422);
  assert.deepEqual(Object.keys(bad.body.error.details.fields).sort(), ['credentials.api_url', 'managed_zones']);
});

test('dns providers: an exec provider may only name a hook the server was started with; verify runs it without a shell', async () => {
  const unknownHook = await server.api('POST', '/v1/dns/providers', {
    name: 'hook-x',
    provider_type: 'exec',
    config: { hook: '/bin/sh' },
    managed_zones: [ZONE],
  });
  assert.equal(unknownHook.status, 422);
  assert.match(unknownHook.body.error.details.fields['config.hook'], /recorder/);
  const ok = await server.api('POST', '/v1/dns/providers', {
    name: 'hook-ok',
    provider_type: 'exec',
    config: { hook: 'recorder' },
    credentials: { token: 'hook-secret-1' },
    managed_zones: [ZONE, 'other.test'],
    verify: true,
  });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.deepEqual(ok.body.config, { hook: 'recorder' });
  const calls = readFileSync(join(hookDir, 'calls'), 'utf8');
  assert.match(
    calls,
    /^verify SCAIVAULT_DNS_ACTION=verify SCAIVAULT_DNS_CREDENTIAL_TOKEN=hook-secret-1 SCAIVAULT_DNS_ZONES=dnsp.test other.test $/m,
  );
  const failing = await server.api('POST', '/v1/dns/providers', {
    name: 'hook-failing',
    provider_type: 'exec',
    config: { hook: 'recorder' },
    credentials: { token: 'hook-secret-2', fail: 'yes' },
    managed_zones: [ZONE],
    verify: true,
  });
  assert.equal(failing.status, 422);
  assert.equal(failing.body.error.code, 'dns_provider_verification_failed');
  assert.match(failing.body.error.message, /the DNS hook recorder exited with status 3 \(verify\)/);
  // The hook's output (which echoed its credential) is not passed on.
  assert.ok(!JSON.stringify(failing.body).includes('hook-secret-2'));
});

test('powerdns writer: a name and its wildcard share one TXT record name; both values are served, and each goes on its own', async () => {
  const writer = new PowerDnsWriter(powerdns());
  const name = `_acme-challenge.www.${ZONE}`;
  await writer.addTxt(ZONE, name, 'value-apex');
  await writer.addTxt(ZONE, name, 'value-wildcard');
  assert.deepEqual((await peers.powerDns.txtRecords(ZONE, name)).sort(), ['"value-apex"', '"value-wildcard"']);
  assert.equal(await txtVisibleEverywhere(ZONE, name, 'value-apex', [peers.powerDns.dnsAddress]), true);
  assert.equal(await txtVisibleEverywhere(ZONE, name, 'value-wildcard', [peers.powerDns.dnsAddress]), true);
  await writer.removeTxt(ZONE, name, 'value-apex');
  assert.deepEqual(await peers.powerDns.txtRecords(ZONE, name), ['"value-wildcard"']);
  assert.equal(await txtVisibleEverywhere(ZONE, name, 'value-apex', [peers.powerDns.dnsAddress]), false);
  await writer.removeTxt(ZONE, name, 'value-wildcard');
  assert.deepEqual(await peers.powerDns.txtRecords(ZONE, name), []);
});

test('dns providers: concurrent changes to one record name through the serialised writer keep every value', async () => {
  const writer = serialised('dnsp_test', new PowerDnsWriter(powerdns()));
  const name = `_acme-challenge.busy.${ZONE}`;
  const values = ['one', 'two', 'three', 'four', 'five'];
  await Promise.all(values.map((value) => writer.addTxt(ZONE, name, value)));
  assert.deepEqual((await peers.powerDns.txtRecords(ZONE, name)).sort(), values.map((value) => `"${value}"`).sort());
  await Promise.all(values.map((value) => writer.removeTxt(ZONE, name, value)));
  assert.deepEqual(await peers.powerDns.txtRecords(ZONE, name), []);
});

test('dns providers: PATCH changes zones, nameservers, name and activity; kept credentials still work; a failed verify changes nothing', async () => {
  const created = await server.api('POST', '/v1/dns/providers', {
    name: 'pdns-patch',
    provider_type: 'powerdns',
    credentials: powerdns(),
    managed_zones: ['elsewhere.test'],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as string;
  // The credentials are not sent again (nobody can read them back); verify checks the stored ones against the new zone.
  const moved = await server.api('PATCH', `/v1/dns/providers/${id}`, {
    name: 'pdns-moved',
    managed_zones: [`${ZONE}.`],
    config: { nameservers: [peers.powerDns.dnsAddress] },
    verify: true,
  });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.name, 'pdns-moved');
  assert.deepEqual(moved.body.managed_zones, [ZONE]);
  assert.deepEqual(moved.body.config.nameservers, [peers.powerDns.dnsAddress]);
  assert.deepEqual(moved.body.credential_fields, ['api_key', 'api_url', 'server_id']);
  const badKey = await server.api('PATCH', `/v1/dns/providers/${id}`, { credentials: powerdns('wrong-key'), verify: true });
  assert.equal(badKey.status, 422);
  assert.equal(badKey.body.error.code, 'dns_provider_verification_failed');
  assert.ok(!JSON.stringify(badKey.body).includes('wrong-key'));
  // Nothing changed: the stored key still verifies.
  assert.equal((await server.api('PATCH', `/v1/dns/providers/${id}`, { verify: true })).status, 200);
  const retype = await server.api('PATCH', `/v1/dns/providers/${id}`, { provider_type: 'exec' });
  assert.equal(retype.status, 422);
  assert.match(retype.body.error.details.fields.provider_type, /cannot change/);
  const badZone = await server.api('PATCH', `/v1/dns/providers/${id}`, { managed_zones: ['not a zone'] });
  assert.equal(badZone.status, 422);
  assert.ok(badZone.body.error.details.fields.managed_zones);
  const off = await server.api('PATCH', `/v1/dns/providers/${id}`, { is_active: false });
  assert.equal(off.body.is_active, false);
  const other = await server.api('POST', '/v1/dns/providers', {
    name: 'pdns-other',
    provider_type: 'powerdns',
    credentials: powerdns(),
    managed_zones: ['other.test'],
  });
  const clash = await server.api('PATCH', `/v1/dns/providers/${other.body.id}`, { name: 'pdns-moved' });
  assert.equal(clash.status, 409);
  assert.equal(clash.body.error.code, 'dns_provider_exists');
  const missing = await server.api('PATCH', '/v1/dns/providers/dnsp_missing', { name: 'x' });
  assert.equal(missing.status, 404);
  for (const provider of [id, other.body.id]) assert.equal((await server.api('DELETE', `/v1/dns/providers/${provider}`)).status, 204);
});
