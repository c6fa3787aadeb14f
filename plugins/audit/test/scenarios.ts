import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

const OAUTH = 'environments/production/salesforce/oauth';
const DB = 'app/db/credentials';
/** Fixture timestamps are normalised to this instant, so it is the one start bound that replays as recorded. */
const SINCE = '2026-01-01T00:00:00Z';

/** Some history: writes, reads, a rotation and a read of a secret that does not exist. */
async function activity(client: ScaiVaultClient): Promise<void> {
  await client.secrets.write(OAUTH, { client_id: 'example-client', client_secret: 'example-secret-1' });
  await client.secrets.write(DB, { username: 'admin', password: 'example-pw-1' });
  await client.secrets.read(OAUTH);
  await client.secrets.read(DB);
  await client.secrets.read(OAUTH);
  await client.secrets.rotate(DB, { random: true });
  await client.secrets.read('app/missing').catch(() => undefined);
}

const exportTo = [
  '--destination',
  's3',
  '--bucket',
  'acme-audit',
  '--bucket-prefix',
  'scaivault/',
  '--credentials-path',
  'infra/aws/audit-writer',
];

/** Every audit command against a fresh local server: happy paths and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  {
    name: 'query-reads',
    description: 'query --action read --start lists the reads',
    setup: activity,
    argv: ['audit', 'query', '--action', 'read', '--start', SINCE],
  },
  {
    name: 'query-filters-json',
    description: 'query with identity, path prefix, outcome and several actions, as JSON',
    setup: activity,
    argv: [
      'audit',
      'query',
      '--identity',
      'user:root',
      '--identity-type',
      'user',
      '--path-prefix',
      'environments/',
      '--outcome',
      'success',
      '--action',
      'read,write',
      '--json',
    ],
  },
  {
    name: 'query-failed',
    description: 'query --outcome failed finds the failed read',
    setup: activity,
    argv: ['audit', 'query', '--outcome', 'failed'],
  },
  {
    name: 'query-one-page',
    description: 'query --limit prints one page and the cursor to continue',
    setup: activity,
    argv: ['audit', 'query', '--action', 'read', '--limit', '2'],
  },
  {
    name: 'query-all-pages',
    description: 'query --all follows the cursor across pages',
    setup: activity,
    argv: ['audit', 'query', '--action', 'read,write', '--limit', '2', '--all', '--json'],
  },
  {
    name: 'query-none',
    description: 'query with no match says so on stderr',
    setup: activity,
    argv: ['audit', 'query', '--action', 'delete'],
  },
  {
    name: 'query-bad-cursor',
    description: 'a cursor the server cannot read is a validation error',
    argv: ['audit', 'query', '--cursor', 'not-a-cursor'],
  },
  {
    name: 'trail',
    description: 'trail lists the entries of one secret with the 30-day summary',
    setup: activity,
    argv: ['audit', 'trail', DB],
  },
  {
    name: 'trail-json',
    description: 'trail --json prints logs, cursor and summary',
    setup: activity,
    argv: ['audit', 'trail', OAUTH, '--start', SINCE, '--json'],
  },
  {
    name: 'trail-after-trigger',
    description: 'trail includes the rotation a rotation trigger started',
    setup: async (client) => {
      await client.secrets.write(DB, { username: 'admin', password: 'example-pw-1' });
      const policy = await client.rotation.create({ name: 'quarterly', interval: '90d', auto_generate: true });
      await client.rotation.assign(policy.id, DB);
      await client.rotation.trigger(policy.id);
    },
    argv: ['audit', 'trail', DB],
  },
  {
    name: 'trail-all-ndjson',
    description: 'trail --all --ndjson prints one entry per line across pages',
    setup: activity,
    argv: ['audit', 'trail', OAUTH, '--limit', '2', '--all', '--ndjson'],
  },
  {
    name: 'trail-unknown',
    description: 'trail of a path never used is empty, with a zero summary',
    argv: ['audit', 'trail', 'app/never-used'],
  },
  {
    name: 'identity',
    description: 'identity lists what one identity did',
    setup: activity,
    argv: ['audit', 'identity', 'user:root', '--limit', '3'],
  },
  { name: 'summary', description: 'summary counts the last 30 days', setup: activity, argv: ['audit', 'summary'] },
  {
    name: 'summary-field',
    description: 'summary --field prints one count',
    setup: activity,
    argv: ['audit', 'summary', '--start', SINCE, '--field', 'failed_events'],
  },
  {
    name: 'export-wait',
    description: 'export --wait starts a job and prints the files it wrote',
    setup: activity,
    argv: ['audit', 'export', '--start', SINCE, '--path-prefix', 'reports/', ...exportTo, '--wait'],
  },
  {
    name: 'export-json',
    description: 'export --format csv --json prints the job',
    argv: ['audit', 'export', '--format', 'csv', '--outcome', 'failed', '--action', 'export_created', ...exportTo, '--json'],
  },
  {
    name: 'exports-list',
    description: 'exports list shows the jobs',
    setup: async (client) => {
      await client.audit.export({
        from: SINCE,
        format: 'jsonl',
        filters: { path_prefix: 'reports/' },
        destination: { type: 's3', bucket: 'acme-audit', credentials_path: 'infra/aws/audit-writer' },
      });
    },
    argv: ['audit', 'exports', 'list'],
  },
  {
    name: 'exports-get',
    description: 'exports get shows one job and its files',
    setup: async (client) => {
      const job = await client.audit.export({
        format: 'csv',
        filters: { path_prefix: 'reports/' },
        destination: { type: 'gcs', bucket: 'acme-audit', credentials_path: 'infra/gcp/audit-writer' },
      });
      return { id: job.export_id };
    },
    argv: (vars) => ['audit', 'exports', 'get', vars.id!],
  },
  { name: 'exports-get-not-found', description: 'an unknown export job is exit 4', argv: ['audit', 'exports', 'get', 'exp_missing'] },
];
