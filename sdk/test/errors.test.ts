import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseShapeError,
  ScaiVaultError,
  ServiceUnavailableError,
  ValidationError,
  errorClassFor,
} from '../src/index.js';
import { withReplay } from './support/replay.js';

function envelope(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details === undefined ? {} : { details }), request_id: 'req_abc123' } };
}

const CASES = [
  { status: 401, code: 'authentication_required', errorClass: AuthenticationError },
  { status: 401, code: 'token_revoked', errorClass: AuthenticationError },
  { status: 403, code: 'access_denied', errorClass: PermissionDeniedError },
  { status: 403, code: 'mfa_required', errorClass: PermissionDeniedError },
  { status: 404, code: 'secret_not_found', errorClass: NotFoundError },
  { status: 404, code: 'lease_not_found', errorClass: NotFoundError },
  { status: 400, code: 'invalid_path', errorClass: ValidationError },
  { status: 422, code: 'validation_error', errorClass: ValidationError },
  { status: 409, code: 'policy_in_use', errorClass: ConflictError },
  { status: 409, code: 'secret_exists', errorClass: ConflictError },
  { status: 500, code: 'internal_error', errorClass: ServiceUnavailableError },
] as const;

for (const { status, code, errorClass } of CASES) {
  test(`${status} ${code} becomes ${errorClass.name} with code, message, details and request id`, () =>
    withReplay(async (replay) => {
      replay.expect('GET', '/v1/secrets/environments/production/missing', {
        status,
        json: envelope(code, `failure ${code}`, { path: 'environments/production/missing' }),
        headers: { 'x-request-id': 'req_abc123' },
      });
      // A 500 internal_error is retried once; the second answer is the one that surfaces.
      if (code === 'internal_error')
        replay.expect('GET', '/v1/secrets/environments/production/missing', { status, json: envelope(code, `failure ${code}`) });
      const error = await replay
        .client()
        .secrets.read('environments/production/missing')
        .then(
          () => assert.fail('expected a failure'),
          (failure: unknown) => failure,
        );
      assert.ok(error instanceof errorClass, `got ${String(error)}`);
      assert.ok(error instanceof ScaiVaultError);
      assert.equal(error.status, status);
      assert.equal(error.code, code);
      assert.equal(error.message, `failure ${code}`);
      assert.equal(error.requestId, 'req_abc123');
      if (code !== 'internal_error') assert.deepEqual(error.details, { path: 'environments/production/missing' });
    }));
}

test('422 keeps the failing fields under details.fields', () =>
  withReplay(async (replay) => {
    replay.expect('POST', '/v1/policies', {
      status: 422,
      json: envelope('validation_error', 'name is required', { fields: { name: 'required' } }),
    });
    await assert.rejects(
      replay.client().policies.create({ name: '', rules: [] }),
      (error: unknown) => error instanceof ValidationError && (error.details?.['fields'] as Record<string, string>)['name'] === 'required',
    );
  }));

test('429 after the last attempt is a RateLimitError with retryAfter in seconds', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/auth/whoami', { status: 429, json: envelope('rate_limited', 'slow down'), headers: { 'retry-after': '7' } });
    await assert.rejects(replay.client({ retry: false }).auth.whoami(), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.retryAfter, 7);
      assert.equal(error.code, 'rate_limited');
      return true;
    });
  }));

test('503 service_unavailable is a ServiceUnavailableError', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/auth/whoami', { status: 503, json: envelope('service_unavailable', 'try later') });
    await assert.rejects(replay.client({ retry: false }).auth.whoami(), ServiceUnavailableError);
  }));

test('a non-JSON error body keeps the status and shows an excerpt', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/auth/whoami', { status: 404, text: '<html><body>  Not   Found </body></html>' });
    await assert.rejects(replay.client().auth.whoami(), (error: unknown) => {
      assert.ok(error instanceof ScaiVaultError);
      assert.equal(error.constructor, ScaiVaultError, 'a proxy page is not an API not-found');
      assert.equal(error.status, 404);
      assert.match(error.message, /HTTP 404 from GET \/v1\/auth\/whoami: <html><body> Not Found <\/body><\/html>/);
      return true;
    });
  }));

test('an unknown code falls back to the HTTP status', () => {
  assert.equal(errorClassFor('brand_new_code', 403), PermissionDeniedError);
  assert.equal(errorClassFor('brand_new_code', 418), ScaiVaultError);
  assert.equal(errorClassFor('ca_not_found', 400), NotFoundError, 'the code wins over the status');
  assert.equal(errorClassFor(undefined, 502), ServiceUnavailableError);
  assert.equal(errorClassFor('invalid_state', 409), ConflictError);
});

test('a response of the wrong shape names the field', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets/app/db', { json: { path: 'app/db', version: '3', data: {} } });
    await assert.rejects(replay.client().secrets.read('app/db'), (error: unknown) => {
      assert.ok(error instanceof ResponseShapeError);
      assert.ok(error instanceof ScaiVaultError);
      assert.equal(error.status, 200);
      assert.equal(error.message, 'unexpected response from GET /v1/secrets/app/db: .version: expected a number (got "3")');
      return true;
    });
  }));

test('a missing nested field is named with its full path', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/secrets?limit=1', { json: { secrets: [{ version: 1 }], cursor: null, has_more: false } });
    await assert.rejects(
      replay.client().secrets.list({ limit: 1 }),
      /unexpected response from GET \/v1\/secrets\?limit=1: \.secrets\[0\]\.path: expected a string/,
    );
  }));

test('a 2xx body that is not JSON is a ResponseShapeError', () =>
  withReplay(async (replay) => {
    replay.expect('GET', '/v1/auth/whoami', { text: 'hello' });
    await assert.rejects(
      replay.client().auth.whoami(),
      (error: unknown) => error instanceof ResponseShapeError && /the body is not JSON/.test(error.message),
    );
  }));

test('every error carries the kind of its class; network failures are never "not found"', async () => {
  const { errorKindFor, errorKindOf } = await import('../src/error-kind.js');
  const { NetworkError, TimeoutError } = await import('../src/index.js');
  assert.equal(errorKindFor('secret_not_found', 404), 'not_found');
  assert.equal(errorKindFor('invalid_state', 409), 'conflict');
  assert.equal(errorKindFor(undefined, 503), 'unavailable');
  assert.equal(new NotFoundError({ code: 'secret_not_found', message: 'm' }).kind, 'not_found');
  const dns = new NetworkError({ code: 'host_not_found', message: 'host not found: http://x', url: 'http://x' });
  assert.equal(dns.kind, 'network');
  assert.equal(errorKindOf(dns), 'network');
  assert.equal(new TimeoutError({ code: 'timeout', message: 'm', url: 'http://x' }).kind, 'network');
  assert.equal(new ResponseShapeError({ code: 'unexpected_response', message: 'm' }).kind, 'unexpected_response');
  assert.equal(errorKindOf(new Error('plain')), undefined);
  assert.equal(errorKindOf({ kind: 'made_up' }), undefined);
});
