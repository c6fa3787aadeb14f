import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';
import { PoliciesUnbindCommand } from '../src/commands/policies-unbind.js';

const distribution = singlePluginDistribution('@scaivault/plugin-policies', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
// The ids the server hands out, and so the ids `policies list` and `policies bindings` show: a prefix and 16 Crockford base32 characters.
const POLICY_ID = /^pol_[0-9a-hjkmnp-tv-z]{16}$/;
const BINDING_ID = /^bnd_[0-9a-hjkmnp-tv-z]{16}$/;
const ID = 'pol_2m4q6s8v0x1z3b5d';
const POLICY = {
  id: ID,
  name: 'Production Read',
  rules: [{ path_pattern: 'environments/production/**', permissions: ['read'] }],
  bindings: [],
};

test('create suggests a complete bind command, and that command runs as printed', async () => {
  const created = await runOffline(
    ['policies', 'create', '--name', 'Production Read', '--path', 'environments/production/**', '--permissions', 'read'],
    {
      distribution,
      exchanges: [{ request: { method: 'POST', path: '/v1/policies' }, response: jsonReply(201, POLICY) }],
    },
  );
  assert.equal(created.exitCode, 0, created.stderr);
  const suggested = /bind it with `scaivault (policies bind [^`]+)`/.exec(created.stdout)?.[1];
  assert.equal(suggested, `policies bind ${ID} --identity-type group --identity-id group:developers`);

  const binding = {
    id: 'bnd_7h9k1m3p5r7t9v1x',
    policy_id: ID,
    identity_type: 'group',
    identity_id: 'group:developers',
    expires_at: null,
    created_at: '2026-01-01T00:00:00Z',
  };
  const bound = await runOffline(suggested!.split(' '), {
    distribution,
    exchanges: [
      {
        request: { method: 'POST', path: `/v1/policies/${ID}/bindings`, body: { identity_type: 'group', identity_id: 'group:developers' } },
        response: jsonReply(201, binding),
      },
    ],
  });
  assert.deepEqual([bound.exitCode, bound.stderr, bound.allUsed], [0, '', true]);
});

test("unbind's examples use ids shaped like the ones the lists show, and each example parses", async () => {
  const examples = PoliciesUnbindCommand.usage!.examples!.map(([, command]) => command.split(' ').slice(1));
  for (const argv of examples) {
    for (const word of argv) {
      if (word.startsWith('pol_')) assert.match(word, POLICY_ID, word);
      if (word.startsWith('bnd_')) assert.match(word, BINDING_ID, word);
    }
  }
  const byId = examples.find((argv) => argv[1] === 'unbind' && argv.some((word) => word.startsWith('bnd_')))!;
  const [policyId, bindingId] = [byId[2]!, byId[3]!];
  const result = await runOffline(byId, {
    distribution,
    exchanges: [
      { request: { method: 'DELETE', path: `/v1/policies/${policyId}/bindings/${bindingId}` }, response: { status: 204, headers: {} } },
    ],
  });
  assert.deepEqual([result.exitCode, result.stdout, result.allUsed], [0, `Removed binding ${bindingId} from ${policyId}\n`, true]);
});

test('unbind with neither a binding id nor --identity-id points at the list of binding ids', async () => {
  const result = await runOffline(['policies', 'unbind', ID], { distribution });
  assert.equal(
    result.stderr,
    `error: give either a binding id or --identity-id — see the binding ids with \`scaivault policies bindings ${ID}\`\n`,
  );
});
