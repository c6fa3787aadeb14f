import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { FIXTURE_ORIGIN, replayAgent, runCli, singlePluginDistribution, type Fixture } from '@scaivault/core/testing';

const here = dirname(fileURLToPath(import.meta.url));
const distribution = singlePluginDistribution('@scaivault/plugin-rotation', join(here, '..', '..'));
const home = mkdtempSync(join(tmpdir(), 'sv-rotation-trigger-'));
after(() => rmSync(home, { recursive: true, force: true }));

function run(item: Record<string, unknown>, argv: string[], body?: unknown) {
  const request = { method: 'POST', path: '/v1/rotation/policies/rot_db/rotate', ...(body === undefined ? {} : { body }) };
  const fixture = { exchanges: [{ request, response: { status: 200, headers: { 'content-type': 'application/json' }, body: [item] } }] } as unknown as Fixture;
  return replayAgent(fixture).then(async ({ agent, assertAllUsed }) => {
    const result = await runCli(argv, { distribution, env: { SCAIVAULT_HOME: home, SCAIVAULT_URL: FIXTURE_ORIGIN, SCAIVAULT_TOKEN: 'x' }, dispatcher: agent });
    assertAllUsed();
    await agent.close();
    return result;
  });
}

const failed = {
  id: 'rh_1',
  policy_id: 'rot_db',
  secret_path: 'app/db/credentials',
  status: 'failed',
  old_version: 3,
  new_version: null,
  triggered_by: 'user:alice',
  error: 'secret_policy_not_found: Secret policy sp_gone not found',
  started_at: '2026-04-23T14:00:00Z',
  completed_at: '2026-04-23T14:00:01Z',
};

test('a failed rotation is printed and the exit code is 1', async () => {
  const result = await run(failed, ['rotation', 'trigger', 'rot_db']);
  assert.equal(result.exitCode, 1);
  assert.match(result.stdout, /app\/db\/credentials\s+failed\s+3 → …/);
  assert.match(result.stdout, /secret_policy_not_found/);
  assert.match(result.stderr, /^error: 1 of 1 rotations failed/);
});

test('--json still prints the result before exiting 1', async () => {
  const result = await run(failed, ['rotation', 'trigger', 'rot_db', '--secret', 'app/db/credentials', '--json'], { secret_paths: ['app/db/credentials'] });
  assert.equal(result.exitCode, 1);
  assert.deepEqual(JSON.parse(result.stdout), { data: [failed], policy_id: 'rot_db' });
});

test('without a terminal no progress reaches stderr', async () => {
  const result = await run({ ...failed, status: 'success', new_version: 4, error: null }, ['rotation', 'trigger', 'rot_db']);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stderr, '');
});
