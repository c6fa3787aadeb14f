// A webhook subscription created without --webhook-secret-file gets a random signing secret,
// sent to the server and shown once: the one branch a recording cannot replay (the value differs every run).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURE_ORIGIN, runCli, singlePluginDistribution } from '@scaivault/core/testing';
import { MockAgent } from '@scaivault/core/undici';

const here = dirname(fileURLToPath(import.meta.url));
const distribution = singlePluginDistribution('@scaivault/plugin-subscriptions', join(here, '..', '..'));
const home = mkdtempSync(join(tmpdir(), 'sv-sub-create-'));
after(() => rmSync(home, { recursive: true, force: true }));

async function create(extra: string[]): Promise<{ exitCode: number; stdout: string; stderr: string; sent: string | undefined }> {
  const agent = new MockAgent();
  agent.disableNetConnect();
  let sent: string | undefined;
  agent
    .get(FIXTURE_ORIGIN)
    .intercept({ method: 'POST', path: '/v1/subscriptions' })
    .reply((request) => {
      const body = JSON.parse(String(request.body)) as {
        name: string;
        paths: string[];
        events: string[];
        delivery: { type: string; url: string; secret: string };
      };
      sent = body.delivery.secret;
      const { secret: _secret, ...delivery } = body.delivery;
      const created = {
        id: 'sub_0000000000000001',
        name: body.name,
        paths: body.paths,
        events: body.events,
        delivery,
        filters: {},
        status: 'active',
        identity_id: 'user:root',
        created_at: '2026-01-01T00:00:00.000Z',
      };
      return { statusCode: 201, data: JSON.stringify(created), responseOptions: { headers: { 'content-type': 'application/json' } } };
    });
  try {
    const result = await runCli(
      [
        'subscriptions',
        'create',
        '--name',
        'Slack rotation alerts',
        '--paths',
        'environments/production/**',
        '--events',
        'secret.rotated,rotation.due',
        '--webhook',
        'https://hooks.example/xxx',
        ...extra,
      ],
      { distribution, env: { SCAIVAULT_HOME: home, SCAIVAULT_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: 'fixture-token' }, dispatcher: agent },
    );
    agent.assertNoPendingInterceptors();
    return { ...result, sent };
  } finally {
    await agent.close();
  }
}

test('without --webhook-secret-file a 256-bit secret is generated, sent, and shown once with a warning', async () => {
  const result = await create([]);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.sent ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.match(result.stdout, new RegExp(`^Signing secret  ${result.sent}$`, 'm'));
  assert.match(result.stderr, /warning: the signing secret is shown only this once/);
});

test('--json carries the generated secret as signing_secret, and two runs never share one', async () => {
  const first = await create(['--json']);
  const second = await create(['--field', 'signing_secret']);
  assert.equal((JSON.parse(first.stdout) as { signing_secret: string }).signing_secret, first.sent);
  assert.equal(second.stdout, second.sent);
  assert.notEqual(first.sent, second.sent);
  assert.equal(first.stderr, '');
});
