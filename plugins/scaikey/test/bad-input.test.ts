import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { assertBadInput, jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-scaikey', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const REGISTER = ['scaikey', 'register', '--scope', 'tenant', '--tenant-slug', 'acme', '--email', 'admin@acme.example'];

const rejected: Array<[string, string[]]> = [
  ['register: unknown --scope', ['scaikey', 'register', '--scope', 'org', '--email', 'a@b.example']],
  ['register: no --email', ['scaikey', 'register', '--tenant-slug', 'acme']],
  ['register: bad --email', ['scaikey', 'register', '--tenant-slug', 'acme', '--email', 'not-an-address']],
  ['register: bad --tenant-slug', ['scaikey', 'register', '--tenant-slug', 'Acme Corp', '--email', 'a@b.example']],
  ['register: partner scope without --partner-slug', ['scaikey', 'register', '--scope', 'partner', '--email', 'a@b.example']],
  [
    'register: --tenant-slug with global scope',
    ['scaikey', 'register', '--scope', 'global', '--tenant-slug', 'acme', '--email', 'a@b.example'],
  ],
  ['register: bad --scaikey-url', [...REGISTER, '--scaikey-url', 'ftp://scaikey.example']],
  ['status: a status token on the command line', ['scaikey', 'status', '--request-id', 'reg_x', '--status-token', 'rst_secret']],
  ['status: --request-id without --status-token', ['scaikey', 'status', '--request-id', 'reg_x']],
  ['sync: both --partner-id and --tenant-id', ['scaikey', 'sync', '--partner-id', 'ptn_a', '--tenant-id', 'tnt_b']],
  ['sync: bad --tenant-id', ['scaikey', 'sync', '--tenant-id', 'a/b']],
  ['sync-status: --page 0', ['scaikey', 'sync-status', '--history', '--page', '0']],
  ['sync-status: --page-size 501', ['scaikey', 'sync-status', '--history', '--page-size', '501']],
];

describe('bad input is exit 5 with one line on stderr, and nothing is sent', () => {
  for (const [name, argv] of rejected) {
    test(name, async () => assertBadInput(await runOffline(argv, { distribution })));
  }

  test('a status token on the command line is refused without being repeated', async () => {
    const result = await runOffline(['scaikey', 'status', '--request-id', 'reg_x', '--status-token', 'rst_secret'], { distribution });
    assert.doesNotMatch(result.stderr, /rst_secret/);
  });
});

describe('register keeps the status token in a 0600 file and refuses a second registration', () => {
  const submitted = { request_id: 'reg_abc', status_token: 'rst_example-status-token', status: 'PENDING' };
  const exchanges = () => [
    { request: { method: 'POST', path: '/api/v1/public/register/applications' }, response: jsonReply(201, submitted) },
  ];

  test('the file is written 0600, the token never printed, and a second register needs --force', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sv-scaikey-'));
    try {
      const env = { SCAIVAULT_HOME: home, SCAIVAULT_SCAIKEY_URL: 'http://scaivault.test' };
      const first = await runOffline(REGISTER, { distribution, env, exchanges: exchanges() });
      assert.equal(first.exitCode, 0, first.stderr);
      assert.doesNotMatch(first.stdout + first.stderr, /rst_/);
      const file = join(home, 'scaikey-registration.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const second = await runOffline(REGISTER, { distribution, env });
      assertBadInput(second, /already waiting: reg_abc/);
      const forced = await runOffline([...REGISTER, '--force'], { distribution, env, exchanges: exchanges() });
      assert.equal(forced.exitCode, 0, forced.stderr);
      writeFileSync(file, 'not json', { mode: 0o600 });
      assertBadInput(await runOffline(['scaikey', 'status'], { distribution, env }), /not a registration file/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
