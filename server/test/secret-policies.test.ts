import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

async function generate(fields: unknown[]): Promise<Record<string, string>> {
  const created = await server.api('POST', '/v1/secret-policies', {
    name: `p-${Math.random().toString(36).slice(2)}`,
    policy_type: 'custom',
    fields,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const generated = await server.api('POST', `/v1/secret-policies/${created.body.id}/generate`);
  assert.equal(generated.status, 200);
  assert.equal(generated.body.policy_id, created.body.id);
  return generated.body.data;
}

test('CRUD, readable ids and the types catalogue', async () => {
  const created = await server.api('POST', '/v1/secret-policies', {
    name: 'DB Passwords',
    policy_type: 'password',
    fields: [{ name: 'password', generator: 'random', config: { length: 32, charset: 'safe' } }],
  });
  assert.equal(created.body.id, 'sp_db_passwords');
  assert.equal(created.body.is_active, true);
  assert.equal((await server.api('GET', '/v1/secret-policies/sp_db_passwords')).body.name, 'DB Passwords');
  const list = await server.api('GET', '/v1/secret-policies?policy_type=password');
  assert.deepEqual(
    list.body.secret_policies.map((p: { id: string }) => p.id),
    ['sp_db_passwords'],
  );
  const patched = await server.api('PATCH', '/v1/secret-policies/sp_db_passwords', { description: 'strong' });
  assert.equal(patched.body.description, 'strong');
  const types = await server.api('GET', '/v1/secret-policies/types');
  assert.deepEqual(types.body.generators.map((g: { name: string }) => g.name).sort(), [
    'bcrypt_hash',
    'ec_keypair',
    'hex',
    'random',
    'rsa_keypair',
    'ssh_keypair',
    'static',
    'template',
    'uuid',
  ]);
  assert.ok(types.body.charsets.some((c: { name: string }) => c.name === 'alphanumeric'));
  assert.deepEqual(
    types.body.policy_types.map((t: { name: string }) => t.name),
    ['password', 'api_key', 'oauth_client', 'ssh_key', 'custom'],
  );
  assert.equal((await server.api('DELETE', '/v1/secret-policies/sp_db_passwords')).status, 204);
  assert.equal((await server.api('GET', '/v1/secret-policies/sp_db_passwords')).body.error.code, 'secret_policy_not_found');
});

test('random honours length, charset and required classes', async () => {
  for (const [charset, pattern] of [
    ['alphanumeric', /^[A-Za-z0-9]{40}$/],
    ['alpha', /^[A-Za-z]{40}$/],
    ['numeric', /^[0-9]{40}$/],
    ['hex', /^[0-9a-f]{40}$/],
  ] as const) {
    const data = await generate([{ name: 'v', generator: 'random', config: { length: 40, charset } }]);
    assert.match(data.v!, pattern, charset);
  }
  for (let i = 0; i < 5; i++) {
    const data = await generate([
      {
        name: 'pw',
        generator: 'random',
        config: { length: 8, charset: 'ascii', require_upper: true, require_lower: true, require_digit: true, require_symbol: true },
      },
    ]);
    assert.equal(data.pw!.length, 8);
    assert.match(data.pw!, /[A-Z]/);
    assert.match(data.pw!, /[a-z]/);
    assert.match(data.pw!, /[0-9]/);
    assert.match(data.pw!, /[^A-Za-z0-9]/);
  }
  const a = await generate([{ name: 'v', generator: 'random', config: {} }]);
  const b = await generate([{ name: 'v', generator: 'random', config: {} }]);
  assert.notEqual(a.v, b.v);
  assert.equal(a.v!.length, 32);
});

test('hex, uuid, template and static', async () => {
  const data = await generate([
    { name: 'hex', generator: 'hex', config: { length: 17 } },
    { name: 'u4', generator: 'uuid', config: { version: 4 } },
    { name: 'u7', generator: 'uuid', config: { version: 7 } },
    { name: 'tpl', generator: 'template', config: { template: 'sk_live_{{random:24}}_{{hex:8}}' } },
    { name: 'user', generator: 'static', config: { value: 'svc_billing' } },
  ]);
  assert.match(data.hex!, /^[0-9a-f]{17}$/);
  assert.match(data.u4!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(data.u7!, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(data.tpl!, /^sk_live_[A-Za-z0-9]{24}_[0-9a-f]{8}$/);
  assert.equal(data.user, 'svc_billing');
});

test('key pairs are real keys: RSA, EC, OpenSSH (checked by ssh-keygen) and bcrypt', async () => {
  const data = await generate([
    { name: 'rsa', generator: 'rsa_keypair', config: { bits: 2048 } },
    { name: 'ec', generator: 'ec_keypair', config: { curve: 'P-384' } },
    { name: 'ssh', generator: 'ssh_keypair', config: { key_type: 'ed25519', comment: 'deploy@ci' } },
    { name: 'sshrsa', generator: 'ssh_keypair', config: { key_type: 'rsa' } },
    { name: 'pw', generator: 'bcrypt_hash', config: { length: 20, rounds: 4 } },
  ]);
  assert.equal(createPrivateKey(data.rsa!).asymmetricKeyDetails?.modulusLength, 2048);
  assert.equal(createPublicKey(data.rsa_public!).asymmetricKeyType, 'rsa');
  assert.equal(createPrivateKey(data.ec!).asymmetricKeyDetails?.namedCurve, 'secp384r1');
  assert.match(data.ssh_public!, /^ssh-ed25519 \S+ deploy@ci$/);
  const dir = mkdtempSync(join(tmpdir(), 'ssh-'));
  try {
    for (const name of ['ssh', 'sshrsa']) {
      const file = join(dir, name);
      writeFileSync(file, data[name]!, { mode: 0o600 });
      const derived = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim();
      assert.equal(
        derived.split(' ').slice(0, 2).join(' '),
        data[`${name}_public`]!.split(' ').slice(0, 2).join(' '),
        `${name}: ssh-keygen derives the same public key`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(data.pw!.length, 20);
  assert.ok(await bcrypt.compare(data.pw!, data.pw_hash!));
});

test('invalid recipes are 422 validation_error naming the field', async () => {
  const cases: [unknown[], string][] = [
    [[{ name: 'x', generator: 'nope', config: {} }], 'fields[0].generator'],
    [[{ name: 'x', generator: 'random', config: { length: 0 } }], 'fields[0].config.length'],
    [[{ name: 'x', generator: 'random', config: { charset: 'klingon' } }], 'fields[0].config.charset'],
    [[{ name: 'x', generator: 'random', config: { charset: 'numeric', require_upper: true } }], 'fields[0].config.require_upper'],
    [[{ name: 'x', generator: 'rsa_keypair', config: { bits: 1024 } }], 'fields[0].config.bits'],
    [[{ name: 'x', generator: 'uuid', config: { version: 5 } }], 'fields[0].config.version'],
    [
      [
        { name: 'x', generator: 'static', config: {} },
        { name: 'x', generator: 'hex', config: {} },
      ],
      'fields[0].config.value',
    ],
  ];
  for (const [fields, field] of cases) {
    const response = await server.api('POST', '/v1/secret-policies', { name: 'bad', fields });
    assert.equal(response.status, 422, field);
    assert.equal(response.body.error.code, 'validation_error');
    assert.ok(response.body.error.details.fields[field], `${field} in ${JSON.stringify(response.body.error.details.fields)}`);
  }
});

test('a secret linked to a secret policy rotates to generated values', async () => {
  const policy = await server.api('POST', '/v1/secret-policies', {
    name: 'api key recipe',
    policy_type: 'api_key',
    fields: [{ name: 'api_key', generator: 'template', config: { template: 'ak_{{hex:16}}' } }],
  });
  await server.api('PUT', '/v1/secrets/linked/key', { data: { api_key: 'manual' }, options: { secret_policy_id: policy.body.id } });
  await server.api('POST', '/v1/secrets/linked/key/rotate');
  assert.match((await server.api('GET', '/v1/secrets/linked/key')).body.data.api_key, /^ak_[0-9a-f]{16}$/);
});
