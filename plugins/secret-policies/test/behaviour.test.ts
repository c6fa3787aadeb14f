import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Prompt } from '@scaivault/core';
import { jsonReply, runOffline, singlePluginDistribution, type OfflineRunOptions } from '@scaivault/core/testing';

const distribution = singlePluginDistribution(
  '@scaivault/plugin-secret-policies',
  join(dirname(fileURLToPath(import.meta.url)), '..', '..'),
);
const run = (argv: string[], options: Omit<OfflineRunOptions, 'distribution'> = {}) => runOffline(argv, { distribution, ...options });

// What the recorded fixtures cannot show on their own: that values never leak without --show, and
// what a terminal confirmation does. Each test states exactly the requests it expects.

const PREVIEW = {
  policy_id: 'sp_deploy',
  data: {
    deploy_key: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n',
    deploy_key_public: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBcDGJZN deploy',
    password: 'Zq8wV2mN4xR7tY1uK3pL6sD9fG0hJ5bC',
  },
};
const generate = () => [{ request: { method: 'POST', path: '/v1/secret-policies/sp_deploy/generate' }, response: jsonReply(200, PREVIEW) }];
/** Whether any line of any generated value (PEM armour aside) shows up in `text`. */
const leaks = (text: string) =>
  Object.values(PREVIEW.data)
    .flatMap((value) => value.split('\n'))
    .some((line) => line !== '' && !line.startsWith('-----') && text.includes(line));

for (const extra of [[], ['--json']]) {
  test(`generate ${extra.join(' ')} without --show never prints a value`, async () => {
    const result = await run(['secret-policies', 'generate', 'sp_deploy', ...extra], { exchanges: generate() });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(leaks(result.stdout) || leaks(result.stderr), false, result.stdout);
    assert.ok(result.stdout.includes('deploy_key_public'));
    if (extra.length === 0) assert.match(result.stderr, /add --show to print them/);
    else
      assert.deepEqual(JSON.parse(result.stdout), {
        policy_id: 'sp_deploy',
        fields: Object.entries(PREVIEW.data).map(([name, value]) => ({ name, length: value.length })),
      });
    assert.ok(result.allUsed);
  });
}

test('generate --show --field prints one value raw, line breaks kept', async () => {
  const result = await run(['secret-policies', 'generate', 'sp_deploy', '--show', '--field', 'deploy_key'], { exchanges: generate() });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, PREVIEW.data.deploy_key);
  assert.equal(result.stderr, '');
});

test('generate --show --json prints the values beside the field summary', async () => {
  const result = await run(['secret-policies', 'generate', 'sp_deploy', '--show', '--json'], { exchanges: generate() });
  assert.equal(result.exitCode, 0, result.stderr);
  const printed = JSON.parse(result.stdout) as { policy_id: string; data: unknown; fields: unknown[] };
  assert.deepEqual(printed.data, PREVIEW.data);
  assert.equal(printed.fields.length, 3);
  assert.equal(result.stderr, '');
});

function answering(answer: boolean): Prompt & { asked: string[] } {
  const asked: string[] = [];
  return { asked, interactive: true, confirm: async (question) => (asked.push(question), answer), secret: async () => '' };
}

test('delete on a terminal asks first; "no" sends nothing', async () => {
  const prompt = answering(false);
  const result = await run(['secret-policies', 'delete', 'sp_deploy'], { prompt });
  assert.deepEqual(prompt.asked, ['Delete secret policy sp_deploy?']);
  assert.equal(result.exitCode, 1);
  assert.equal(result.stderr, 'Nothing deleted.\n');
  assert.ok(result.allUsed);
});

test('delete on a terminal asks first; "yes" deletes', async () => {
  const prompt = answering(true);
  const result = await run(['secret-policies', 'delete', 'sp_deploy'], {
    prompt,
    exchanges: [{ request: { method: 'DELETE', path: '/v1/secret-policies/sp_deploy' }, response: jsonReply(204) }],
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, 'Deleted secret policy sp_deploy\n');
  assert.ok(result.allUsed);
});

test('create sends the checked fields as given, with the type and flags', async () => {
  const fields = [
    { name: 'password', generator: 'bcrypt_hash', config: { length: 24, rounds: 12 } },
    { name: 'user', generator: 'static', config: { value: 'app' } },
  ];
  const body = { name: 'App Login', policy_type: 'password', fields, description: 'app login', is_active: false };
  const result = await run(
    [
      'secret-policies',
      'create',
      '--name',
      'App Login',
      '--type',
      'password',
      '--description',
      'app login',
      '--inactive',
      '--fields-file',
      '-',
    ],
    {
      stdin: JSON.stringify(fields),
      exchanges: [
        { request: { method: 'POST', path: '/v1/secret-policies', body }, response: jsonReply(201, { id: 'sp_app_login', ...body }) },
      ],
    },
  );
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^Created secret policy sp_app_login \(App Login\)/);
  assert.ok(result.allUsed);
});
