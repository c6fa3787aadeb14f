import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { Prompt } from '@scaivault/core';
import { assertBadInput, jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-rotation', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

const rejected: Array<[string, string[]]> = [
  // list
  ['list: extra argument', ['rotation', 'list', 'rot_x']],
  ['list: --limit 0', ['rotation', 'list', '--limit', '0']],
  ['list: --limit not a number', ['rotation', 'list', '--limit', 'ten']],
  ['list: --all with --cursor', ['rotation', 'list', '--all', '--cursor', 'abc']],
  // get
  ['get: missing id', ['rotation', 'get']],
  ['get: extra argument', ['rotation', 'get', 'rot_a', 'rot_b']],
  ['get: id with a slash', ['rotation', 'get', 'rot/a']],
  // create
  ['create: no --name', ['rotation', 'create', '--interval', '90d']],
  ['create: no --interval', ['rotation', 'create', '--name', 'quarterly']],
  ['create: --interval 30x', ['rotation', 'create', '--name', 'q', '--interval', '30x']],
  ['create: --interval under a minute', ['rotation', 'create', '--name', 'q', '--interval', '30s']],
  ['create: --grace-period 30x', ['rotation', 'create', '--name', 'q', '--interval', '90d', '--grace-period', '30x']],
  ['create: --warn-before with a bad item', ['rotation', 'create', '--name', 'q', '--interval', '90d', '--warn-before', '7d,30x']],
  ['create: --warn-before with an empty item', ['rotation', 'create', '--name', 'q', '--interval', '90d', '--warn-before', '7d,,1d']],
  ['create: empty --name', ['rotation', 'create', '--name', ' ', '--interval', '90d']],
  ['create: bad --secret-policy', ['rotation', 'create', '--name', 'q', '--interval', '90d', '--auto-generate', '--secret-policy', 'sp x']],
  ['create: bad --webhook', ['rotation', 'create', '--name', 'q', '--interval', '90d', '--webhook', 'wh_a,']],
  ['create: same --webhook twice', ['rotation', 'create', '--name', 'q', '--interval', '90d', '--webhook', 'wh_a', '--webhook', 'wh_a']],
  ['create: positional argument', ['rotation', 'create', 'quarterly', '--interval', '90d']],
  // update
  ['update: nothing to change', ['rotation', 'update', 'rot_quarterly']],
  ['update: missing id', ['rotation', 'update', '--interval', '30d']],
  ['update: --interval 30x', ['rotation', 'update', 'rot_quarterly', '--interval', '30x']],
  ['update: --webhook with --no-webhooks', ['rotation', 'update', 'rot_quarterly', '--webhook', 'wh_a', '--no-webhooks']],
  // delete
  ['delete: missing id', ['rotation', 'delete']],
  ['delete: without --yes, not on a terminal', ['rotation', 'delete', 'rot_quarterly']],
  ['delete: bad id', ['rotation', 'delete', '', '--yes']],
  // enable / disable
  ['enable: missing id', ['rotation', 'enable']],
  ['disable: extra argument', ['rotation', 'disable', 'rot_a', 'extra']],
  ['disable: bad id', ['rotation', 'disable', 'rot a']],
  // assign / unassign
  ['assign: missing path', ['rotation', 'assign', 'rot_quarterly']],
  ['assign: uppercase path', ['rotation', 'assign', 'rot_quarterly', 'App/DB']],
  ['assign: path with a leading slash', ['rotation', 'assign', 'rot_quarterly', '/app/db']],
  ['assign: glob instead of a path', ['rotation', 'assign', 'rot_quarterly', 'environments/production/**']],
  ['assign: extra argument', ['rotation', 'assign', 'rot_quarterly', 'app/a', 'app/b']],
  ['unassign: missing path', ['rotation', 'unassign', 'rot_quarterly']],
  ['unassign: path with an empty segment', ['rotation', 'unassign', 'rot_quarterly', 'app//db']],
  // trigger
  ['trigger: missing id', ['rotation', 'trigger']],
  ['trigger: bad --secret', ['rotation', 'trigger', 'rot_quarterly', '--secret', 'app/db/']],
  ['trigger: same --secret twice', ['rotation', 'trigger', 'rot_quarterly', '--secret', 'app/db', '--secret', 'app/db']],
  ['trigger: --timeout 30x', ['rotation', 'trigger', 'rot_quarterly', '--timeout', '30x']],
  // history
  ['history: missing id', ['rotation', 'history']],
  ['history: unknown --status', ['rotation', 'history', 'rot_quarterly', '--status', 'broken']],
  ['history: --limit too large', ['rotation', 'history', 'rot_quarterly', '--limit', '1001']],
  ['history: --all with --cursor', ['rotation', 'history', 'rot_quarterly', '--all', '--cursor', 'abc']],
  // due
  ['due: --within-hours not a number', ['rotation', 'due', '--within-hours', '7d']],
  ['due: --within-hours negative', ['rotation', 'due', '--within-hours', '-1']],
  ['due: --within-hours too large', ['rotation', 'due', '--within-hours', '87601']],
  ['due: bad --policy', ['rotation', 'due', '--policy', 'rot/x']],
  ['due: extra argument', ['rotation', 'due', '168']],
];

describe('bad input is exit 5 with one line on stderr, and nothing is sent', () => {
  for (const [name, argv] of rejected) {
    test(name, async () => assertBadInput(await runOffline(argv, { distribution })));
  }

  test('the error names the bad duration', async () => {
    const result = await runOffline(['rotation', 'create', '--name', 'q', '--interval', '30x'], { distribution });
    assert.match(result.stderr, /--interval: "30x"/);
  });

  test('--json errors are one JSON line on stderr', async () => {
    const result = await runOffline(['rotation', 'history', 'rot_quarterly', '--status', 'broken', '--json'], { distribution });
    assert.equal(result.exitCode, 5);
    assert.deepEqual(Object.keys(JSON.parse(result.stderr) as object), ['error']);
  });
});

describe('delete asks first on a terminal', () => {
  test('declining deletes nothing and exits 1', async () => {
    const questions: string[] = [];
    const prompt: Prompt = {
      interactive: true,
      confirm: async (question) => {
        questions.push(question);
        return false;
      },
      secret: async () => '',
    };
    const result = await runOffline(['rotation', 'delete', 'rot_quarterly'], { distribution, prompt });
    assert.equal(result.exitCode, 1);
    assert.match(questions[0] ?? '', /rot_quarterly/);
    assert.match(result.stderr, /Nothing deleted/);
  });

  test('accepting sends the delete', async () => {
    const prompt: Prompt = { interactive: true, confirm: async () => true, secret: async () => '' };
    const result = await runOffline(['rotation', 'delete', 'rot_quarterly'], {
      distribution,
      prompt,
      exchanges: [{ request: { method: 'DELETE', path: '/v1/rotation/policies/rot_quarterly' }, response: jsonReply(204) }],
    });
    assert.ok(result.allUsed, 'the delete is sent');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /Deleted rotation policy rot_quarterly/);
  });
});
