// Typed failures of a ScaiVault call. Callers branch on the class (or on `code`), never on the
// message; the CLI maps the class's kind (`error.kind`, see ./error-kind.ts) to an exit code.
import { errorKindFor, type ErrorKind } from './error-kind.js';

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
  /** The kind each class stands for; an instance's `kind` is its class's. */
  static readonly kind: ErrorKind = 'other';
  /** What kind of failure this is, for callers that branch without importing the classes. */
  readonly kind: ErrorKind;
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
    this.kind = (new.target as typeof ScaiVaultError).kind;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
  }
}

/** 401: missing, expired, invalid or revoked token. */
export class AuthenticationError extends ScaiVaultError {
  static override readonly kind: ErrorKind = 'authentication';
}

/** 403: no policy rule allows the action, or the token's scope is too narrow. */
export class PermissionDeniedError extends ScaiVaultError {
  static override readonly kind: ErrorKind = 'permission';
}

/** 404 or any `*_not_found` code. */
export class NotFoundError extends ScaiVaultError {
  static override readonly kind: ErrorKind = 'not_found';
}

/** 400 / 422: the request was malformed or failed field validation (`details.fields`). */
export class ValidationError extends ScaiVaultError {
  static override readonly kind: ErrorKind = 'validation';
}

/** 409: the resource exists, changed concurrently, is in use or in the wrong state. */
export class ConflictError extends ScaiVaultError {
  static override readonly kind: ErrorKind = 'conflict';
}

/** 429 `rate_limited`, still failing after the allowed retries. */
export class RateLimitError extends ScaiVaultError {
  static override readonly kind: ErrorKind = 'rate_limited';
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(init: ScaiVaultErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx: `service_unavailable`, `internal_error`, or a gateway failure. */
export class ServiceUnavailableError extends ScaiVaultError {
  static override readonly kind: ErrorKind = 'unavailable';
}

/** No HTTP response: connection refused or reset, DNS failure, TLS failure. */
export class NetworkError extends ScaiVaultError {
  static override readonly kind: ErrorKind = 'network';
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
export class ResponseShapeError extends ScaiVaultError {
  static override readonly kind: ErrorKind = 'unexpected_response';
}

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

const CLASS_OF_KIND: Record<Exclude<ErrorKind, 'network' | 'unexpected_response'>, ScaiVaultErrorClass> = {
  authentication: AuthenticationError,
  permission: PermissionDeniedError,
  not_found: NotFoundError,
  validation: ValidationError,
  conflict: ConflictError,
  rate_limited: RateLimitError,
  unavailable: ServiceUnavailableError,
  other: ScaiVaultError,
};

/** The error class for an API failure, by the kind `errorKindFor` gives its code and status. */
export function errorClassFor(code: string | undefined, status: number | undefined): ScaiVaultErrorClass {
  const kind = errorKindFor(code, status);
  return kind === 'network' || kind === 'unexpected_response' ? ScaiVaultError : CLASS_OF_KIND[kind]!;
}
