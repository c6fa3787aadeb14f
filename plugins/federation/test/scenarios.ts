import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';
import { origin } from './origin-server.js';

const CREDENTIALS = 'infra/federation/origin';
/** The origin's URL holds a port chosen at random: normalised wherever it appears. */
const GENERATED = ['config.endpoint', 'backends.*.config.endpoint'];

/** The origin's token as a secret, and a policy letting the backend's identity read it. */
async function credentials(client: ScaiVaultClient, name = 'origin', path = CREDENTIALS): Promise<Record<string, string>> {
  const { url, token } = await origin();
  await client.secrets.write(path, { token }, { secretType: 'json' });
  const policy = await client.policies.create({ name: `federation ${name}`, rules: [{ path_pattern: path, permissions: ['read'] }] });
  await client.policies.bind(policy.id, { identity_type: 'service_account', identity_id: `federation:${name}` });
  return { url };
}

async function withBackend(client: ScaiVaultClient, mode: 'proxy' | 'sync' = 'proxy', endpoint?: string): Promise<Record<string, string>> {
  const vars = await credentials(client);
  const backend = await client.federation.create({
    name: 'origin',
    type: 'scaivault',
    config: { endpoint: endpoint ?? vars.url!, credentials_path: CREDENTIALS },
    path_mapping: { 'external/origin/**': 'app/**' },
    mode,
    ...(mode === 'sync' ? { sync_interval: '15m' } : {}),
  });
  return { ...vars, id: backend.id };
}

/** Waits (unrecorded) until the backend's latest sync has finished. */
async function settled(client: ScaiVaultClient, id: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await client.federation.status(id)).sync?.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the sync did not finish');
}

/** A sync-mode backend whose first sync found the front's own value at external/origin/db. */
async function withConflict(client: ScaiVaultClient): Promise<Record<string, string>> {
  await client.secrets.write('external/origin/db', { password: 'written-here-first' });
  const vars = await withBackend(client, 'sync');
  await client.federation.sync(vars.id!);
  await settled(client, vars.id!);
  return vars;
}

const scenario = (s: FixtureScenario): FixtureScenario => ({ generated: GENERATED, ...s });

