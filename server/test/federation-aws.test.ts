import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers.js';
import { createBackend, storeBackendCredentials, syncNow } from './federation-setup.js';
import { startAwsSecretsManagerDouble, type AwsDouble } from './aws-secrets-manager-double.js';

// The aws-secrets-manager adapter (the official SDK client) against a double of the Secrets Manager API
// (aws-secrets-manager-double.ts says which parts), reached through the config's endpoint.
let aws: AwsDouble;
before(async () => {
  aws = await startAwsSecretsManagerDouble();
  aws.put('prod/app/db', JSON.stringify({ username: 'app', password: 'aws-db-1' }));
  aws.put('prod/app/token', 'plain-string-value');
  aws.put('prod/billing/key', JSON.stringify({ key: 'aws-billing-1' }));
  aws.put('staging/app/db', JSON.stringify({ password: 'not-mapped' }));
});
after(() => aws.close());

async function awsBackend(mode: 'proxy' | 'sync', credentials: Record<string, string>, extra: Record<string, unknown> = {}) {
  const server = await startTestServer();
  await storeBackendCredentials(server, 'aws-prod', 'infra/aws/sm/reader', credentials);
  const backend = await createBackend(server, {
    name: 'aws-prod',
    type: 'aws-secrets-manager',
    config: { region: aws.region, credentials_path: 'infra/aws/sm/reader', endpoint: aws.url },
    path_mapping: { 'external/aws/**': 'prod/**' },
    mode,
    ...(mode === 'sync' ? { sync_interval: '15m' } : {}),
    ...extra,
  });
  return { server, backend };
}

const goodKeys = () => ({ access_key_id: aws.accessKeyId, secret_access_key: aws.secretAccessKey });

test('proxy: GetSecretValue signed with the stored access key; a JSON object is the fields, any other string is {value}', async () => {
  const { server, backend } = await awsBackend('proxy', goodKeys());
  try {
    const read = await server.api('GET', '/v1/secrets/external/aws/app/db');
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.deepEqual(read.body.data, { username: 'app', password: 'aws-db-1' });
    assert.equal(read.body.metadata.federation.backend_path, 'prod/app/db');
    assert.equal(typeof read.body.metadata.federation.remote_version, 'string');
    assert.deepEqual((await server.api('GET', '/v1/secrets/external/aws/app/token')).body.data, { value: 'plain-string-value' });
    assert.equal((await server.api('GET', '/v1/secrets/external/aws/app/missing')).status, 404);
    const status = (await server.api('GET', `/v1/federation/backends/${backend.id}/status`)).body;
    assert.equal(status.connection.status, 'connected');
    assert.ok(aws.actions.includes('GetSecretValue'));
  } finally {
    await server.close();
  }
});

test('sync: ListSecrets is followed through NextToken under the name prefix, and write-through uses PutSecretValue or CreateSecret', async () => {
  const { server, backend } = await awsBackend('sync', goodKeys(), { write_through: true });
  try {
    const status = await syncNow(server, backend.id);
    assert.equal(status.sync.status, 'completed', status.sync.error);
    assert.equal(status.secrets_synced, 3);
    const paths = (await server.api('GET', '/v1/secrets?prefix=external/aws/')).body.secrets.map((s: any) => s.path);
    assert.deepEqual(paths, ['external/aws/app/db', 'external/aws/app/token', 'external/aws/billing/key']);
    assert.equal((await server.api('PUT', '/v1/secrets/external/aws/app/db', { data: { password: 'aws-db-2' } })).status, 200);
    assert.deepEqual(JSON.parse(aws.current('prod/app/db')!), { password: 'aws-db-2' });
    assert.equal((await server.api('PUT', '/v1/secrets/external/aws/new/one', { data: { a: 'b' } })).status, 200);
    assert.deepEqual(JSON.parse(aws.current('prod/new/one')!), { a: 'b' });
    assert.ok(aws.actions.includes('CreateSecret'));
  } finally {
    await server.close();
  }
});

test('a wrong secret key: 502 naming the backend with reason auth_failed, and the key is in no answer', async () => {
  const { server, backend } = await awsBackend('proxy', { access_key_id: aws.accessKeyId, secret_access_key: 'wrong-secret-key-value' });
  try {
    const read = await server.api('GET', '/v1/secrets/external/aws/app/db');
    assert.equal(read.status, 502);
    assert.equal(read.body.error.details.reason, 'auth_failed');
    assert.match(read.body.error.message, /'aws-prod'.*InvalidSignatureException/);
    const status = (await server.api('GET', `/v1/federation/backends/${backend.id}/status`)).body;
    assert.equal(status.connection.status, 'auth_failed');
    assert.equal(JSON.stringify(status).includes('wrong-secret-key-value'), false);
  } finally {
    await server.close();
  }
});
