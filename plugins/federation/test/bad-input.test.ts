import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { assertBadInput, jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-federation', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

const create = (...flags: string[]) => [
  'federation',
  'create',
  '--name',
  'legacy',
  '--type',
  'scaivault',
  '--map',
  'external/legacy/**=app/**',
  ...flags,
];

const rejected: Array<[string, string[]]> = [
  ['list: --limit 0', ['federation', 'list', '--limit', '0']],
  ['list: --all with --cursor', ['federation', 'list', '--all', '--cursor', 'abc']],
  ['list: extra argument', ['federation', 'list', 'x']],
  ['get: missing id', ['federation', 'get']],
  ['get: id with a slash', ['federation', 'get', 'fed/x']],
  ['status: missing id', ['federation', 'status']],
  ['status: id with a space', ['federation', 'status', 'fed x']],
  ['sync: missing id', ['federation', 'sync']],
  ['sync: unknown flag', ['federation', 'sync', 'fed_abc', '--wait-forever']],
  ['conflicts: missing id', ['federation', 'conflicts']],
  ['conflicts: --limit 5000', ['federation', 'conflicts', 'fed_abc', '--limit', '5000']],
  ['delete: without --yes, not on a terminal', ['federation', 'delete', 'fed_abc']],
  ['create: no --name', ['federation', 'create', '--type', 'scaivault', '--map', 'a/**=b/**']],
  ['create: no --type', ['federation', 'create', '--name', 'x', '--map', 'a/**=b/**']],
  ['create: unknown --type', ['federation', 'create', '--name', 'x', '--type', 'etcd', '--map', 'a/**=b/**']],
  ['create: no --map', ['federation', 'create', '--name', 'x', '--type', 'scaivault']],
  ['create: --map without =', create('--map', 'external/x/**')],
  ['create: --map with an empty template', create('--map', 'external/x/**=')],
  ['create: unknown --mode', create('--mode', 'mirror')],
  ['create: sync without --sync-interval', create('--mode', 'sync')],
  ['create: --sync-interval 15', create('--mode', 'sync', '--sync-interval', '15')],
  ['create: --write-through with proxy', create('--write-through')],
  ['create: --region on a scaivault backend', create('--region', 'us-east-1')],
  ['create: a bad --credentials-path', create('--credentials-path', '/infra/x/')],
  ['create: --file with flags', ['federation', 'create', '--file', 'backend.json', '--name', 'x']],
  ['create: --file that does not exist', ['federation', 'create', '--file', '/nonexistent/backend.json']],
];

describe('bad input is exit 5 with one line on stderr, and nothing is sent', () => {
  for (const [name, argv] of rejected) {
    test(name, async () => assertBadInput(await runOffline(argv, { distribution })));
  }

  test('--file with something other than a JSON object', async () => {
    assertBadInput(await runOffline(['federation', 'create', '--file', '-'], { distribution, stdin: '[1, 2]' }));
    assertBadInput(await runOffline(['federation', 'create', '--file', '-'], { distribution, stdin: '{"name": ' }));
  });

  test('the error names the flag that does not fit the type', async () => {
    const result = await runOffline(create('--auth-method', 'approle'), { distribution });
    assert.match(result.stderr, /--auth-method do not apply to --type scaivault/);
  });
});

describe('sync waits until the sync has finished', () => {
  test('polls status until the latest sync is no longer running, then prints the counts', async () => {
    const running = { sync_id: 'sync_abc', backend_id: 'fed_abc', status: 'running', secrets_synced: 0, conflicts: 0 };
    const status = (sync: Record<string, unknown>) => ({ id: 'fed_abc', name: 'origin', mode: 'sync', status: 'healthy', sync });
    const exchanges = [
      { request: { method: 'POST', path: '/v1/federation/backends/fed_abc/sync' }, response: jsonReply(202, running) },
      {
        request: { method: 'GET', path: '/v1/federation/backends/fed_abc/status' },
        response: jsonReply(200, status({ ...running, secrets_synced: 3 })),
      },
      {
        request: { method: 'GET', path: '/v1/federation/backends/fed_abc/status' },
        response: jsonReply(200, status({ ...running, status: 'completed', secrets_synced: 7, conflicts: 0 })),
      },
    ];
    // A clock whose sleeps pass at once: the polls follow each other without waiting.
    let now = Date.UTC(2026, 0, 1);
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    const result = await runOffline(['federation', 'sync', 'fed_abc'], { distribution, exchanges, clock });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /Synced 7 secret\(s\) from backend fed_abc; 0 conflict\(s\)/);
  });
});
