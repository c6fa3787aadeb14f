import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';
import { fixtureDatabase } from './fixture-database.js';

const ROOT = 'infra/postgres/prod/root';
const READONLY = ['CREATE ROLE {{name}} WITH LOGIN PASSWORD {{password}} VALID UNTIL {{expiration}}', 'GRANT SELECT ON orders TO {{name}}'];
/** Values the server makes up: lease ids, generated logins, and URLs holding the test cluster's port. */
const GENERATED = [
  'lease_id',
  'username',
  'data.username',
  'data.password',
  'data.connection_url',
  'config.connection_url',
  'engines.*.config.connection_url',
  'leases.*.lease_id',
  'leases.*.username',
  'revoked.*.lease_id',
  'revoked.*.username',
  'error.details.lease_id',
];

/** The root credentials and a policy letting the engine's identity read them; answers the connection URL. */
async function rootCredentials(client: ScaiVaultClient, engine = 'postgres-prod'): Promise<Record<string, string>> {
  const database = await fixtureDatabase();
  await client.secrets.write(ROOT, { username: 'postgres', password: 'example-root-password' }, { secretType: 'json' });
  const policy = await client.policies.create({ name: `engine ${engine}`, rules: [{ path_pattern: ROOT, permissions: ['read'] }] });
  await client.policies.bind(policy.id, { identity_type: 'service_account', identity_id: `dynamic:${engine}` });
  return { url: database.connectionTemplate };
}

async function withEngine(client: ScaiVaultClient): Promise<Record<string, string>> {
  const vars = await rootCredentials(client);
  await client.dynamic.engines.create({
    name: 'postgres-prod',
    type: 'database',
    config: { plugin: 'postgresql', connection_url: vars.url!, root_credentials_path: ROOT },
    default_ttl: '1h',
    max_ttl: '24h',
  });
  await client.dynamic.roles.create('postgres-prod', { name: 'readonly', creation_statements: READONLY, max_ttl: '8h' });
  return vars;
}

async function withLease(client: ScaiVaultClient): Promise<Record<string, string>> {
  const vars = await withEngine(client);
  const lease = await client.dynamic.creds('postgres-prod', 'readonly', { ttl: '2h' });
  return { ...vars, lease: lease.lease_id };
}

async function withRevokedLease(client: ScaiVaultClient): Promise<Record<string, string>> {
  const vars = await withLease(client);
  await client.dynamic.leases.revoke(vars.lease!);
  return vars;
}

const scenario = (s: FixtureScenario): FixtureScenario => ({ generated: GENERATED, ...s });

