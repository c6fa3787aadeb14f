import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Prompt } from '@scaivault/core';
import { FakeClock, jsonReply, runOffline, singlePluginDistribution, type OfflineRunOptions } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-policies', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const run = (argv: string[], options: Omit<OfflineRunOptions, 'distribution'> = {}) => runOffline(argv, { distribution, ...options });

// Behaviour the recorded fixtures cannot pin down (cursors over random ids, a clock, a terminal):
// each test states exactly the requests it expects.

const policy = (id: string, name: string) => ({
  id,
  name,
  rule_count: 1,
  binding_count: 0,
  is_active: true,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});
const binding = (id: string, identity: string, type = 'group') => ({
  id,
  policy_id: 'pol_a',
  identity_type: type,
  identity_id: identity,
  expires_at: null,
  created_at: '2026-01-01T00:00:00Z',
});

test('list --all follows the cursor to the last page and prints every policy', async () => {
  const result = await run(['policies', 'list', '--limit', '2', '--all', '--json'], {
    exchanges: [
      {
        request: { method: 'GET', path: '/v1/policies', query: { limit: '2' } },
        response: jsonReply(200, { policies: [policy('pol_a', 'alpha'), policy('pol_b', 'beta')], cursor: 'c1', has_more: true }),
      },
      {
        request: { method: 'GET', path: '/v1/policies', query: { limit: '2', cursor: 'c1' } },
        response: jsonReply(200, { policies: [policy('pol_c', 'gamma')], cursor: null, has_more: false }),
      },
    ],
  });
  assert.equal(result.exitCode, 0, result.stderr);
  const printed = JSON.parse(result.stdout) as { policies: Array<{ name: string }>; cursor: unknown; has_more: unknown };
  assert.deepEqual(
    printed.policies.map((p) => p.name),
    ['alpha', 'beta', 'gamma'],
  );
  assert.equal(printed.cursor, null);
  assert.equal(printed.has_more, false);
  assert.ok(result.allUsed);
});

test('list with more pages says how to continue; --cursor and the filters reach the server', async () => {
  const result = await run(['policies', 'list', '--limit', '1', '--cursor', 'c0', '--scope', 'partner', '--include-inactive'], {
    exchanges: [
      {
        request: { method: 'GET', path: '/v1/policies', query: { limit: '1', cursor: 'c0', scope: 'partner', include_inactive: 'true' } },
        response: jsonReply(200, { policies: [policy('pol_b', 'beta')], cursor: 'c1', has_more: true }),
      },
    ],
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^ID +NAME +RULES/);
  assert.match(result.stdout, /pol_b +beta/);
  assert.equal(result.stderr, 'more policies: --cursor c1 (or --all)\n');
  assert.ok(result.allUsed);
});

test('bind --expires-in sends the expiry counted from now', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const expected = { identity_type: 'service_account', identity_id: 'sa:ci', expires_at: '2026-01-31T00:00:00.000Z' };
  const result = await run(['policies', 'bind', 'pol_a', '--identity-id', 'sa:ci', '--expires-in', '30d'], {
    clock,
    exchanges: [
      {
        request: { method: 'POST', path: '/v1/policies/pol_a/bindings', body: expected },
        response: jsonReply(201, { ...binding('bnd_1', 'sa:ci', 'service_account'), expires_at: expected.expires_at }),
      },
    ],
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, 'Bound pol_a to sa:ci until 2026-01-31T00:00:00.000Z (binding bnd_1)\n');
  assert.ok(result.allUsed);
});

function answering(answer: boolean): Prompt & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    interactive: true,
    confirm: async (question) => {
      asked.push(question);
      return answer;
    },
    secret: async () => '',
  };
}

test('delete on a terminal asks first; "no" sends nothing', async () => {
  const prompt = answering(false);
  const result = await run(['policies', 'delete', 'pol_a', '--with-bindings'], { prompt });
  assert.deepEqual(prompt.asked, ['Delete policy pol_a and all its bindings?']);
  assert.equal(result.exitCode, 1);
  assert.equal(result.stderr, 'Nothing deleted.\n');
  assert.ok(result.allUsed);
});

