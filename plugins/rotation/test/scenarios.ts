import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

const OAUTH = 'environments/production/salesforce/oauth';
const DB = 'app/db/credentials';

async function quarterly(client: ScaiVaultClient): Promise<void> {
  await client.rotation.create({ name: 'quarterly', interval: '90d', grace_period: '48h', warn_before: '7d,1d' });
}

/** A manual (event-driven) policy over the OAuth credential and an auto-generating one over the database password. */
async function twoPoliciesWithSecrets(client: ScaiVaultClient): Promise<void> {
  await client.secrets.write(OAUTH, { client_id: 'example-client', client_secret: 'example-secret-1' });
  await client.secrets.write(DB, { username: 'admin', password: 'example-pw-1' });
  await quarterly(client);
  await client.rotation.create({ name: 'monthly-db', interval: '30d', auto_generate: true, description: 'Database passwords' });
  await client.rotation.assign('rot_quarterly', OAUTH);
  await client.rotation.assign('rot_monthly_db', DB);
}

/** Every rotation command against a fresh local server: happy paths and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  { name: 'list-empty', description: 'list with no policies says so on stderr', argv: ['rotation', 'list'] },
  { name: 'list-table', description: 'list prints policies as a table', setup: twoPoliciesWithSecrets, argv: ['rotation', 'list'] },
  {
    name: 'list-all-pages-json',
    description: 'list --all --json follows the cursor and prints {"data": [...]}',
    setup: async (client) => {
      for (const name of ['a', 'b', 'c']) await client.rotation.create({ name, interval: '30d' });
    },
    argv: ['rotation', 'list', '--limit', '2', '--all', '--json'],
  },
  {
    name: 'list-one-page',
    description: 'list --limit prints one page and the cursor to continue',
    setup: async (client) => {
      for (const name of ['a', 'b', 'c']) await client.rotation.create({ name, interval: '30d' });
    },
    argv: ['rotation', 'list', '--limit', '2'],
  },
  { name: 'get', description: 'get shows one policy', setup: twoPoliciesWithSecrets, argv: ['rotation', 'get', 'rot_quarterly'] },
  {
    name: 'get-field',
    description: 'get --field prints one value',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'get', 'rot_monthly_db', '--field', 'secrets_count'],
  },
  { name: 'get-not-found', description: 'an unknown policy is exit 4', argv: ['rotation', 'get', 'rot_missing'] },
  {
    name: 'create',
    description: 'create as documented: interval, grace period and warnings',
    argv: ['rotation', 'create', '--name', 'quarterly', '--interval', '90d', '--grace-period', '48h', '--warn-before', '7d,1d'],
  },
  {
    name: 'create-auto-json',
    description: 'create --auto-generate --description --json prints the policy',
    argv: [
      'rotation',
      'create',
      '--name',
      'monthly-db',
      '--interval',
      '30d',
      '--auto-generate',
      '--description',
      'Database passwords',
      '--json',
    ],
  },
  {
    name: 'create-duplicate',
    description: 'a second policy with the same name is refused',
    setup: quarterly,
    argv: ['rotation', 'create', '--name', 'quarterly', '--interval', '30d'],
  },
  {
    name: 'create-missing-secret-policy',
    description: 'create naming a secret policy that does not exist is exit 4',
    argv: ['rotation', 'create', '--name', 'gen', '--interval', '30d', '--auto-generate', '--secret-policy', 'sp_missing'],
  },
  {
    name: 'update',
    description: 'update changes only the settings given',
    setup: quarterly,
    argv: ['rotation', 'update', 'rot_quarterly', '--interval', '30d', '--warn-before', '14d,3d', '--json'],
  },
  {
    name: 'update-not-found',
    description: 'updating an unknown policy is exit 4',
    argv: ['rotation', 'update', 'rot_missing', '--interval', '30d'],
  },
  {
    name: 'delete',
    description: 'delete --yes deletes without asking',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'delete', 'rot_quarterly', '--yes'],
  },
  { name: 'delete-not-found', description: 'deleting an unknown policy is exit 4', argv: ['rotation', 'delete', 'rot_missing', '--force'] },
  {
    name: 'disable',
    description: 'disable pauses a policy',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'disable', 'rot_quarterly'],
  },
  {
    name: 'enable-json',
    description: 'enable --json prints the resumed policy',
    setup: async (client) => {
      await twoPoliciesWithSecrets(client);
      await client.rotation.disable('rot_quarterly');
    },
    argv: ['rotation', 'enable', 'rot_quarterly', '--json'],
  },
  {
    name: 'assign',
    description: 'assign as documented, with the next due time',
    setup: async (client) => {
      await client.secrets.write(OAUTH, { client_id: 'example-client', client_secret: 'example-secret-1' });
      await quarterly(client);
    },
    argv: ['rotation', 'assign', 'rot_quarterly', OAUTH],
  },
  {
    name: 'assign-missing-secret',
    description: 'assigning a secret that does not exist is exit 4',
    setup: quarterly,
    argv: ['rotation', 'assign', 'rot_quarterly', 'app/missing'],
  },
  {
    name: 'unassign',
    description: 'unassign takes a secret out of a policy',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'unassign', 'rot_quarterly', OAUTH, '--json'],
  },
  {
    name: 'unassign-not-assigned',
    description: 'unassigning a secret the policy does not cover is exit 4',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'unassign', 'rot_quarterly', DB],
  },
  {
    name: 'trigger-auto',
    description: 'trigger on an auto-generating policy writes new versions',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'trigger', 'rot_monthly_db'],
  },
  {
    name: 'trigger-manual',
    description: 'trigger on a manual policy leaves the rotation pending',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'trigger', 'rot_quarterly'],
  },
  {
    name: 'trigger-json',
    description: 'trigger --secret --json prints {"data": [...]}',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'trigger', 'rot_monthly_db', '--secret', DB, '--json'],
  },
  {
    name: 'trigger-empty',
    description: 'trigger on a policy without secrets rotates nothing',
    setup: quarterly,
    argv: ['rotation', 'trigger', 'rot_quarterly'],
  },
  {
    name: 'trigger-not-attached',
    description: 'trigger --secret naming a secret the policy does not cover is a validation error',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'trigger', 'rot_quarterly', '--secret', DB],
  },
  {
    name: 'history',
    description: 'history lists the runs, newest first',
    setup: async (client) => {
      await twoPoliciesWithSecrets(client);
      await client.rotation.trigger('rot_monthly_db');
      await client.rotation.trigger('rot_monthly_db');
    },
    argv: ['rotation', 'history', 'rot_monthly_db'],
  },
  {
    name: 'history-status-json',
    description: 'history --status pending --json',
    setup: async (client) => {
      await twoPoliciesWithSecrets(client);
      await client.rotation.trigger('rot_quarterly');
    },
    argv: ['rotation', 'history', 'rot_quarterly', '--status', 'pending', '--json'],
  },
  {
    name: 'history-failed-none',
    description: 'history --status failed with none says so',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'history', 'rot_quarterly', '--status', 'failed'],
  },
  {
    name: 'due',
    description: 'due --within-hours lists secrets due in that window',
    setup: async (client) => {
      await client.secrets.write(DB, { username: 'admin', password: 'example-pw-1' });
      await client.secrets.write(OAUTH, { client_secret: 'example-secret-1' });
      await client.rotation.create({ name: 'weekly', interval: '5d' });
      await quarterly(client);
      await client.rotation.assign('rot_weekly', DB);
      await client.rotation.assign('rot_quarterly', OAUTH);
    },
    argv: ['rotation', 'due', '--within-hours', '168'],
  },
  {
    name: 'due-json-none',
    description: 'due --json with nothing due prints an empty list',
    setup: twoPoliciesWithSecrets,
    argv: ['rotation', 'due', '--json'],
  },
  {
    name: 'due-policy-not-found',
    description: 'due --policy naming an unknown policy is exit 4',
    argv: ['rotation', 'due', '--policy', 'rot_missing'],
  },
];
