// RFC 5280 §5.3.1 revocation reasons, by the snake_case names the API uses.
// `remove_from_crl` only has a meaning in delta CRLs, which this CA does not publish, so it is not
// a reason a certificate can be revoked for.

export const REVOCATION_REASONS = {
  unspecified: 0,
  key_compromise: 1,
  ca_compromise: 2,
  affiliation_changed: 3,
  superseded: 4,
  cessation_of_operation: 5,
  certificate_hold: 6,
  privilege_withdrawn: 9,
  aa_compromise: 10,
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASONS;

export function isRevocationReason(value: unknown): value is RevocationReason {
  return typeof value === 'string' && Object.hasOwn(REVOCATION_REASONS, value);
}

export function revocationReasonCode(reason: RevocationReason): number {
  return REVOCATION_REASONS[reason];
}

export function revocationReasonName(code: number): RevocationReason | undefined {
  return (Object.keys(REVOCATION_REASONS) as RevocationReason[]).find((name) => REVOCATION_REASONS[name] === code);
}
