// Typed failures of a ScaiVault call. Callers branch on the class (or on `code`), never on the
// message; the CLI maps the class to an exit code.

export interface ScaiVaultErrorInit {
  status?: number | undefined;
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
  requestId?: string | undefined;
  cause?: unknown;
}

/** Base class of every error the SDK throws for a failed call. */
export class ScaiVaultError extends Error {
  /** HTTP status; undefined when no response arrived (network errors, timeouts). */
  readonly status: number | undefined;
  /** Stable machine-readable code: the server's `error.code`, or one of the SDK's own. */
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  /** The server's `X-Request-ID`, to quote when reporting a problem. */
  readonly requestId: string | undefined;

  constructor(init: ScaiVaultErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
  }
}

/** 401: missing, expired, invalid or revoked token. */
export class AuthenticationError extends ScaiVaultError {}

/** 403: no policy rule allows the action, or the token's scope is too narrow. */
export class PermissionDeniedError extends ScaiVaultError {}

/** 404 or any `*_not_found` code. */
export class NotFoundError extends ScaiVaultError {}

/** 400 / 422: the request was malformed or failed field validation (`details.fields`). */
export class ValidationError extends ScaiVaultError {}

/** 409: the resource exists, changed concurrently, is in use or in the wrong state. */
export class ConflictError extends ScaiVaultError {}

/** 429 `rate_limited`, still failing after the allowed retries. */
export class RateLimitError extends ScaiVaultError {
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(init: ScaiVaultErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx: `service_unavailable`, `internal_error`, or a gateway failure. */
export class ServiceUnavailableError extends ScaiVaultError {}

/** No HTTP response: connection refused or reset, DNS failure, TLS failure. */
export class NetworkError extends ScaiVaultError {
  /** The URL (or origin, for connection failures) that could not be reached. */
  readonly url: string;

  constructor(init: ScaiVaultErrorInit & { url: string }) {
    super(init);
    this.url = init.url;
  }
}

/** The connect or request timeout passed before a complete response arrived. */
export class TimeoutError extends NetworkError {}

/** A 2xx response whose body does not have the documented shape. */
export class ResponseShapeError extends ScaiVaultError {}

/** The caller's AbortSignal fired. Named `AbortError` like the platform's own abort errors. */
export class AbortError extends Error {
  constructor(message = 'the request was aborted', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}

export type ScaiVaultErrorClass =
  | typeof ScaiVaultError
  | typeof AuthenticationError
  | typeof PermissionDeniedError
  | typeof NotFoundError
  | typeof ValidationError
  | typeof ConflictError
  | typeof RateLimitError
  | typeof ServiceUnavailableError;

const AUTHENTICATION_CODES = new Set(['authentication_required', 'token_expired', 'token_invalid', 'token_revoked']);
const PERMISSION_CODES = new Set([
  'access_denied',
  'insufficient_scope',
  'mfa_required',
  'ip_not_allowed',
  'time_window_violation',
  'tenant_access_denied',
  'forbidden',
]);
const CONFLICT_CODES = new Set([
  'secret_exists',
  'version_conflict',
  'policy_in_use',
  'invalid_state',
  'idempotency_key_reused',
]);
const UNAVAILABLE_CODES = new Set(['service_unavailable', 'internal_error']);

/**
 * The error class for an API failure: by `error.code` first, by HTTP status when the code is
 * unknown (the contract's table, 00 §3.3).
 */
export function errorClassFor(code: string | undefined, status: number | undefined): ScaiVaultErrorClass {
  if (code !== undefined) {
    if (AUTHENTICATION_CODES.has(code)) return AuthenticationError;
    if (PERMISSION_CODES.has(code)) return PermissionDeniedError;
    if (code === 'not_found' || code.endsWith('_not_found')) return NotFoundError;
    // Before the `invalid_` prefix rule: `invalid_state` is a conflict, not bad input.
    if (CONFLICT_CODES.has(code)) return ConflictError;
    if (code === 'validation_error' || code.startsWith('invalid_')) return ValidationError;
    if (code === 'rate_limited') return RateLimitError;
    if (UNAVAILABLE_CODES.has(code)) return ServiceUnavailableError;
  }
  switch (status) {
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 400:
    case 422:
      return ValidationError;
    case 409:
      return ConflictError;
    case 429:
      return RateLimitError;
    default:
      return status !== undefined && status >= 500 ? ServiceUnavailableError : ScaiVaultError;
  }
}