/** Every dynamic command against a fresh local server and a real PostgreSQL: happy paths and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  scenario({
    name: 'engines-list-empty',
    description: 'engines list with no engines says so on stderr',
    argv: ['dynamic', 'engines', 'list'],
  }),
  scenario({ name: 'engines-list', description: 'engines list prints a table', setup: withEngine, argv: ['dynamic', 'engines', 'list'] }),
  scenario({
    name: 'engines-list-json',
    description: 'engines list --json prints {"engines": [...]}',
    setup: withEngine,
    argv: ['dynamic', 'engines', 'list', '--json'],
  }),
  scenario({
    name: 'engines-get',
    description: 'engines get shows the engine without credentials',
    setup: withEngine,
    argv: ['dynamic', 'engines', 'get', 'postgres-prod'],
  }),
  scenario({ name: 'engines-get-not-found', description: 'an unknown engine is exit 4', argv: ['dynamic', 'engines', 'get', 'missing'] }),
  scenario({
    name: 'engines-create',
    description: 'engines create tests the connection and stores the engine',
    setup: rootCredentials,
    argv: (vars) => [
      'dynamic',
      'engines',
      'create',
      '--name',
      'postgres-prod',
      '--connection-url',
      vars.url!,
      '--root-credentials-path',
      ROOT,
      '--default-ttl',
      '1h',
      '--max-ttl',
      '24h',
    ],
  }),
  scenario({
    name: 'engines-create-unreachable',
    description: 'a database that cannot be reached is 400 invalid_config (exit 5), and no engine is created',
    setup: rootCredentials,
    argv: [
      'dynamic',
      'engines',
      'create',
      '--name',
      'postgres-prod',
      '--connection-url',
      'postgresql://{{username}}:{{password}}@127.0.0.1:1/app',
      '--root-credentials-path',
      ROOT,
    ],
  }),
  scenario({
    name: 'engines-create-not-allowed',
    description: 'an engine whose identity may not read its root credentials is refused (exit 5)',
    // Refused before any connection, so the URL need not point at the test cluster.
    setup: async (client) => {
      await client.secrets.write(ROOT, { username: 'postgres', password: 'example-root-password' });
    },
    argv: [
      'dynamic',
      'engines',
      'create',
      '--name',
      'postgres-prod',
      '--connection-url',
      'postgresql://{{username}}:{{password}}@127.0.0.1:5432/app',
      '--root-credentials-path',
      ROOT,
    ],
  }),
  scenario({
    name: 'engines-update',
    description: 'engines update changes only the TTLs given',
    setup: withEngine,
    argv: ['dynamic', 'engines', 'update', 'postgres-prod', '--max-ttl', '48h', '--json'],
  }),
  scenario({
    name: 'engines-health',
    description: 'engines health logs in and reports healthy',
    setup: withEngine,
    argv: ['dynamic', 'engines', 'health', 'postgres-prod', '--json'],
  }),
  scenario({
    name: 'engines-delete-in-use',
    description: 'deleting an engine with live leases is refused (exit 1)',
    setup: withLease,
    argv: ['dynamic', 'engines', 'delete', 'postgres-prod', '--yes'],
  }),
  scenario({
    name: 'engines-delete-force',
    description: 'engines delete --force revokes the leases and deletes the engine',
    setup: withLease,
    argv: ['dynamic', 'engines', 'delete', 'postgres-prod', '--force', '--yes'],
  }),
  scenario({
    name: 'roles-list',
    description: 'roles list prints the roles of an engine',
    setup: withEngine,
    argv: ['dynamic', 'roles', 'list', 'postgres-prod'],
  }),
  scenario({
    name: 'roles-get',
    description: 'roles get shows the statements',
    setup: withEngine,
    argv: ['dynamic', 'roles', 'get', 'postgres-prod', 'readonly'],
  }),
  scenario({
    name: 'roles-get-not-found',
    description: 'an unknown role is exit 4',
    setup: withEngine,
    argv: ['dynamic', 'roles', 'get', 'postgres-prod', 'missing'],
  }),
  scenario({
    name: 'roles-create-file',
    description: 'roles create reads the creation statements from a file (here stdin)',
    setup: withEngine,
    argv: [
      'dynamic',
      'roles',
      'create',
      'postgres-prod',
      '--name',
      'reporting',
      '--creation-statements-file',
      '-',
      '--default-ttl',
      '30m',
      '--json',
    ],
    stdin:
      'CREATE ROLE "{{name}}" WITH LOGIN PASSWORD \'{{password}}\' VALID UNTIL \'{{expiration}}\';\nGRANT SELECT ON orders TO "{{name}}";\n',
  }),
  scenario({
    name: 'roles-create-without-name',
    description: 'creation statements that never use {{name}} are refused (exit 5)',
    setup: withEngine,
    argv: ['dynamic', 'roles', 'create', 'postgres-prod', '--name', 'broken', '--creation-statement', 'CREATE ROLE someone'],
  }),
  scenario({
    name: 'roles-delete',
    description: 'roles delete --yes deletes a role without leases',
    setup: withEngine,
    argv: ['dynamic', 'roles', 'delete', 'postgres-prod', 'readonly', '--yes'],
  }),
  scenario({
    name: 'creds-table',
    description: 'creds on a terminal-style view hides the password and the URL',
    setup: withEngine,
    argv: ['dynamic', 'creds', 'postgres-prod', 'readonly', '--ttl', '2h'],
  }),
  scenario({
    name: 'creds-json',
    description: 'creds --json prints the lease with data.connection_url (the one-shot lease recipe)',
    setup: withEngine,
    argv: ['dynamic', 'creds', 'postgres-prod', 'readonly', '--ttl', '30m', '--json'],
  }),
  scenario({
    name: 'creds-field-password',
    description: 'creds --field password prints the password raw',
    setup: withEngine,
    argv: ['dynamic', 'creds', 'postgres-prod', 'readonly', '--field', 'password'],
  }),
  scenario({
    name: 'creds-ttl-too-long',
    description: 'a ttl above the role max_ttl is refused (exit 5)',
    setup: withEngine,
    argv: ['dynamic', 'creds', 'postgres-prod', 'readonly', '--ttl', '9h'],
  }),
  scenario({
    name: 'creds-unknown-role',
    description: 'creds for an unknown role is exit 4',
    setup: withEngine,
    argv: ['dynamic', 'creds', 'postgres-prod', 'admin'],
  }),
  scenario({
    name: 'leases-list',
    description: 'leases list prints the live leases',
    setup: withLease,
    argv: ['dynamic', 'leases', 'list', '--engine', 'postgres-prod'],
  }),
  scenario({
    name: 'leases-list-json',
    description: 'leases list --json prints {"leases": [...]} without passwords',
    setup: withLease,
    argv: ['dynamic', 'leases', 'list', '--json'],
  }),
  scenario({ name: 'leases-list-empty', description: 'leases list with no leases says so', argv: ['dynamic', 'leases', 'list'] }),
  scenario({
    name: 'leases-get',
    description: 'leases get shows one lease',
    setup: withLease,
    argv: (vars) => ['dynamic', 'leases', 'get', vars.lease!],
  }),
  scenario({
    name: 'leases-get-not-found',
    description: 'an unknown lease is exit 4',
    argv: ['dynamic', 'leases', 'get', 'lease_0000000000000000'],
  }),
  scenario({
    name: 'leases-renew',
    description: 'leases renew --ttl extends the lease from now',
    setup: withLease,
    argv: (vars) => ['dynamic', 'leases', 'renew', vars.lease!, '--ttl', '1h'],
  }),
  scenario({
    name: 'leases-renew-revoked',
    description: 'renewing a revoked lease is refused (exit 1, invalid_state)',
    setup: withRevokedLease,
    argv: (vars) => ['dynamic', 'leases', 'renew', vars.lease!, '--ttl', '1h'],
  }),
  scenario({
    name: 'leases-revoke',
    description: 'leases revoke drops the login now',
    setup: withLease,
    argv: (vars) => ['dynamic', 'leases', 'revoke', vars.lease!],
  }),
  scenario({
    name: 'leases-revoke-engine',
    description: 'leases revoke --engine --yes revokes every live lease of an engine',
    setup: withLease,
    argv: ['dynamic', 'leases', 'revoke', '--engine', 'postgres-prod', '--yes', '--json'],
  }),
  scenario({
    name: 'leases-revoke-prefix',
    description: 'leases revoke --prefix engine/role --yes revokes the leases of one role',
    setup: withLease,
    argv: ['dynamic', 'leases', 'revoke', '--prefix', 'postgres-prod/readonly', '--yes'],
  }),
];
