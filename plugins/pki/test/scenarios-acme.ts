// Fixtures for the ACME and DNS-provider commands, recorded into fixtures/pki-acme/. The scenarios that talk to a
// CA get a real Pebble resolving through a real PowerDNS (the server tests' peers), started once per recording run.
import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

interface Peers {
  powerDns: { apiUrl: string; apiKey: string; dnsAddress: string };
  pebble: { directoryUrl: string; tlsCaPem: string };
  kill(): void;
}

const ZONE = 'acme.test';
let peers: Promise<Peers> | undefined;
/** Pebble and PowerDNS, started on first use and ended when the recording process exits. */
function acmePeers(): Promise<Peers> {
  peers ??= (async () => {
    const helper = new URL('../../../../server/dist/test/acme-peers.js', import.meta.url).href;
    const { startAcmePeers } = (await import(helper)) as { startAcmePeers: (zone: string) => Promise<Peers> };
    // The helper ends them when this process exits.
    return startAcmePeers(ZONE);
  })();
  return peers;
}

/** A powerdns provider saved without the credential check, so no DNS server is needed. */
async function withProvider(client: ScaiVaultClient): Promise<Record<string, string>> {
  const provider = await client.pki.dnsProviders.create({
    name: 'pdns',
    provider_type: 'powerdns',
    credentials: { api_url: 'http://127.0.0.1:8081', api_key: 'example-api-key' },
    managed_zones: [ZONE],
  });
  return { id: provider.id };
}

/** An account at Pebble and the PowerDNS provider for the zone. */
async function withAccount(client: ScaiVaultClient): Promise<Record<string, string>> {
  const { pebble, powerDns } = await acmePeers();
  const account = await client.pki.acme.accounts.register({
    name: 'pebble',
    provider: 'custom',
    environment: 'production',
    directory_url: pebble.directoryUrl,
    ca_bundle: pebble.tlsCaPem,
  });
  await client.pki.dnsProviders.create({
    name: 'pdns',
    provider_type: 'powerdns',
    credentials: { api_url: powerDns.apiUrl, api_key: powerDns.apiKey },
    managed_zones: [ZONE],
    config: { nameservers: [powerDns.dnsAddress] },
  });
  return { account: account.id };
}

/** …and an order that has finished. */
async function withValidOrder(client: ScaiVaultClient): Promise<Record<string, string>> {
  const { account } = await withAccount(client);
  let order = await client.pki.acme.orders.create({ account_id: account!, domains: [`www.${ZONE}`], challenge_type: 'dns-01' });
  while (order.status !== 'valid' && order.status !== 'invalid') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    order = await client.pki.acme.orders.get(order.id);
  }
  return { account: account!, order: order.id };
}

const CA_URL = 'https://127.0.0.1:1/dir';

