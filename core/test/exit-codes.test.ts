import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AuthenticationError,
  ConflictError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseShapeError,
  ServiceUnavailableError,
  TimeoutError,
  ValidationError,
  errorClassFor,
} from '@scaivault/sdk';
import { describeError } from '../src/errors/describe-error.js';
import { exitCodeForKind } from '../src/errors/exit-codes.js';
import { UsageError } from '../src/errors/cli-error.js';

/** The exit code for the error the SDK builds from a response's code and status. */
function exitFor(code: string, status: number | undefined): number {
  const ErrorClass = errorClassFor(code, status);
  return describeError(new ErrorClass({ code, status, message: code })).exitCode;
}

test('codes decide before statuses', () => {
  assert.equal(exitFor('token_expired', 401), 2);
  assert.equal(exitFor('insufficient_scope', 403), 3);
  assert.equal(exitFor('lease_not_found', 404), 4);
  assert.equal(exitFor('invalid_duration', 400), 5);
  assert.equal(exitFor('validation_error', 422), 5);
  assert.equal(exitFor('secret_exists', 409), 1);
  assert.equal(exitFor('rate_limited', 429), 1);
  // A code the SDK knows outranks an odd status.
  assert.equal(exitFor('access_denied', 404), 3);
});

test('unknown codes fall back to the HTTP status', () => {
  assert.deepEqual(
    [401, 403, 404, 400, 422, 409, 500, 503, undefined].map((status) => exitFor('something_new', status)),
    [2, 3, 4, 5, 5, 1, 1, 1, 1],
  );
});

test('network failures are exit 1 whatever their code says: a DNS failure is not "not found"', () => {
  for (const code of ['host_not_found', 'connection_refused', 'host_unreachable', 'connection_reset']) {
    const report = describeError(new NetworkError({ code, message: `${code}: http://vault.invalid`, url: 'http://vault.invalid' }));
    assert.equal(report.exitCode, 1, code);
    assert.equal(report.code, code);
    assert.match(report.hint ?? '', /base_url/);
  }
  assert.equal(describeError(new TimeoutError({ code: 'timeout', message: 'timed out', url: 'http://x' })).exitCode, 1);
});

test('every SDK error class maps through its kind', () => {
  const cases = [
    [AuthenticationError, 2],
    [PermissionDeniedError, 3],
    [NotFoundError, 4],
    [ValidationError, 5],
    [ConflictError, 1],
    [RateLimitError, 1],
    [ServiceUnavailableError, 1],
    [ResponseShapeError, 1],
  ] as const;
  for (const [ErrorClass, exitCode] of cases) {
    assert.equal(describeError(new ErrorClass({ code: 'whatever', message: 'm' })).exitCode, exitCode, ErrorClass.name);
  }
  assert.equal(exitCodeForKind('no_such_kind'), 1);
  assert.equal(exitCodeForKind(undefined), 1);
});

test('API errors are described with status and request id; anything else is exit 1', () => {
  const apiError = new NotFoundError({ message: "Secret 'a/b' not found", code: 'secret_not_found', status: 404, requestId: 'req_1' });
  assert.deepEqual(describeError(apiError), {
    exitCode: 4,
    code: 'secret_not_found',
    message: "Secret 'a/b' not found",
    status: 404,
    requestId: 'req_1',
  });
  const denied = describeError(new PermissionDeniedError({ message: 'denied', code: 'access_denied', status: 403 }));
  assert.match(denied.hint ?? '', /policies test/);
  assert.equal(describeError(new UsageError('bad flag')).exitCode, 5);
  assert.equal(describeError(new TypeError('boom')).exitCode, 1);
  assert.equal(describeError('a string').exitCode, 1);
  // An error that merely has a `_not_found` code is not an SDK error: no guessing from its name.
  assert.equal(describeError(Object.assign(new Error('x'), { code: 'host_not_found' })).exitCode, 1);
});

test('validation errors carry the reason for each field the server named', () => {
  const error = new ValidationError({
    message: 'Invalid field(s): rules, name',
    code: 'validation_error',
    status: 422,
    details: { fields: { rules: 'required array of rules', name: 'must not be empty' } },
  });
  assert.equal(describeError(error).message, 'Invalid field(s): rules, name (rules: required array of rules; name: must not be empty)');
  assert.equal(describeError(new ValidationError({ message: 'bad', code: 'validation_error', details: { fields: [] } })).message, 'bad');
});
