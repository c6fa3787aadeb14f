import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

/**
 * A CSR made once with OpenSSL for `web.internal` (+ `www.web.internal`); its key was thrown away.
 * Fixed, so recordings send the same request bytes every time; what the CA returns is normalised.
 */
export const FIXED_CSR = `-----BEGIN CERTIFICATE REQUEST-----
MIIBDzCBtQIBADAXMRUwEwYDVQQDDAx3ZWIuaW50ZXJuYWwwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQjhQBAqKMtzkyJrqG5xVIZfKFnQ5Py9IZTx8w2v1ThluyO
96DgUB1ivX9zGQ+SSq9TFB06/6FQsWcx2O7kjZbWoDwwOgYJKoZIhvcNAQkOMS0w
KzApBgNVHREEIjAgggx3ZWIuaW50ZXJuYWyCEHd3dy53ZWIuaW50ZXJuYWwwCgYI
KoZIzj0EAwIDSQAwRgIhAMcU2jFr5lTw/RUsMeRSJ6AHzz0eSI3Mjq6nAjf6uS6J
AiEAuP0L5p/66IAmYEaHEfdEAcYS/oCjL5qgUN3R2dAIUOM=
-----END CERTIFICATE REQUEST-----
`;

/** Root → intermediate (both EC, so setup is quick), and the role `svc-mtls` on the intermediate. */
async function hierarchy(client: ScaiVaultClient): Promise<Record<string, string>> {
  const root = await client.pki.cas.create({ name: 'Root CA', common_name: 'Acme Root CA', ca_type: 'root', key_type: 'ec' });
  const intermediate = await client.pki.cas.create({
    name: 'issuing',
    common_name: 'Acme Issuing CA',
    ca_type: 'intermediate',
    parent_ca_id: root.id,
    key_type: 'ec',
  });
  await client.pki.roles.create({
    name: 'svc-mtls',
    ca_id: intermediate.id,
    allowed_domains: ['*.internal'],
    allow_subdomains: true,
    allow_ip_sans: true,
    max_ttl: '720h',
  });
  return { root: root.id, intermediate: intermediate.id };
}

async function withIssued(client: ScaiVaultClient): Promise<Record<string, string>> {
  const vars = await hierarchy(client);
  const first = await client.pki.cas.issue(vars.intermediate!, { common_name: 'billing.svc.cluster.local', ttl: '168h' });
  await client.pki.issue('svc-mtls', { common_name: 'api.internal', ttl: '720h' });
  return { ...vars, cert: first.id! };
}

async function withCsr(client: ScaiVaultClient, approve: boolean): Promise<Record<string, string>> {
  const vars = await hierarchy(client);
  const csr = await client.pki.csrs.submit(FIXED_CSR, { comment: 'web frontend' });
  if (approve) await client.pki.csrs.approve(csr.id);
  return { ...vars, csr: csr.id };
}