export const scenarios: FixtureScenario[] = [
  {
    name: 'dns-providers-create',
    description: 'dns-providers create saves a powerdns provider (credentials from a file or stdin, never shown)',
    argv: ['pki', 'dns-providers', 'create', '--name', 'pdns', '--type', 'powerdns', '--zone', ZONE, '--credentials', '-', '--no-verify'],
    stdin: '{"api_url": "http://127.0.0.1:8081", "api_key": "example-api-key"}',
  },
  {
    name: 'dns-providers-create-unsupported',
    description: 'a documented provider type this server does not drive yet is a clear 422',
    argv: ['pki', 'dns-providers', 'create', '--name', 'cf', '--type', 'cloudflare', '--zone', ZONE, '--credentials', '-'],
    stdin: '{"api_token": "example-token"}',
  },
  {
    name: 'dns-providers-create-no-credentials',
    description: 'a powerdns provider without --credentials is exit 5 before any request',
    argv: ['pki', 'dns-providers', 'create', '--name', 'pdns', '--type', 'powerdns', '--zone', ZONE],
  },
  {
    name: 'dns-providers-list',
    description: 'dns-providers list shows id, name, type and zones',
    setup: withProvider,
    argv: ['pki', 'dns-providers', 'list'],
  },
  {
    name: 'dns-providers-get-json',
    description: 'dns-providers get shows the names of the credential fields, not their values',
    setup: withProvider,
    argv: (vars) => ['pki', 'dns-providers', 'get', vars.id!, '--json'],
  },
  {
    name: 'dns-providers-get-not-found',
    description: 'an unknown provider is exit 4',
    argv: ['pki', 'dns-providers', 'get', 'dnsp_0000000000000000'],
  },
  {
    name: 'dns-providers-update',
    description: 'dns-providers update replaces the zones and disables the provider, keeping its stored credentials',
    setup: withProvider,
    argv: (vars) => ['pki', 'dns-providers', 'update', vars.id!, '--zone', `${ZONE},acme.dev`, '--disable', '--no-verify', '--json'],
  },
  {
    name: 'dns-providers-update-nothing',
    description: 'update with nothing to change is exit 5 before any request',
    argv: ['pki', 'dns-providers', 'update', 'dnsp_0000000000000000'],
  },
  {
    name: 'dns-providers-delete',
    description: 'dns-providers delete --yes removes it',
    setup: withProvider,
    argv: (vars) => ['pki', 'dns-providers', 'delete', vars.id!, '--yes'],
  },
  {
    name: 'acme-register-unreachable',
    description: 'register against a CA that cannot be reached is exit 1 naming the problem',
    argv: ['pki', 'acme', 'register', '--provider', 'custom', '--directory-url', CA_URL],
  },
  {
    name: 'acme-register-eab-half',
    description: '--eab-kid without --eab-hmac-key-file is exit 5 before any request',
    argv: ['pki', 'acme', 'register', '--provider', 'zerossl', '--email', 'certs@acme.example', '--eab-kid', 'kid-1'],
  },
  {
    name: 'acme-register-bad-provider',
    description: 'an unknown --provider is exit 5 before any request',
    argv: ['pki', 'acme', 'register', '--provider', 'letsencrypr', '--email', 'certs@acme.example'],
  },
  {
    name: 'acme-issue-no-wait',
    description: 'issue --no-wait prints the order id at once',
    setup: withAccount,
    argv: (vars) => ['pki', 'acme', 'issue', '--account', vars.account!, '--domains', `api.${ZONE},*.api.${ZONE}`, '--no-wait'],
  },
  {
    name: 'acme-issue-http01-no-hook',
    description: 'http-01 for a name whose provider is not an exec hook is refused by the server (exit 5), naming the provider',
    setup: withAccount,
    argv: (vars) => ['pki', 'acme', 'issue', '--account', vars.account!, '--domains', `www.${ZONE}`, '--challenge', 'http-01', '--no-wait'],
  },
  {
    name: 'acme-issue-http01-wildcard',
    description: 'http-01 for a wildcard name is exit 5 before any request',
    argv: ['pki', 'acme', 'issue', '--account', 'acme_0000000000000000', '--domains', `*.${ZONE}`, '--challenge', 'http-01'],
  },
  {
    name: 'acme-orders-list',
    description: 'orders list shows each order with its status and names, newest first',
    setup: withValidOrder,
    argv: ['pki', 'acme', 'orders', 'list'],
  },
  {
    name: 'acme-orders-list-json-valid',
    description: 'orders list --status valid --account NAME --json pages like every list',
    setup: withValidOrder,
    argv: ['pki', 'acme', 'orders', 'list', '--status', 'valid', '--account', 'pebble', '--json'],
  },
  {
    name: 'acme-orders-list-bad-status',
    description: 'an unknown --status is exit 5 before any request',
    argv: ['pki', 'acme', 'orders', 'list', '--status', 'done'],
  },
  {
    name: 'acme-issue-unknown-account',
    description: 'issue with an unknown account is exit 4',
    argv: ['pki', 'acme', 'issue', '--account', 'acme_0000000000000000', '--domains', `api.${ZONE}`],
  },
  {
    name: 'acme-issue-bad-domain',
    description: 'a --domains entry that is not a DNS name is exit 5 before any request',
    argv: ['pki', 'acme', 'issue', '--account', 'acme_0000000000000000', '--domains', 'not a name'],
  },
  {
    name: 'acme-orders-get',
    description: 'orders get shows a finished order: status valid, its certificate id and expiry',
    setup: withValidOrder,
    argv: (vars) => ['pki', 'acme', 'orders', 'get', vars.order!, '--json'],
    generated: ['serial_number'],
  },
  {
    name: 'acme-orders-get-not-found',
    description: 'an unknown order is exit 4',
    argv: ['pki', 'acme', 'orders', 'get', 'ord_0000000000000000'],
  },
];
