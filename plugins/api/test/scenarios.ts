import type { FixtureScenario } from '@scaivault/core/testing';
import type { ScaiVaultClient } from '@scaivault/core/sdk';

async function withSecrets(client: ScaiVaultClient): Promise<void> {
  await client.secrets.write('app/db', { username: 'admin', password: 'example-password' });
  for (const name of ['one', 'two', 'three']) await client.secrets.write(`app/list/${name}`, { value: name });
}

/** `scaivault api` against a fresh local server: reads, writes, pages, and the errors users meet. */
export const scenarios: FixtureScenario[] = [
  {
    name: 'get-secret',
    description: 'api GET prints the answer as the server sent it',
    setup: withSecrets,
    argv: ['api', 'GET', '/v1/secrets/app/db'],
  },
  {
    name: 'get-query-fields',
    description: 'api GET sends -f and -F fields as the query string',
    setup: withSecrets,
    argv: ['api', 'get', 'v1/secrets', '-f', 'prefix=app/list/', '-F', 'limit=2'],
  },
  {
    name: 'paginate',
    description: 'api --paginate follows the cursor and merges the pages into one envelope',
    setup: withSecrets,
    argv: ['api', 'GET', '/v1/secrets?prefix=app/list/', '-F', 'limit=2', '--paginate'],
  },
  {
    name: 'put-fields',
    description: 'api PUT sends the fields as the JSON body',
    argv: ['api', 'PUT', '/v1/secrets/app/new', '-F', 'data={"token":"example-token"}', '-f', 'secret_type=json'],
  },
  {
    name: 'put-input-stdin',
    description: 'api --input - sends stdin as the body',
    argv: ['api', 'PUT', '/v1/secrets/app/from-stdin', '--input', '-'],
    stdin: '{"data": {"password": "example-password"}}',
  },
  {
    name: 'delete-no-body',
    description: 'api DELETE with a 204 answer prints nothing',
    setup: withSecrets,
    argv: ['api', 'DELETE', '/v1/secrets/app/db'],
  },
  {
    name: 'not-found',
    description: 'a 404 is one error line and exit 4',
    argv: ['api', 'GET', '/v1/secrets/app/missing'],
  },
  {
    name: 'wrong-method',
    description: 'an answer the server refuses is its error and exit code',
    argv: ['api', 'POST', '/v1/secrets/app/db', '-f', 'a=b'],
  },
  {
    name: 'not-authenticated',
    description: 'a bad token is exit 2',
    argv: ['api', 'GET', '/v1/auth/whoami'],
    env: { SCAIVAULT_TOKEN: 'skt_not_a_real_token' },
  },
];
