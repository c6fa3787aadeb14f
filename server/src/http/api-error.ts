/**
 * An error the API answers with the documented envelope
 * `{"error": {"code", "message", "details", "request_id"}}`. Anything thrown that is not an
 * ApiError becomes `500 internal_error` with a generic message, so no stack trace leaks out.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function invalidRequest(message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(400, 'invalid_request', message, details);
}

export function validationError(fields: Record<string, string>): ApiError {
  const names = Object.keys(fields).join(', ');
  return new ApiError(422, 'validation_error', `Invalid field(s): ${names}`, { fields });
}

export function notFound(code: string, message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(404, code, message, details);
}

export function conflict(code: string, message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(409, code, message, details);
}

export function forbidden(code: string, message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(403, code, message, details);
}

export function unauthorized(code: string, message: string): ApiError {
  return new ApiError(401, code, message);
}
