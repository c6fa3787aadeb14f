import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Prompt } from '@scaivault/core';
import { jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-secrets', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const P = 'app/db/credentials';

function terminal(answer: string): Prompt & { asked: string[] } {
  const asked: string[] = [];
  return { asked, interactive: true, confirm: async () => false, secret: async (question) => (asked.push(question), answer) };
}

const written = (data: Record<string, unknown>) => ({
  request: { method: 'PUT', path: `/v1/secrets/${P}`, body: { data, secret_type: 'kv' } },
  response: jsonReply(200, { path: P, version: 1 }),
});

test('key=- on a terminal asks for the value without echo, named by its key, and never reads stdin', async () => {
  const prompt = terminal('typed-pw');
  const result = await runOffline(['secrets', 'write', P, 'username=admin', 'password=-'], {
    distribution,
    prompt,
    stdin: 'not-this',
    exchanges: [written({ username: 'admin', password: 'typed-pw' })],
  });
  assert.deepEqual([result.exitCode, result.stdout, result.stderr, result.allUsed], [0, `Wrote version 1 of ${P}\n`, '', true]);
  assert.deepEqual(prompt.asked, ['password: ']);
});

test('key=- on a terminal with nothing typed is exit 5 and nothing is written', async () => {
  const result = await runOffline(['secrets', 'write', P, 'password=-'], { distribution, prompt: terminal('') });
  assert.deepEqual([result.exitCode, result.stdout, result.stderr], [5, '', 'error: no value typed for password=-\n']);
});

test('key=- off a terminal reads stdin, dropping one final newline', async () => {
  const prompt = { ...terminal('unused'), interactive: false };
  const result = await runOffline(['secrets', 'write', P, 'password=-'], {
    distribution,
    prompt,
    stdin: 'piped-pw\n',
    exchanges: [written({ password: 'piped-pw' })],
  });
  assert.deepEqual([result.exitCode, result.allUsed, prompt.asked], [0, true, []]);
});

test('key=@@x writes the literal value @x', async () => {
  const result = await runOffline(['secrets', 'write', P, 'handle=@@scaivault'], {
    distribution,
    exchanges: [written({ handle: '@scaivault' })],
  });
  assert.deepEqual([result.exitCode, result.allUsed], [0, true]);
});

test('rotate without permission to read the metadata lets the server decide, and maps its refusal to exit 5', async () => {
  const result = await runOffline(['secrets', 'rotate', P], {
    distribution,
    exchanges: [
      {
        request: { method: 'GET', path: `/v1/secrets/${P}/metadata` },
        response: jsonReply(403, { error: { code: 'access_denied', message: 'No policy permits list' } }),
      },
      {
        request: { method: 'POST', path: `/v1/secrets/${P}/rotate` },
        response: jsonReply(400, { error: { code: 'generator_required', message: 'no secret policy', details: { path: P } } }),
      },
    ],
  });
  assert.deepEqual([result.exitCode, result.stdout, result.allUsed], [5, '', true]);
  assert.match(
    result.stderr,
    /^error: app\/db\/credentials has no secret policy to generate its new value: nothing was rotated — attach one/,
  );
});

test('rotate --random asks the server for random values without reading the metadata first', async () => {
  const result = await runOffline(['secrets', 'rotate', P, '--random', '--json'], {
    distribution,
    exchanges: [
      {
        request: { method: 'POST', path: `/v1/secrets/${P}/rotate`, body: { random: true } },
        response: jsonReply(200, { path: P, old_version: 1, new_version: 2, auto_generated: true }),
      },
    ],
  });
  assert.deepEqual(
    [result.exitCode, JSON.parse(result.stdout), result.allUsed],
    [0, { path: P, old_version: 1, new_version: 2, auto_generated: true }, true],
  );
});
