import type { FixtureScenario } from '@scaivault/core/testing';
import type { GeneratorFieldInput, ScaiVaultClient } from '@scaivault/core/sdk';

const STRONG_PASSWORD: GeneratorFieldInput[] = [{ name: 'password', generator: 'random', config: { length: 32, charset: 'alphanumeric' } }];
const API_CREDENTIALS: GeneratorFieldInput[] = [
  { name: 'username', generator: 'static', config: { value: 'svc-billing' } },
  { name: 'api_key', generator: 'template', config: { template: 'sk_live_{{random:24}}' } },
  { name: 'request_id', generator: 'uuid', config: { version: 4 } },
];

/** sp_strong_password: the documented 32-character password recipe. */
async function strongPassword(client: ScaiVaultClient): Promise<void> {
  await client.secretPolicies.create({
    name: 'Strong Password',
    policy_type: 'password',
    fields: STRONG_PASSWORD,
    description: 'Strong 32-char passwords for database users',
  });
}

/** sp_billing_api: a static username beside a templated key and a UUID. */
async function billingApi(client: ScaiVaultClient): Promise<void> {
  await client.secretPolicies.create({ name: 'Billing API', policy_type: 'api_key', fields: API_CREDENTIALS });
}

async function severalPolicies(client: ScaiVaultClient): Promise<void> {
  await strongPassword(client);
  await billingApi(client);
  await client.secretPolicies.create({
    name: 'Deploy Key',
    policy_type: 'ssh_key',
    fields: [{ name: 'deploy_key', generator: 'ssh_keypair', config: { comment: 'deploy' } }],
  });
}

const FIELDS_JSON = JSON.stringify(STRONG_PASSWORD);
// Generated values differ on every run; the recording replaces them with placeholders of the same length.
const GENERATED = ['data.*'];
// sp_billing_api's username is static, so it stays as it is.
const BILLING_GENERATED = ['data.api_key', 'data.request_id'];

/** Every secret-policies command against a fresh local server: happy paths and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  { name: 'types', description: 'types prints the policy types, generators and charsets', argv: ['secret-policies', 'types'] },
  { name: 'types-json', description: 'types --json prints the catalogue', argv: ['secret-policies', 'types', '--json'] },
  {
    name: 'create',
    description: 'create with inline --fields, as documented',
    argv: ['secret-policies', 'create', '--name', 'Strong Password', '--type', 'password', '--fields', FIELDS_JSON],
  },
  {
    name: 'create-fields-file-stdin-json',
    description: 'create --fields-file - reads the fields from stdin; --json prints the policy',
    argv: [
      'secret-policies',
      'create',
      '--name',
      'Billing API',
      '--type',
      'api_key',
      '--description',
      'Billing service credentials',
      '--fields-file',
      '-',
      '--json',
    ],
    stdin: JSON.stringify(API_CREDENTIALS),
  },
  {
    name: 'create-inactive-default-type',
    description: 'create without --type is a custom policy; --inactive creates it inactive',
    argv: [
      'secret-policies',
      'create',
      '--name',
      'Session Secret',
      '--fields',
      '[{"name":"secret","generator":"hex","config":{"length":64}}]',
      '--inactive',
      '--json',
    ],
  },
  {
    name: 'create-server-validation',
    description: 'a config value the server refuses is exit 5',
    argv: [
      'secret-policies',
      'create',
      '--name',
      'Too Short',
      '--type',
      'password',
      '--fields',
      '[{"name":"password","generator":"random","config":{"length":0,"charset":"alphanumeric"}}]',
    ],
  },
  { name: 'list-table', description: 'list prints id, type and field names', setup: severalPolicies, argv: ['secret-policies', 'list'] },
  {
    name: 'list-type-json',
    description: 'list --type --json filters by policy type',
    setup: severalPolicies,
    argv: ['secret-policies', 'list', '--type', 'password', '--json'],
  },
  {
    name: 'list-all-pages',
    description: 'list --all follows the cursor across pages',
    setup: severalPolicies,
    argv: ['secret-policies', 'list', '--limit', '2', '--all'],
  },
  {
    name: 'list-one-page',
    description: 'list --limit prints one page and the cursor to continue',
    setup: severalPolicies,
    argv: ['secret-policies', 'list', '--limit', '2'],
  },
  { name: 'list-empty', description: 'list with no secret policies says so on stderr', argv: ['secret-policies', 'list'] },
  {
    name: 'get-table',
    description: 'get shows the recipe of each field',
    setup: billingApi,
    argv: ['secret-policies', 'get', 'sp_billing_api'],
  },
  {
    name: 'get-json',
    description: 'get --json prints the whole policy',
    setup: strongPassword,
    argv: ['secret-policies', 'get', 'sp_strong_password', '--json'],
  },
  { name: 'get-not-found', description: 'get of an unknown secret policy is exit 4', argv: ['secret-policies', 'get', 'sp_missing'] },
  {
    name: 'delete',
    description: 'delete --yes removes a secret policy',
    setup: strongPassword,
    argv: ['secret-policies', 'delete', 'sp_strong_password', '--yes'],
  },
  {
    name: 'delete-not-found',
    description: 'delete of an unknown secret policy is exit 4',
    argv: ['secret-policies', 'delete', 'sp_missing', '--force'],
  },
  {
    name: 'generate-hidden',
    description: 'generate without --show prints field names and lengths, never the values',
    setup: billingApi,
    argv: ['secret-policies', 'generate', 'sp_billing_api'],
    generated: BILLING_GENERATED,
  },
  {
    name: 'generate-hidden-json',
    description: 'generate --json without --show carries no values',
    setup: strongPassword,
    argv: ['secret-policies', 'generate', 'sp_strong_password', '--json'],
    generated: GENERATED,
  },
  {
    name: 'generate-show',
    description: 'generate --show prints the preview values',
    setup: billingApi,
    argv: ['secret-policies', 'generate', 'sp_billing_api', '--show'],
    generated: BILLING_GENERATED,
  },
  {
    name: 'generate-show-json',
    description: 'generate --show --json adds the values as data',
    setup: strongPassword,
    argv: ['secret-policies', 'generate', 'sp_strong_password', '--show', '--json'],
    generated: GENERATED,
  },
  {
    name: 'generate-show-field',
    description: 'generate --show --field prints one value raw',
    setup: strongPassword,
    argv: ['secret-policies', 'generate', 'sp_strong_password', '--show', '--field', 'password'],
    generated: GENERATED,
  },
  {
    name: 'generate-not-found',
    description: 'generate of an unknown secret policy is exit 4',
    argv: ['secret-policies', 'generate', 'sp_missing', '--show'],
  },
];
