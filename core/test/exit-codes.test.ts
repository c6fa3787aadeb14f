import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeError } from '../src/errors/describe-error.js';
import { exitCodeFor } from '../src/errors/exit-codes.js';
import { UsageError } from '../src/errors/cli-error.js';

test('codes decide before statuses', () => {
  assert.equal(exitCodeFor('token_expired', 401), 2);
  assert.equal(exitCodeFor('insufficient_scope', 403), 3);
  assert.equal(exitCodeFor('lease_not_found', 404), 4);
  assert.equal(exitCodeFor('invalid_duration', 400), 5);
  assert.equal(exitCodeFor('validation_error', 422), 5);
  assert.equal(exitCodeFor('secret_exists', 409), 1);
  assert.equal(exitCodeFor('rate_limited', 429), 1);
  // A code the CLI knows outranks an odd status.
  assert.equal(exitCodeFor('access_denied', 404), 3);
});

test('unknown codes fall back to the HTTP status', () => {
  assert.deepEqual(
    [401, 403, 404, 400, 422, 409, 500, 503, undefined].map((status) => exitCodeFor('something_new', status)),
    [2, 3, 4, 5, 5, 1, 1, 1, 1],
  );
});

test('API errors are described with status and request id; anything else is exit 1', () => {
  const apiError = Object.assign(new Error("Secret 'a/b' not found"), { code: 'secret_not_found', status: 404, requestId: 'req_1' });
  assert.deepEqual(describeError(apiError), {
    exitCode: 4,
    code: 'secret_not_found',
    message: "Secret 'a/b' not found",
    status: 404,
    requestId: 'req_1',
  });
  const denied = describeError(Object.assign(new Error('denied'), { code: 'access_denied', status: 403 }));
  assert.match(denied.hint ?? '', /policies test/);
  assert.equal(describeError(new UsageError('bad flag')).exitCode, 5);
  assert.equal(describeError(new TypeError('boom')).exitCode, 1);
  assert.equal(describeError('a string').exitCode, 1);
});

test('validation errors carry the reason for each field the server named', () => {
  const error = Object.assign(new Error('Invalid field(s): rules, name'), {
    code: 'validation_error',
    status: 422,
    details: { fields: { rules: 'required array of rules', name: 'must not be empty' } },
  });
  assert.equal(describeError(error).message, 'Invalid field(s): rules, name (rules: required array of rules; name: must not be empty)');
  assert.equal(describeError(Object.assign(new Error('bad'), { code: 'validation_error', details: { fields: [] } })).message, 'bad');
});
