import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { assertBadInput, jsonReply, runOffline, singlePluginDistribution } from '@scaivault/core/testing';

const distribution = singlePluginDistribution('@scaivault/plugin-api', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));

const rejected: Array<[string, string[], RegExp]> = [
  ['unknown method', ['api', 'FETCH', '/v1/secrets'], /unknown method "FETCH"/],
  ['an absolute URL, which would send the token elsewhere', ['api', 'GET', 'https://elsewhere.example/v1/secrets'], /is not an API path/],
  ['a protocol-relative URL', ['api', 'GET', '//elsewhere.example/v1/secrets'], /is not an API path/],
  ['a field without =', ['api', 'POST', '/v1/x', '-f', 'novalue'], /-f "novalue": expected key=value/],
  ['a field with an empty key', ['api', 'POST', '/v1/x', '-f', '=v'], /expected key=value/],
  ['-F with broken JSON', ['api', 'POST', '/v1/x', '-F', 'data={"a":'], /is not valid JSON/],
  ['--paginate on a write', ['api', 'POST', '/v1/x', '--paginate'], /--paginate works with GET only/],
  ['--input with GET', ['api', 'GET', '/v1/x', '--input', 'body.json'], /--input cannot be sent with GET/],
  ['--input that does not exist', ['api', 'PUT', '/v1/x', '--input', '/nonexistent/body.json'], /cannot read --input/],
  ['missing path', ['api', 'GET'], /path/],
];

describe('bad input is exit 5 with one line on stderr, and nothing is sent', () => {
  for (const [name, argv, says] of rejected) test(name, async () => assertBadInput(await runOffline(argv, { distribution }), says));

  test('--input - with invalid JSON names stdin', async () => {
    assertBadInput(await runOffline(['api', 'PUT', '/v1/x', '--input', '-'], { distribution, stdin: '{nope' }), /stdin is not valid JSON/);
  });
});

describe('what is sent', () => {
  test('fields with --input go into the query string, the file is the body', async () => {
    const result = await runOffline(['api', 'POST', '/v1/things?dry=1', '-f', 'mode=fast', '--input', '-'], {
      distribution,
      stdin: '{"name": "x"}',
      exchanges: [
        {
          request: { method: 'POST', path: '/v1/things', query: { dry: '1', mode: 'fast' }, body: { name: 'x' } },
          response: jsonReply(201, { id: 't1' }),
        },
      ],
    });
    assert.deepEqual([result.exitCode, JSON.parse(result.stdout), result.allUsed], [0, { id: 't1' }, true]);
  });

  test('--paginate stops at a cursor the server repeats instead of looping', async () => {
    const page = (cursor: string | null) => jsonReply(200, { items: [{ n: 1 }], cursor, has_more: cursor !== null });
    const result = await runOffline(['api', 'GET', '/v1/items', '--paginate'], {
      distribution,
      exchanges: [
        { request: { method: 'GET', path: '/v1/items' }, response: page('c1') },
        { request: { method: 'GET', path: '/v1/items', query: { cursor: 'c1' } }, response: page('c1') },
      ],
    });
    assert.deepEqual([result.exitCode, JSON.parse(result.stdout)], [0, { items: [{ n: 1 }, { n: 1 }], cursor: null, has_more: false }]);
  });

  test('--paginate on an answer that is not a list page is exit 5', async () => {
    const result = await runOffline(['api', 'GET', '/v1/secrets/app/db', '--paginate'], {
      distribution,
      exchanges: [
        { request: { method: 'GET', path: '/v1/secrets/app/db' }, response: jsonReply(200, { path: 'app/db', data: { a: 'b' } }) },
      ],
    });
    assertBadInput(result, /did not answer with one list of items/);
  });
});