test('delete on a terminal asks first; "yes" deletes', async () => {
  const prompt = answering(true);
  const result = await run(['policies', 'delete', 'pol_a'], {
    prompt,
    exchanges: [{ request: { method: 'DELETE', path: '/v1/policies/pol_a' }, response: jsonReply(204) }],
  });
  assert.deepEqual(prompt.asked, ['Delete policy pol_a?']);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, 'Deleted policy pol_a\n');
  assert.ok(result.allUsed);
});

test('unbind --identity-id removes every binding of that identity and no other', async () => {
  const result = await run(['policies', 'unbind', 'pol_a', '--identity-id', 'group:sre', '--json'], {
    exchanges: [
      {
        request: { method: 'GET', path: '/v1/policies/pol_a/bindings' },
        response: jsonReply(200, {
          bindings: [binding('bnd_1', 'group:sre'), binding('bnd_2', 'group:developers'), binding('bnd_3', 'group:sre')],
        }),
      },
      { request: { method: 'DELETE', path: '/v1/policies/pol_a/bindings/bnd_1' }, response: jsonReply(204) },
      { request: { method: 'DELETE', path: '/v1/policies/pol_a/bindings/bnd_3' }, response: jsonReply(204) },
    ],
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { policy_id: 'pol_a', removed_binding_ids: ['bnd_1', 'bnd_3'] });
  assert.ok(result.allUsed);
});

test('test sends the evaluation context and exits 0 on a denial', async () => {
  const body = {
    identity_id: 'group:developers',
    path: 'app/db',
    permission: 'read',
    context: { source_ip: '2001:db8::1', mfa_verified: true, timestamp: '2026-03-01T20:00:00Z' },
  };
  const decision = {
    allowed: false,
    reason: 'condition_failed',
    code: 'time_window_violation',
    message: "rule 0 of policy 'office-hours' matched but its time_window condition does not hold",
    matched_policy_id: 'pol_a',
    matched_policy_name: 'office-hours',
    matched_rule: {
      index: 0,
      path_pattern: 'app/**',
      permissions: ['read'],
      conditions: { time_window: { start: '09:00', end: '17:00' } },
    },
    failed_condition: 'time_window',
  };
  const result = await run(
    [
      'policies',
      'test',
      'app/db',
      'read',
      '--identity',
      'group:developers',
      '--source-ip',
      '2001:db8::1',
      '--mfa',
      '--at',
      '2026-03-01T20:00:00Z',
    ],
    {
      exchanges: [{ request: { method: 'POST', path: '/v1/policies/test', body }, response: jsonReply(200, decision) }],
    },
  );
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^Decision +denied$/m);
  assert.match(result.stdout, /^Rule +#0 app\/\*\* → read \(time_window \{"start":"09:00","end":"17:00"\}\)$/m);
  assert.match(result.stdout, /^Failed condition +time_window$/m);
  assert.ok(result.allUsed);
});

test('create: flags override the name and description of a whole-body rules file', async () => {
  const rules = [{ path_pattern: 'app/**', permissions: ['read'] }];
  const sent = { name: 'from-flag', description: 'flag text', scope: 'partner', rules };
  const result = await run(['policies', 'create', '--name', 'from-flag', '--description', 'flag text', '--rules-file', '-'], {
    stdin: JSON.stringify({ name: 'from-file', description: 'file text', scope: 'partner', rules }),
    exchanges: [
      {
        request: { method: 'POST', path: '/v1/policies', body: sent },
        response: jsonReply(201, { ...policy('pol_n', 'from-flag'), rules, bindings: [] }),
      },
    ],
  });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^Created policy pol_n \(from-flag\) with 1 rule;/);
  assert.ok(result.allUsed);
});
