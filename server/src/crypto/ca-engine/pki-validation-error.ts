// The one error the CA engine throws for input it refuses. It names the field and the offending
// value, so the HTTP layer can answer 4xx with a message a user can act on.

/** `validation_error` → 422 (a value outside the role or the CA); `invalid_csr` → 400 (not a usable CSR). */
export type PkiErrorCode = 'validation_error' | 'invalid_csr' | 'invalid_request';

export class PkiValidationError extends Error {
  override readonly name = 'PkiValidationError';

  constructor(
    readonly code: PkiErrorCode,
    /** The request field at fault, e.g. `alt_names`, `ttl`, `csr_pem`. */
    readonly field: string,
    /** The offending value as the caller sent it (never key material). */
    readonly value: string | number | undefined,
    message: string,
  ) {
    super(message);
  }

  /** The `details` object of the API's error envelope. */
  get details(): { field: string; value?: string | number } {
    return this.value === undefined ? { field: this.field } : { field: this.field, value: this.value };
  }
}
