// What kind of failure an API error is: the one table that decides it, from the server's
// `error.code` first and the HTTP status when the code is unknown (the contract's table, 00 §3.3).
// Importable on its own (`@scaivault/sdk/error-kind`, no dependencies) so a caller can branch on
// kinds without loading the client; every error the SDK throws carries its kind as `error.kind`.

export type ErrorKind =
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  /** No HTTP response at all: refused, DNS failure, reset, timeout. Never "not found". */
  | 'network'
  /** A 2xx response whose body does not have the documented shape. */
  | 'unexpected_response'
  | 'other';

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
const CONFLICT_CODES = new Set(['secret_exists', 'version_conflict', 'policy_in_use', 'invalid_state', 'idempotency_key_reused']);
const UNAVAILABLE_CODES = new Set(['service_unavailable', 'internal_error']);

/** The kind of a failed HTTP call, from the server's error code and the response status. */
export function errorKindFor(code: string | undefined, status: number | undefined): ErrorKind {
  if (code !== undefined) {
    if (AUTHENTICATION_CODES.has(code)) return 'authentication';
    if (PERMISSION_CODES.has(code)) return 'permission';
    if (code === 'not_found' || code.endsWith('_not_found')) return 'not_found';
    // Before the `invalid_` prefix rule: `invalid_state` is a conflict, not bad input.
    if (CONFLICT_CODES.has(code)) return 'conflict';
    if (code === 'validation_error' || code.startsWith('invalid_')) return 'validation';
    if (code === 'rate_limited') return 'rate_limited';
    if (UNAVAILABLE_CODES.has(code)) return 'unavailable';
  }
  switch (status) {
    case 401:
      return 'authentication';
    case 403:
      return 'permission';
    case 404:
      return 'not_found';
    case 400:
    case 422:
      return 'validation';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    default:
      return status !== undefined && status >= 500 ? 'unavailable' : 'other';
  }
}

const KINDS: ReadonlySet<string> = new Set<ErrorKind>([
  'authentication',
  'permission',
  'not_found',
  'validation',
  'conflict',
  'rate_limited',
  'unavailable',
  'network',
  'unexpected_response',
  'other',
]);

/**
 * The kind an error thrown by the SDK carries, or undefined for anything else. Read from the
 * `kind` property rather than by `instanceof`, so it also works across two copies of the SDK.
 */
export function errorKindOf(error: unknown): ErrorKind | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const kind = (error as { kind?: unknown }).kind;
  return typeof kind === 'string' && KINDS.has(kind) ? (kind as ErrorKind) : undefined;
}
