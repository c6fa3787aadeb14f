import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-rotation', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

async function run(item: Record<string, unknown>, argv: string[], body?: unknown) {
  const request = { method: 'POST', path: '/v1/rotation/policies/rot_db/rotate', ...(body === undefined ? {} : { body }) };
  const result = await runOffline(argv, { distribution, exchanges: [{ request, response: jsonReply(200, [item]) }] });
  assert.ok(result.allUsed, 'the rotation is triggered');
  return result;
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
  const result = await run(failed, ['rotation', 'trigger', 'rot_db', '--secret', 'app/db/credentials', '--json'], {
    secret_paths: ['app/db/credentials'],
  });
  assert.equal(result.exitCode, 1);
  assert.deepEqual(JSON.parse(result.stdout), { data: [failed], policy_id: 'rot_db' });
});

test('without a terminal no progress reaches stderr', async () => {
  const result = await run({ ...failed, status: 'success', new_version: 4, error: null }, ['rotation', 'trigger', 'rot_db']);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stderr, '');
});
