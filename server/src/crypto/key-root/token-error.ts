/**
 * Why a PKCS#11 token could not do what was asked, in one sentence that never holds a PIN or a key.
 * `reason` lets the CLI pick the exit code and the server pick its message; `code` matches the
 * server's other start-up errors so `scaivault dev` reports it as a usage problem.
 */
export type TokenFailure =
  | 'module' // the PKCS#11 library cannot be loaded
  | 'token_missing' // no token with that label
  | 'key_missing' // the wrapping key is not on this token
  | 'pin_incorrect'
  | 'pin_locked'
  | 'pin_invalid' // a PIN the token refuses as a value (length, characters)
  | 'bad_label' // a token label PKCS#11 cannot hold
  | 'unsupported' // the token offers no mechanism we can wrap with
  | 'unwrap_failed' // the wrapped master key does not open under the wrapping key
  | 'device'; // anything else the token reports

export class TokenError extends Error {
  readonly code = 'EMASTERKEY';

  constructor(
    readonly reason: TokenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}
