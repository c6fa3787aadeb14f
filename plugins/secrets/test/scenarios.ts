import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

const DB = 'app/db/credentials';

async function withDbSecret(client: ScaiVaultClient): Promise<void> {
  await client.secrets.write(DB, { username: 'admin', password: 'example-pw-1' });
}

/** The DB secret linked to sp_strong_password, which generates its `password` on rotation. */
async function withGeneratedSecret(client: ScaiVaultClient): Promise<void> {
  await client.secretPolicies.create({
    name: 'Strong Password',
    policy_type: 'password',
    fields: [{ name: 'password', generator: 'random', config: { length: 32 } }],
  });
  await client.secrets.write(DB, { password: 'example-pw-1' }, { secretPolicyId: 'sp_strong_password' });
}

async function fivePaged(client: ScaiVaultClient): Promise<void> {
  for (const name of ['a', 'b', 'c', 'd', 'e']) await client.secrets.write(`paged/${name}`, { v: name });
}

/** Every secrets command against a fresh local server: happy paths and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  { name: 'read-table', description: 'read prints the secret as key/value pairs', setup: withDbSecret, argv: ['secrets', 'read', DB] },
  { name: 'read-json', description: 'read --json prints the whole secret', setup: withDbSecret, argv: ['secrets', 'read', DB, '--json'] },
  {
    name: 'read-field',
    description: 'read --field prints one raw value',
    setup: withDbSecret,
    argv: ['secrets', 'read', DB, '--field', 'password'],
  },
  {
    name: 'read-version',
    description: 'read --version reads an older version',
    setup: async (client) => {
      await withDbSecret(client);
      await client.secrets.write(DB, { username: 'admin', password: 'example-pw-2' });
    },
    argv: ['secrets', 'read', DB, '--version', '1', '--field', 'password'],
  },
  {
    name: 'read-missing-field',
    description: 'read --field on a missing field is exit 4',
    setup: withDbSecret,
    argv: ['secrets', 'read', DB, '--field', 'nope'],
  },
  { name: 'read-not-found', description: 'reading a secret that does not exist is exit 4', argv: ['secrets', 'read', 'app/missing'] },
  {
    name: 'read-not-found-json',
    description: 'errors are JSON on stderr under --json',
    argv: ['secrets', 'read', 'app/missing', '--json'],
  },
  { name: 'write-pairs', description: 'write key=value pairs', argv: ['secrets', 'write', DB, 'username=admin', 'password=example-pw-1'] },
  {
    name: 'write-stdin-value',
    description: 'write key=- reads one value from stdin',
    argv: ['secrets', 'write', DB, 'username=admin', 'password=-', '--json'],
    stdin: 'example-from-stdin\n',
  },
  {
    name: 'write-json-file-stdin',
    description: 'write --type json --json-file - reads a JSON object from stdin',
    argv: ['secrets', 'write', 'app/config', '--type', 'json', '--json-file', '-'],
    stdin: '{"features":{"beta":true},"replicas":3}',
  },
  {
    name: 'write-expiring',
    description: 'write --expires-in and --max-versions',
    argv: ['secrets', 'write', 'app/api-key', 'key=example-key', '--expires-in', '30d', '--max-versions', '5', '--json'],
  },
  {
    name: 'list-prefix-json',
    description: 'list --prefix --json prints {"secrets": [...]}',
    setup: async (client) => {
      await client.secrets.write('environments/production/db', { password: 'x1' });
      await client.secrets.write('environments/production/api', { key: 'x2' });
      await client.secrets.write('environments/staging/db', { password: 'x3' });
    },
    argv: ['secrets', 'list', '--prefix', 'environments/production/', '--json'],
  },
  {
    name: 'list-all-pages',
    description: 'list --all follows the cursor across pages',
    setup: fivePaged,
    argv: ['secrets', 'list', '--prefix', 'paged/', '--limit', '2', '--all'],
  },
  {
    name: 'list-all-json',
    description: 'list --all --json streams every page into one {"secrets": [...]} envelope',
    setup: fivePaged,
    argv: ['secrets', 'list', '--prefix', 'paged/', '--limit', '2', '--all', '--json'],
  },
  {
    name: 'list-all-ndjson',
    description: 'list --all --ndjson prints one secret per line',
    setup: fivePaged,
    argv: ['secrets', 'list', '--prefix', 'paged/', '--limit', '2', '--all', '--ndjson'],
  },
  {
    name: 'list-all-field',
    description: 'list --all --field path prints one path per line across pages',
    setup: fivePaged,
    argv: ['secrets', 'list', '--prefix', 'paged/', '--limit', '2', '--all', '--field', 'path'],
  },
  {
    name: 'list-one-page',
    description: 'list --limit prints one page and the cursor to continue',
    setup: async (client) => {
      for (const name of ['a', 'b', 'c']) await client.secrets.write(`paged/${name}`, { v: name });
    },
    argv: ['secrets', 'list', '--prefix', 'paged/', '--limit', '2'],
  },
  { name: 'delete-soft', description: 'delete without --hard is a soft delete', setup: withDbSecret, argv: ['secrets', 'delete', DB] },
  {
    name: 'delete-hard',
    description: 'delete --hard --yes deletes permanently',
    setup: withDbSecret,
    argv: ['secrets', 'delete', DB, '--hard', '--yes', '--json'],
  },
  {
    name: 'versions',
    description: 'versions lists every version',
    setup: async (client) => {
      await withDbSecret(client);
      await client.secrets.write(DB, { username: 'admin', password: 'example-pw-2' });
    },
    argv: ['secrets', 'versions', DB],
  },
  {
    name: 'rotate',
    description: 'rotate makes a new version from the secret policy',
    setup: withGeneratedSecret,
    argv: ['secrets', 'rotate', DB, '--json'],
  },
  {
    name: 'rotate-no-generator',
    description: 'rotate on a secret without a secret policy is refused (exit 5) and changes nothing',
    setup: withDbSecret,
    argv: ['secrets', 'rotate', DB],
  },
  {
    name: 'rotate-random',
    description: 'rotate --random replaces each field with random characters when asked to',
    setup: withDbSecret,
    argv: ['secrets', 'rotate', DB, '--random', '--json'],
  },
  { name: 'rotate-not-found', description: 'rotating a secret that does not exist is exit 4', argv: ['secrets', 'rotate', 'app/missing'] },
  {
    name: 'restore',
    description: 'restore brings back a soft-deleted secret',
    setup: async (client) => {
      await withDbSecret(client);
      await client.secrets.delete(DB);
    },
    argv: ['secrets', 'restore', DB],
  },
  {
    name: 'restore-json',
    description: 'restore --json prints the restored secret without its value',
    setup: async (client) => {
      await withDbSecret(client);
      await client.secrets.delete(DB);
    },
    argv: ['secrets', 'restore', DB, '--json'],
  },
  {
    name: 'restore-not-deleted',
    description: 'restoring a secret that is not deleted is exit 4',
    setup: withDbSecret,
    argv: ['secrets', 'restore', DB],
  },
  {
    name: 'write-secret-policy',
    description: 'write --secret-policy links the policy that rotate generates values with',
    setup: async (client) => {
      await client.secretPolicies.create({
        name: 'Strong Password',
        policy_type: 'password',
        fields: [{ name: 'password', generator: 'random', config: { length: 32 } }],
      });
    },
    argv: ['secrets', 'write', DB, 'password=example-pw-1', '--secret-policy', 'sp_strong_password', '--json'],
  },
  {
    name: 'expiring-json',
    description: 'expiring --days --json lists secrets with their expiry',
    setup: async (client) => {
      await client.secrets.write('app/soon', { key: 'x' }, { expiresIn: '7d' });
      await client.secrets.write('app/later', { key: 'y' }, { expiresIn: '90d' });
    },
    argv: ['secrets', 'expiring', '--days', '14', '--json'],
  },
];
