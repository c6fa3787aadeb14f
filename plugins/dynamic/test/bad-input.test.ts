import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { Prompt } from '@scaivault/core';
import { assertBadInput, jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-dynamic', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

const rejected: Array<[string, string[]]> = [
  ['engines list: --limit 0', ['dynamic', 'engines', 'list', '--limit', '0']],
  ['engines list: extra argument', ['dynamic', 'engines', 'list', 'x']],
  ['engines get: missing name', ['dynamic', 'engines', 'get']],
  ['engines get: name with a slash', ['dynamic', 'engines', 'get', 'a/b']],
  [
    'engines create: no --name',
    ['dynamic', 'engines', 'create', '--connection-url', 'postgresql://h/db', '--root-credentials-path', 'a/b'],
  ],
  ['engines create: no --connection-url', ['dynamic', 'engines', 'create', '--name', 'pg', '--root-credentials-path', 'a/b']],
  ['engines create: no --root-credentials-path', ['dynamic', 'engines', 'create', '--name', 'pg', '--connection-url', 'postgresql://h/db']],
  ['engines create: bad path', ['dynamic', 'engines', 'create', '--name', 'pg', '--connection-url', 'u', '--root-credentials-path', '/a/']],
  [
    'engines create: --max-ttl 30x',
    ['dynamic', 'engines', 'create', '--name', 'pg', '--connection-url', 'u', '--root-credentials-path', 'a/b', '--max-ttl', '30x'],
  ],
  ['engines update: nothing to change', ['dynamic', 'engines', 'update', 'pg']],
  ['engines update: --default-ttl 5', ['dynamic', 'engines', 'update', 'pg', '--default-ttl', '5']],
  ['engines delete: without --yes, not on a terminal', ['dynamic', 'engines', 'delete', 'pg']],
  ['engines health: missing name', ['dynamic', 'engines', 'health']],
  ['roles list: missing engine', ['dynamic', 'roles', 'list']],
  ['roles get: missing role', ['dynamic', 'roles', 'get', 'pg']],
  ['roles create: no --name', ['dynamic', 'roles', 'create', 'pg', '--creation-statement', 'CREATE ROLE {{name}}']],
  ['roles create: no statements', ['dynamic', 'roles', 'create', 'pg', '--name', 'r']],
  [
    'roles create: file and inline',
    ['dynamic', 'roles', 'create', 'pg', '--name', 'r', '--creation-statements-file', 'x.sql', '--creation-statement', 'x'],
  ],
  [
    'roles create: unreadable file',
    ['dynamic', 'roles', 'create', 'pg', '--name', 'r', '--creation-statements-file', '/nonexistent/x.sql'],
  ],
  ['roles delete: without --yes, not on a terminal', ['dynamic', 'roles', 'delete', 'pg', 'r']],
  ['creds: missing role', ['dynamic', 'creds', 'pg']],
  ['creds: --ttl 30x', ['dynamic', 'creds', 'pg', 'readonly', '--ttl', '30x']],
  ['creds: --ttl without a unit', ['dynamic', 'creds', 'pg', 'readonly', '--ttl', '30']],
  ['creds: bad role name', ['dynamic', 'creds', 'pg', 'read only']],
  ['leases list: unknown --status', ['dynamic', 'leases', 'list', '--status', 'dead']],
  ['leases list: bad --engine', ['dynamic', 'leases', 'list', '--engine', 'a/b']],
  ['leases list: --all with --cursor', ['dynamic', 'leases', 'list', '--all', '--cursor', 'abc']],
  ['leases get: missing id', ['dynamic', 'leases', 'get']],
  ['leases get: id with a slash', ['dynamic', 'leases', 'get', 'lease/x']],
  ['leases renew: --ttl 1x', ['dynamic', 'leases', 'renew', 'lease_abc', '--ttl', '1x']],
  ['leases revoke: nothing named', ['dynamic', 'leases', 'revoke']],
  ['leases revoke: id and --engine', ['dynamic', 'leases', 'revoke', 'lease_abc', '--engine', 'pg']],
  ['leases revoke: --engine without --yes, not on a terminal', ['dynamic', 'leases', 'revoke', '--engine', 'pg']],
];

describe('bad input is exit 5 with one line on stderr, and nothing is sent', () => {
  for (const [name, argv] of rejected) {
    test(name, async () => assertBadInput(await runOffline(argv, { distribution })));
  }

  test('the error names the bad duration', async () => {
    const result = await runOffline(['dynamic', 'creds', 'pg', 'readonly', '--ttl', '30x'], { distribution });
    assert.match(result.stderr, /--ttl: "30x"/);
  });
});

describe('the password stays out of the table view', () => {
  const lease = {
    lease_id: 'lease_abc',
    ttl: '2h',
    renewable: true,
    data: {
      username: 'v_readonly_x',
      password: 'example-generated-password',
      connection_url: 'postgresql://v_readonly_x:example-generated-password@db/app',
    },
  };
  const exchanges = () => [{ request: { method: 'POST', path: '/v1/dynamic/engines/pg/creds/readonly' }, response: jsonReply(201, lease) }];

  test('creds prints neither the password nor the URL holding it', async () => {
    const result = await runOffline(['dynamic', 'creds', 'pg', 'readonly'], { distribution, exchanges: exchanges() });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(!result.stdout.includes('example-generated-password'));
    assert.match(result.stdout, /v_readonly_x/);
  });

  test('--field connection_url prints the URL raw, for psql "$(...)"', async () => {
    const result = await runOffline(['dynamic', 'creds', 'pg', 'readonly', '--field', 'connection_url'], {
      distribution,
      exchanges: exchanges(),
    });
    assert.equal(result.stdout.trim(), lease.data.connection_url);
  });
});

describe('bulk revoke asks first on a terminal', () => {
  test('declining revokes nothing and exits 1', async () => {
    const prompt: Prompt = { interactive: true, confirm: async () => false, secret: async () => '' };
    const result = await runOffline(['dynamic', 'leases', 'revoke', '--engine', 'pg'], { distribution, prompt });
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /Nothing revoked/);
  });
});
