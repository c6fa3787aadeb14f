// The CA engine refuses input with a PkiValidationError naming the field and value; the API answers
// it with the documented envelope (docs/api-decisions.md, "PKI": 422 validation_error, 400 invalid_csr).
import { ApiError, conflict, notFound } from '../http/api-error.js';
import { PkiValidationError } from '../crypto/ca-engine/index.js';

const STATUS: Readonly<Record<PkiValidationError['code'], number>> = { validation_error: 422, invalid_csr: 400, invalid_request: 400 };

export function toApiError(error: unknown): unknown {
  if (error instanceof PkiValidationError) return new ApiError(STATUS[error.code], error.code, error.message, error.details);
  return error;
}

/** Runs engine work, turning its refusals into API errors. */
export async function engine<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toApiError(error);
  }
}

export function refuse(field: string, value: string | number | undefined, message: string): ApiError {
  return new ApiError(422, 'validation_error', message, value === undefined ? { field } : { field, value });
}

export const caNotFound = (id: string) => notFound('ca_not_found', `No CA with id '${id}'`, { ca_id: id });
export const roleNotFound = (name: string) => notFound('role_not_found', `No PKI role named '${name}'`, { role: name });
export const certificateNotFound = (id: string) =>
  notFound('certificate_not_found', `No certificate with id '${id}'`, { certificate_id: id });
export const csrNotFound = (id: string) => notFound('csr_not_found', `No CSR with id '${id}'`, { csr_id: id });
export const trustAnchorNotFound = (id: string) =>
  notFound('trust_anchor_not_found', `No trust anchor with id '${id}'`, { trust_anchor_id: id });
export const invalidState = (message: string, details: Record<string, unknown>) => conflict('invalid_state', message, details);