/** Every federation command against a fresh local server fronting a second one (the origin). */
export const scenarios: FixtureScenario[] = [
  scenario({ name: 'list-empty', description: 'list with no backends says so on stderr', argv: ['federation', 'list'] }),
  scenario({ name: 'list', description: 'list prints a table', setup: (c) => withBackend(c), argv: ['federation', 'list'] }),
  scenario({
    name: 'list-json',
    description: 'list --json prints {"backends": [...], "cursor", "has_more"}',
    setup: (c) => withBackend(c),
    argv: ['federation', 'list', '--json'],
  }),
  scenario({
    name: 'get',
    description: 'get shows the backend and where its credentials are, never the credentials',
    setup: (c) => withBackend(c),
    argv: (vars) => ['federation', 'get', vars.id!],
  }),
  scenario({ name: 'get-not-found', description: 'an unknown backend is exit 4', argv: ['federation', 'get', 'fed_0000000000000000'] }),
  scenario({
    name: 'create',
    description: 'create from flags: another ScaiVault, proxied',
    setup: (c) => credentials(c),
    argv: (vars) => [
      'federation',
      'create',
      '--name',
      'origin',
      '--type',
      'scaivault',
      '--endpoint',
      vars.url!,
      '--credentials-path',
      CREDENTIALS,
      '--map',
      'external/origin/**=app/**',
    ],
  }),
  scenario({
    name: 'create-file',
    description: 'create --file - sends the documented body (a HashiCorp Vault with AppRole, synced every 15 minutes)',
    setup: async (c) => {
      await credentials(c, 'hashicorp-production', 'infra/hashicorp/approle-creds');
    },
    argv: ['federation', 'create', '--file', '-', '--json'],
    stdin: JSON.stringify({
      name: 'hashicorp-production',
      type: 'hashicorp-vault',
      config: {
        endpoint: 'https://vault.internal:8200',
        auth_method: 'approle',
        auth_config_path: 'infra/hashicorp/approle-creds',
        tls_verify: true,
      },
      path_mapping: { 'external/hashicorp/**': 'secret/data/**' },
      mode: 'sync',
      sync_interval: '15m',
    }),
  }),
  scenario({
    name: 'create-unsupported-type',
    description: 'azure-key-vault is answered unsupported_backend_type (exit 5)',
    argv: ['federation', 'create', '--name', 'azure', '--type', 'azure-key-vault', '--map', 'external/azure/**=**'],
  }),
  scenario({
    name: 'create-credentials-not-readable',
    description: 'a backend whose identity may not read its credentials is refused (exit 5), naming the identity',
    setup: async (c) => {
      await c.secrets.write(CREDENTIALS, { token: 'skt_not_readable_by_the_backend' });
    },
    argv: [
      'federation',
      'create',
      '--name',
      'origin',
      '--type',
      'scaivault',
      '--endpoint',
      'http://127.0.0.1:1',
      '--credentials-path',
      CREDENTIALS,
      '--map',
      'external/origin/**=app/**',
    ],
  }),
  scenario({
    name: 'delete',
    description: 'delete --yes removes the backend',
    setup: (c) => withBackend(c),
    argv: (vars) => ['federation', 'delete', vars.id!, '--yes'],
  }),
  scenario({
    name: 'status-json',
    description: 'status --json checks the connection now and answers the documented fields',
    setup: (c) => withBackend(c),
    argv: (vars) => ['federation', 'status', vars.id!, '--json'],
  }),
  scenario({
    name: 'status-down',
    description: 'status of a backend that cannot be reached says down and why',
    setup: (c) => withBackend(c, 'proxy', 'http://127.0.0.1:1'),
    argv: (vars) => ['federation', 'status', vars.id!],
  }),
  scenario({
    name: 'sync',
    description: 'sync starts a sync, waits for it and prints the counts',
    setup: (c) => withBackend(c, 'sync'),
    argv: (vars) => ['federation', 'sync', vars.id!],
  }),
  scenario({
    name: 'sync-conflict',
    description: 'a sync that finds a conflict says so and points at federation conflicts',
    setup: withConflict,
    argv: (vars) => ['federation', 'sync', vars.id!],
  }),
  scenario({
    name: 'sync-no-wait',
    description: 'sync --no-wait --json prints the started sync at once',
    setup: (c) => withBackend(c, 'sync'),
    argv: (vars) => ['federation', 'sync', vars.id!, '--no-wait', '--json'],
  }),
  scenario({
    name: 'sync-failed',
    description: 'a sync whose backend is down fails with exit 1 and the reason',
    setup: (c) => withBackend(c, 'sync', 'http://127.0.0.1:1'),
    argv: (vars) => ['federation', 'sync', vars.id!],
  }),
  scenario({
    name: 'sync-proxy',
    description: 'a proxy-mode backend has nothing to sync (exit 5)',
    setup: (c) => withBackend(c),
    argv: (vars) => ['federation', 'sync', vars.id!],
  }),
  scenario({
    name: 'conflicts',
    description: 'conflicts lists the paths whose two sides differ, with versions and never values',
    setup: withConflict,
    argv: (vars) => ['federation', 'conflicts', vars.id!],
  }),
  scenario({
    name: 'conflicts-json',
    description: 'conflicts --json prints {"conflicts": [...], "cursor", "has_more"}',
    setup: withConflict,
    argv: (vars) => ['federation', 'conflicts', vars.id!, '--json'],
  }),
  scenario({
    name: 'conflicts-empty',
    description: 'no conflicts says so on stderr',
    setup: (c) => withBackend(c, 'sync'),
    argv: (vars) => ['federation', 'conflicts', vars.id!],
  }),
];
