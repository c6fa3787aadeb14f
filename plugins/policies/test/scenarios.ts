import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

const PROD_RULES = [
  { path_pattern: 'environments/production/**', permissions: ['read', 'list'] as const },
  { path_pattern: 'shared/certificates/*', permissions: ['read'] as const, conditions: { ip_ranges: ['10.0.0.0/8'], require_mfa: true } },
];

/** A policy with two rules (one conditional), bound to group:developers. */
async function boundPolicy(client: ScaiVaultClient): Promise<Record<string, string>> {
  const policy = await client.policies.create({
    name: 'production-read-only',
    description: 'Developers can read production secrets',
    rules: PROD_RULES.map((rule) => ({ ...rule, permissions: [...rule.permissions] })),
  });
  const binding = await client.policies.bind(policy.id, { identity_type: 'group', identity_id: 'group:developers' });
  return { id: policy.id, binding: binding.id! };
}

async function unboundPolicy(client: ScaiVaultClient): Promise<Record<string, string>> {
  const policy = await client.policies.create({
    name: 'staging-write',
    rules: [{ path_pattern: 'environments/staging/**', permissions: ['read', 'write'] }],
  });
  return { id: policy.id };
}

/** The documented `policies test` example: alice may read app/db/*, and needs MFA for app/admin/*. */
async function aliceCanReadDb(client: ScaiVaultClient): Promise<Record<string, string>> {
  const policy = await client.policies.create({
    name: 'app-readers',
    rules: [
      { path_pattern: 'app/db/*', permissions: ['read'] },
      { path_pattern: 'app/admin/**', permissions: ['read', 'write'], conditions: { require_mfa: true, ip_ranges: ['10.0.0.0/8'] } },
    ],
  });
  await client.policies.bind(policy.id, { identity_type: 'user', identity_id: 'user:alice@acme.example' });
  return { id: policy.id };
}

const ALICE = ['--identity', 'user:alice@acme.example'];

