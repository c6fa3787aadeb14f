import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { assertBadInput, jsonReply, runOffline } from '@scaivault/core/testing';

// The bare CLI, no plugins: its core commands are enough to exercise the helpers.
const distribution = {
  dir: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'cli'),
  name: 'scaivault',
  version: '0.1.0',
  plugins: [],
};
const whoami = {
  request: { method: 'GET', path: '/v1/auth/whoami' },
  response: jsonReply(200, { identity_id: 'user:ada', identity_type: 'user' }),
};

test('runOffline answers the exchanges it is given and says they were all used', async () => {
  const result = await runOffline(['auth', 'whoami', '--field', 'identity_id'], { distribution, exchanges: [whoami] });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, 'user:ada');
  assert.equal(result.allUsed, true);
});

test('runOffline reports an exchange nobody requested', async () => {
  const result = await runOffline(['config', 'path'], { distribution, exchanges: [whoami] });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.allUsed, false);
});

test('with no exchanges a request fails the run instead of reaching a network', async () => {
  const result = await runOffline(['auth', 'whoami'], { distribution });
  assert.notEqual(result.exitCode, 0);
  assert.equal(result.stdout, '');
});

test("jsonReply is a JSON response with the server's content type, and no body when none is given", () => {
  assert.deepEqual(jsonReply(201, { id: 'x' }), {
    status: 201,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: { id: 'x' },
  });
  assert.deepEqual(jsonReply(204), { status: 204, headers: { 'content-type': 'application/json; charset=utf-8' } });
});

test('assertBadInput accepts exit 5 with one error line, and refuses anything else', async () => {
  const result = await runOffline(['config', 'get', 'nope'], { distribution });
  assertBadInput(result, /nope/);
  assert.throws(() => assertBadInput(result, /something else/));
  assert.throws(() => assertBadInput({ ...result, exitCode: 1 }));
  assert.throws(() => assertBadInput({ ...result, stdout: 'x' }));
  assert.throws(() => assertBadInput({ ...result, stderr: `${result.stderr}second line\n` }));
});