/** Every server-backed pki command against a fresh local server: the seed's lines, and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  {
    name: 'ca-create-seed',
    description: 'ca create as the seed writes it: a root CA for ten years',
    argv: ['pki', 'ca', 'create', '--name', 'Root CA', '--common-name', 'Acme Root CA', '--validity-days', '3650', '--key-type', 'ec'],
  },
  {
    name: 'ca-create-intermediate-json',
    description: 'ca create --parent makes an intermediate; --json prints the CA',
    setup: async (client) => ({ root: (await client.pki.cas.create({ name: 'r', common_name: 'R', ca_type: 'root', key_type: 'ec' })).id }),
    argv: (vars) => [
      'pki',
      'ca',
      'create',
      '--name',
      'issuing',
      '--common-name',
      'Acme Issuing CA',
      '--parent',
      vars.root!,
      '--key-type',
      'ec',
      '--json',
    ],
  },
  {
    name: 'ca-create-outlives-parent',
    description: 'an intermediate that would outlive its parent is refused naming validity_days (exit 5)',
    setup: async (client) => ({
      root: (await client.pki.cas.create({ name: 'r', common_name: 'R', ca_type: 'root', key_type: 'ec', validity_days: 30 })).id,
    }),
    argv: (vars) => [
      'pki',
      'ca',
      'create',
      '--name',
      'i',
      '--common-name',
      'I',
      '--parent',
      vars.root!,
      '--key-type',
      'ec',
      '--validity-days',
      '60',
    ],
  },
  { name: 'ca-list', description: 'ca list prints a table of the CAs', setup: hierarchy, argv: ['pki', 'ca', 'list'] },
  { name: 'ca-list-json', description: 'ca list --json prints {"cas": [...]}', setup: hierarchy, argv: ['pki', 'ca', 'list', '--json'] },
  {
    name: 'ca-cert-pem',
    description: 'ca cert --format pem prints the CA certificate (the seed line)',
    setup: hierarchy,
    argv: (vars) => ['pki', 'ca', 'cert', vars.root!, '--format', 'pem'],
  },
  {
    name: 'ca-cert-not-found',
    description: 'ca cert of an unknown CA is exit 4',
    argv: ['pki', 'ca', 'cert', 'ca_root_missing', '--format', 'pem'],
  },
  {
    name: 'ca-crl-pem',
    description: 'ca crl prints the CA’s current CRL as PEM',
    setup: hierarchy,
    argv: (vars) => ['pki', 'ca', 'crl', vars.intermediate!],
  },
  {
    name: 'ca-revoke',
    description: 'ca revoke --yes revokes the CA and everything under it',
    setup: withIssued,
    argv: (vars) => ['pki', 'ca', 'revoke', vars.intermediate!, '--reason', 'ca_compromise', '--yes'],
  },
  {
    name: 'roles-create',
    description: 'roles create sends the role; the server fills the defaults',
    setup: hierarchy,
    argv: (vars) => [
      'pki',
      'roles',
      'create',
      '--name',
      'web',
      '--ca',
      vars.intermediate!,
      '--allowed-domain',
      '*.example.com',
      '--max-ttl',
      '720h',
      '--json',
    ],
  },
  { name: 'roles-list', description: 'roles list prints a table', setup: hierarchy, argv: ['pki', 'roles', 'list'] },
  { name: 'roles-get', description: 'roles get prints one role', setup: hierarchy, argv: ['pki', 'roles', 'get', 'svc-mtls', '--json'] },
  { name: 'roles-delete', description: 'roles delete --yes', setup: hierarchy, argv: ['pki', 'roles', 'delete', 'svc-mtls', '--yes'] },
  {
    name: 'certs-issue-seed',
    description: 'certs issue --ca as the seed writes it: certificate, chain and the key printed once',
    setup: hierarchy,
    argv: (vars) => [
      'pki',
      'certs',
      'issue',
      '--ca',
      vars.intermediate!,
      '--common-name',
      'billing.svc.cluster.local',
      '--san',
      'billing-api.svc.cluster.local',
      '--validity-days',
      '7',
    ],
  },
  {
    name: 'certs-issue-role-json',
    description: 'certs issue --role --json prints the issued certificate',
    setup: hierarchy,
    argv: ['pki', 'certs', 'issue', '--role', 'svc-mtls', '--common-name', 'api.internal', '--san', '10.0.0.1', '--json'],
  },
  {
    name: 'certs-issue-outside-role',
    description: 'a name the role does not allow is refused, naming it (exit 5)',
    setup: hierarchy,
    argv: ['pki', 'certs', 'issue', '--role', 'svc-mtls', '--common-name', 'evil.example.com'],
  },
  {
    name: 'certs-issue-ttl-too-long',
    description: 'a lifetime over the role’s max_ttl is refused (exit 5)',
    setup: hierarchy,
    argv: ['pki', 'certs', 'issue', '--role', 'svc-mtls', '--common-name', 'api.internal', '--validity-days', '31'],
  },
  {
    name: 'certs-sign-stdin',
    description: 'certs sign - --role sends only the CSR and prints the certificate and chain',
    setup: hierarchy,
    argv: ['pki', 'certs', 'sign', '-', '--role', 'svc-mtls', '--validity-days', '7'],
    stdin: FIXED_CSR,
  },
  { name: 'certs-list-seed', description: 'certs list (the seed line) prints a table', setup: withIssued, argv: ['pki', 'certs', 'list'] },
  {
    name: 'certs-list-ca-expiring',
    description: 'certs list --ca-id --expiring-within 30d filters by CA and expiry',
    setup: withIssued,
    argv: (vars) => ['pki', 'certs', 'list', '--ca-id', vars.intermediate!, '--expiring-within', '30d', '--json'],
  },
  {
    name: 'certs-get',
    description: 'certs get prints the certificate’s metadata',
    setup: withIssued,
    argv: (vars) => ['pki', 'certs', 'get', vars.cert!, '--json'],
  },
  {
    name: 'certs-revoke-seed',
    description: 'certs revoke --reason key_compromise (the seed line)',
    setup: withIssued,
    argv: (vars) => ['pki', 'certs', 'revoke', vars.cert!, '--reason', 'key_compromise'],
  },
  {
    name: 'certs-revoke-twice',
    description: 'revoking a revoked certificate is a conflict (exit 1)',
    setup: async (client) => {
      const vars = await withIssued(client);
      await client.pki.certificates.revoke(vars.cert!, 'superseded');
      return vars;
    },
    argv: (vars) => ['pki', 'certs', 'revoke', vars.cert!, '--reason', 'key_compromise'],
  },
  {
    name: 'certs-revoke-not-found',
    description: 'revoking an unknown certificate is exit 4',
    argv: ['pki', 'certs', 'revoke', 'cert_00000000000000000000000000000000', '--reason', 'key_compromise'],
  },
  {
    name: 'csr-submit-stdin',
    description: 'csr submit - sends the CSR for review',
    setup: hierarchy,
    argv: ['pki', 'csr', 'submit', '-', '--comment', 'web frontend', '--json'],
    stdin: FIXED_CSR,
  },
  {
    name: 'csr-list-pending',
    description: 'csr list --status pending (the seed line)',
    setup: (client) => withCsr(client, false),
    argv: ['pki', 'csr', 'list', '--status', 'pending'],
  },
  {
    name: 'csr-approve-seed',
    description: 'csr approve (the seed line)',
    setup: (client) => withCsr(client, false),
    argv: (vars) => ['pki', 'csr', 'approve', vars.csr!],
  },
  {
    name: 'csr-sign-seed',
    description: 'csr sign --ca --validity-days 90 (the seed line) prints the certificate and chain',
    setup: (client) => withCsr(client, true),
    argv: (vars) => ['pki', 'csr', 'sign', vars.csr!, '--ca', vars.intermediate!, '--validity-days', '90'],
  },
  {
    name: 'csr-sign-pending',
    description: 'signing a CSR nobody approved is a conflict (exit 1)',
    setup: (client) => withCsr(client, false),
    argv: (vars) => ['pki', 'csr', 'sign', vars.csr!, '--ca', vars.intermediate!, '--validity-days', '90'],
  },
];