/** Every policies command against a fresh local server: happy paths and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  {
    name: 'list-table',
    description: 'list prints policies with rule and binding counts',
    setup: boundPolicy,
    argv: ['policies', 'list'],
  },
  {
    name: 'list-json',
    description: 'list --json prints {"policies": [...], "cursor", "has_more"}',
    setup: boundPolicy,
    argv: ['policies', 'list', '--json'],
  },
  { name: 'list-empty', description: 'list with no policies says so on stderr', argv: ['policies', 'list'] },
  {
    name: 'get-table',
    description: 'get shows rules, conditions and bindings',
    setup: boundPolicy,
    argv: (v) => ['policies', 'get', v.id!],
  },
  {
    name: 'get-json',
    description: 'get --json prints the whole policy',
    setup: boundPolicy,
    argv: (v) => ['policies', 'get', v.id!, '--json'],
  },
  {
    name: 'get-field',
    description: 'get --field prints one value raw',
    setup: boundPolicy,
    argv: (v) => ['policies', 'get', v.id!, '--field', 'name'],
  },
  { name: 'get-not-found', description: 'get of an unknown policy is exit 4', argv: ['policies', 'get', 'pol_missing'] },
  {
    name: 'create-path',
    description: 'create --path --permissions makes a one-rule policy',
    argv: ['policies', 'create', '--name', 'Production Read', '--path', 'environments/production/**', '--permissions', 'read,list'],
  },
  {
    name: 'create-conditions-json',
    description: 'create with --ip-range and --require-mfa adds conditions to the rule',
    argv: [
      'policies',
      'create',
      '--name',
      'Prod VPN',
      '--path',
      'environments/production/**',
      '--permissions',
      'read',
      '--ip-range',
      '10.0.0.0/8',
      '--ip-range',
      '192.168.0.0/16',
      '--require-mfa',
      '--json',
    ],
  },
  {
    name: 'create-rules-file-stdin',
    description: 'create --rules-file - reads the rules array from stdin',
    argv: ['policies', 'create', '--name', 'App team', '--description', 'Read and write app secrets', '--rules-file', '-'],
    stdin: JSON.stringify([
      { path_pattern: 'app/**', permissions: ['read', 'write', 'list'] },
      { path_pattern: '**/ssl/*', permissions: ['read'], conditions: { require_mfa: true } },
    ]),
  },
  {
    name: 'create-body-file-stdin',
    description: 'create --rules-file - takes a whole create body, name included',
    argv: ['policies', 'create', '--rules-file', '-', '--json'],
    stdin: JSON.stringify({
      name: 'partner-shared-read',
      description: 'Read partner-wide shared secrets',
      scope: 'partner',
      rules: [{ path_pattern: 'shared/**', permissions: ['read', 'list'] }],
    }),
  },
  {
    name: 'create-server-validation',
    description: 'a name the server refuses is exit 5',
    argv: ['policies', 'create', '--name', 'n'.repeat(300), '--path', 'app/**', '--permissions', 'read'],
  },
  {
    name: 'delete',
    description: 'delete --yes removes an unbound policy',
    setup: unboundPolicy,
    argv: (v) => ['policies', 'delete', v.id!, '--yes'],
  },
  {
    name: 'delete-in-use',
    description: 'delete of a bound policy is refused with a hint (exit 1)',
    setup: boundPolicy,
    argv: (v) => ['policies', 'delete', v.id!, '--yes'],
  },
  {
    name: 'delete-with-bindings',
    description: 'delete --with-bindings removes a bound policy and its bindings',
    setup: boundPolicy,
    argv: (v) => ['policies', 'delete', v.id!, '--with-bindings', '--force', '--json'],
  },
  { name: 'delete-not-found', description: 'delete of an unknown policy is exit 4', argv: ['policies', 'delete', 'pol_missing', '--yes'] },
  {
    name: 'bind',
    description: 'bind a group, as documented',
    setup: unboundPolicy,
    argv: (v) => ['policies', 'bind', v.id!, '--identity-type', 'group', '--identity-id', 'group:developers'],
  },
  {
    name: 'bind-expiring-json',
    description: 'bind a service account until a time; the type comes from the sa: prefix',
    setup: unboundPolicy,
    argv: (v) => ['policies', 'bind', v.id!, '--identity-id', 'sa:reporting-service', '--expires-at', '2030-06-30T00:00:00Z', '--json'],
  },
  {
    name: 'bind-not-found',
    description: 'bind to an unknown policy is exit 4',
    argv: ['policies', 'bind', 'pol_missing', '--identity-id', 'group:developers'],
  },
  {
    name: 'bindings-table',
    description: 'bindings lists who has the policy',
    setup: async (client) => {
      const vars = await boundPolicy(client);
      // Bindings list in creation order; a pause keeps the two creation times apart.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await client.policies.bind(vars.id!, {
        identity_type: 'user',
        identity_id: 'user:alice@acme.example',
        expires_at: '2030-01-01T00:00:00Z',
      });
      return vars;
    },
    argv: (v) => ['policies', 'bindings', v.id!],
  },
  {
    name: 'bindings-json',
    description: 'bindings --json prints {"bindings": [...]}',
    setup: boundPolicy,
    argv: (v) => ['policies', 'bindings', v.id!, '--json'],
  },
  {
    name: 'bindings-none',
    description: 'bindings of an unbound policy says so on stderr',
    setup: unboundPolicy,
    argv: (v) => ['policies', 'bindings', v.id!],
  },
  { name: 'bindings-not-found', description: 'bindings of an unknown policy is exit 4', argv: ['policies', 'bindings', 'pol_missing'] },
  {
    name: 'unbind-by-id',
    description: 'unbind removes a binding by its id',
    setup: boundPolicy,
    argv: (v) => ['policies', 'unbind', v.id!, v.binding!],
  },
  {
    name: 'unbind-by-identity',
    description: 'unbind --identity-id finds the binding and removes it',
    setup: boundPolicy,
    argv: (v) => ['policies', 'unbind', v.id!, '--identity-id', 'group:developers', '--json'],
  },
  {
    name: 'unbind-identity-not-bound',
    description: 'unbind --identity-id of an identity without a binding is exit 4',
    setup: boundPolicy,
    argv: (v) => ['policies', 'unbind', v.id!, '--identity-id', 'group:sre'],
  },
  {
    name: 'unbind-not-found',
    description: 'unbind of an unknown binding is exit 4',
    setup: boundPolicy,
    argv: (v) => ['policies', 'unbind', v.id!, 'bnd_missing'],
  },
  {
    name: 'test-allowed',
    description: 'test shows the deciding policy and rule of an allowed action',
    setup: aliceCanReadDb,
    argv: ['policies', 'test', 'app/db/credentials', 'read', ...ALICE],
  },
  {
    name: 'test-denied-no-rule',
    description: 'test of an action no rule grants says denied, exit 0',
    setup: aliceCanReadDb,
    argv: ['policies', 'test', 'app/db/credentials', 'write', ...ALICE],
  },
  {
    name: 'test-denied-condition',
    description: 'test names the condition that failed',
    setup: aliceCanReadDb,
    argv: ['policies', 'test', 'app/admin/root-key', 'read', ...ALICE],
  },
  {
    name: 'test-conditions-met-json',
    description: 'test --source-ip --mfa meets the conditions; --json carries allowed',
    setup: aliceCanReadDb,
    argv: ['policies', 'test', 'app/admin/root-key', 'write', ...ALICE, '--source-ip', '10.1.2.3', '--mfa', '--json'],
  },
  {
    name: 'test-denied-json',
    description: 'test --json of a denial carries allowed: false and the code a request would get',
    setup: aliceCanReadDb,
    argv: ['policies', 'test', 'app/admin/root-key', 'read', ...ALICE, '--source-ip', '192.0.2.1', '--mfa', '--json'],
  },
  {
    name: 'test-field-allowed',
    description: 'test --field allowed prints true or false for scripts',
    setup: aliceCanReadDb,
    argv: ['policies', 'test', 'app/db/credentials', 'delete', ...ALICE, '--field', 'allowed'],
  },
];
