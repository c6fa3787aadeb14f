/** The process exit codes scaivault promises to scripts. */
export const ExitCode = {
  Ok: 0,
  General: 1,
  Auth: 2,
  Authz: 3,
  NotFound: 4,
  Validation: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const AUTH_CODES = new Set(['authentication_required', 'token_expired', 'token_invalid', 'token_revoked', 'not_authenticated']);
const AUTHZ_CODES = new Set([
  'access_denied',
  'insufficient_scope',
  'mfa_required',
  'ip_not_allowed',
  'time_window_violation',
  'tenant_access_denied',
  'forbidden',
]);
const VALIDATION_CODES = new Set([
  'invalid_request',
  'invalid_path',
  'invalid_secret_type',
  'invalid_duration',
  'invalid_cursor',
  'invalid_policy',
  'invalid_glob',
  'invalid_role',
  'invalid_config',
  'validation_error',
  'usage_error',
]);

/**
 * Maps an API error to an exit code: by `code` first, because the code is the stable vocabulary,
 * and by HTTP status only when the code is unknown.
 */
export function exitCodeFor(code: string | undefined, status: number | undefined): ExitCode {
  if (code !== undefined) {
    if (AUTH_CODES.has(code)) return ExitCode.Auth;
    if (AUTHZ_CODES.has(code)) return ExitCode.Authz;
    if (VALIDATION_CODES.has(code)) return ExitCode.Validation;
    if (code.endsWith('_not_found')) return ExitCode.NotFound;
  }
  switch (status) {
    case 401:
      return ExitCode.Auth;
    case 403:
      return ExitCode.Authz;
    case 404:
      return ExitCode.NotFound;
    case 400:
    case 422:
      return ExitCode.Validation;
    default:
      return ExitCode.General;
  }
}
