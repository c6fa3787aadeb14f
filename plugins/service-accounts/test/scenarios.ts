import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

async function withAccount(client: ScaiVaultClient): Promise<Record<string, string>> {
  const account = await client.serviceAccounts.create({
    name: 'CI Pipeline',
    roles: ['secrets-reader'],
    description: 'Builds and deploys',
  });
  return { id: account.id };
}

async function withAccountAndKeys(client: ScaiVaultClient): Promise<Record<string, string>> {
  const { id } = (await withAccount(client)) as { id: string };
  const production = await client.serviceAccounts.createKey(id, { name: 'Production Key' });
  // Keys are listed by creation time, then by their random id: a later millisecond keeps the recorded order stable.
  await new Promise((resolve) => setTimeout(resolve, 2));
  const old = await client.serviceAccounts.createKey(id, { name: 'Old Key', expires_in: '30d' });
  await client.serviceAccounts.deleteKey(id, old.id);
  return { id, keyId: production.id };
}

// Key prefixes are the first characters of a random key: normalised like the keys themselves.
const KEY_FIELDS = ['key', 'prefix', 'keys.*.prefix'];

/** Every service-accounts command against a fresh local server: happy paths and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  {
    name: 'create-table',
    description: 'create prints the new account',
    argv: ['service-accounts', 'create', '--name', 'CI Pipeline', '--roles', 'secrets-reader'],
  },
  {
    name: 'create-json',
    description: 'create --json with several roles and a description',
    argv: [
      'service-accounts',
      'create',
      '--name',
      'Rotation Bot',
      '--roles',
      'secrets-rotator,subscriber',
      '--description',
      'Rotates production credentials',
      '--json',
    ],
  },
  {
    name: 'create-unknown-role',
    description: 'an unknown role is rejected by the server: exit 5',
    argv: ['service-accounts', 'create', '--name', 'x', '--roles', 'superuser'],
  },
  {
    name: 'list-table',
    description: 'list prints a table of accounts',
    setup: async (client) => {
      await withAccount(client);
      await client.serviceAccounts.create({ name: 'Auditor', roles: ['auditor'] });
    },
    argv: ['service-accounts', 'list'],
  },
  {
    name: 'list-json',
    description: 'list --json prints {"service_accounts": [...]}',
    setup: withAccount,
    argv: ['service-accounts', 'list', '--json'],
  },
  {
    name: 'list-all',
    description: 'list --all follows the cursor',
    setup: withAccount,
    argv: ['service-accounts', 'list', '--all', '--limit', '10'],
  },
  { name: 'list-empty', description: 'list with no accounts says so on stderr', argv: ['service-accounts', 'list'] },
  { name: 'get-table', description: 'get shows roles and scopes', setup: withAccount, argv: (v) => ['service-accounts', 'get', v.id!] },
  {
    name: 'get-field',
    description: 'get --field identity_id prints one raw value',
    setup: withAccount,
    argv: (v) => ['service-accounts', 'get', v.id!, '--field', 'identity_id'],
  },
  { name: 'get-not-found', description: 'an unknown account is exit 4', argv: ['service-accounts', 'get', 'sva_missing'] },
  {
    name: 'delete',
    description: 'delete --yes deletes the account',
    setup: withAccount,
    argv: (v) => ['service-accounts', 'delete', v.id!, '--yes'],
  },
  {
    name: 'delete-json',
    description: 'delete --yes --json prints the result',
    setup: withAccount,
    argv: (v) => ['service-accounts', 'delete', v.id!, '--yes', '--json'],
  },
  {
    name: 'delete-not-found',
    description: 'deleting an unknown account is exit 4',
    argv: ['service-accounts', 'delete', 'sva_missing', '--yes'],
  },
  {
    name: 'create-key-print',
    description: 'create-key prints the key once, with a warning that it will not be shown again',
    setup: withAccount,
    argv: (v) => ['service-accounts', 'create-key', v.id!, '--name', 'Production Key'],
    generated: KEY_FIELDS,
  },
  {
    name: 'create-key-json',
    description: 'create-key --json prints the create response, key included',
    setup: withAccount,
    argv: (v) => ['service-accounts', 'create-key', v.id!, '--name', 'Production Key', '--expires-in', '90d', '--json'],
    generated: KEY_FIELDS,
  },
  {
    name: 'create-key-field',
    description: 'create-key --field key prints only the key',
    setup: withAccount,
    argv: (v) => ['service-accounts', 'create-key', v.id!, '--name', 'deploy', '--field', 'key'],
    generated: KEY_FIELDS,
  },
  {
    name: 'create-key-store-in',
    description: 'create-key --store-in writes the key into ScaiVault and does not print it',
    setup: withAccount,
    argv: (v) => ['service-accounts', 'create-key', v.id!, '--name', 'Production Key', '--store-in', 'ci/keys/prod'],
    generated: KEY_FIELDS,
  },
  {
    name: 'create-key-store-in-json',
    description: 'create-key --store-in --json prints the key without its value, and where it was stored',
    setup: withAccount,
    argv: (v) => ['service-accounts', 'create-key', v.id!, '--name', 'Production Key', '--store-in', 'ci/keys/prod', '--json'],
    generated: KEY_FIELDS,
  },
  {
    name: 'create-key-store-fails-revoked',
    description: 'when the key cannot be stored (a soft-deleted secret holds the path) it is revoked and the command fails',
    setup: async (client) => {
      const vars = await withAccount(client);
      await client.secrets.write('ci/keys/prod', { key: 'old' });
      await client.secrets.delete('ci/keys/prod');
      return vars;
    },
    argv: (v) => ['service-accounts', 'create-key', v.id!, '--name', 'Production Key', '--store-in', 'ci/keys/prod'],
    generated: KEY_FIELDS,
  },
  {
    name: 'create-key-not-found',
    description: 'a key for an unknown account is exit 4',
    argv: ['service-accounts', 'create-key', 'sva_missing', '--name', 'k'],
  },
  {
    name: 'list-keys',
    description: 'list-keys shows active and revoked keys, never their values',
    setup: withAccountAndKeys,
    argv: (v) => ['service-accounts', 'list-keys', v.id!],
    generated: KEY_FIELDS,
  },
  {
    name: 'list-keys-json',
    description: 'list-keys --json prints {"keys": [...]}',
    setup: withAccountAndKeys,
    argv: (v) => ['service-accounts', 'list-keys', v.id!, '--json'],
    generated: KEY_FIELDS,
  },
  {
    name: 'list-keys-not-found',
    description: 'keys of an unknown account is exit 4',
    argv: ['service-accounts', 'list-keys', 'sva_missing'],
  },
  {
    name: 'delete-key',
    description: 'delete-key --yes revokes the key',
    setup: withAccountAndKeys,
    argv: (v) => ['service-accounts', 'delete-key', v.id!, v.keyId!, '--yes'],
    generated: KEY_FIELDS,
  },
  {
    name: 'delete-key-not-found',
    description: 'revoking an unknown key is exit 4',
    setup: withAccount,
    argv: (v) => ['service-accounts', 'delete-key', v.id!, 'key_missing', '--yes'],
  },
];
