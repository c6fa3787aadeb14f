// Shapes shared by the PKI sub-namespaces: issued certificates and certificate metadata.
import * as s from '../../response-shape.js';

/** A certificate just issued or signed. `private_key` is present only when the server made the key. */
export const isIssuedCertificate = s.object({
  id: s.optional(s.string),
  certificate: s.string,
  private_key: s.optional(s.string),
  ca_chain: s.optional(s.stringArray),
  serial_number: s.optional(s.string),
  not_after: s.optional(s.string),
  csr_id: s.optional(s.string),
});
export type IssuedCertificate = s.ShapeOf<typeof isIssuedCertificate>;

export const isCertificateInfo = s.object({
  id: s.string,
  serial_number: s.optional(s.string),
  common_name: s.optional(s.string),
  alt_names: s.optional(s.stringArray),
  ip_sans: s.optional(s.stringArray),
  ca_id: s.optional(s.string),
  /** `ca` (one of the tenant's CAs, `ca_id`) or `acme` (a public CA; `ca_id` is the ACME account). */
  source: s.optional(s.string),
  role: s.optional(s.string),
  not_before: s.optional(s.string),
  not_after: s.optional(s.string),
  revoked: s.optional(s.boolean),
  revoked_at: s.optional(s.string),
  revocation_reason: s.optional(s.string),
});
export type CertificateInfo = s.ShapeOf<typeof isCertificateInfo>;

export interface IssueInput {
  common_name: string;
  alt_names?: string[];
  ip_sans?: string[];
  /** Duration, e.g. `168h`; capped by the role's `max_ttl`. */
  ttl?: string;
}

/**
 * RFC 5280 §5.3.1 reasons in snake_case. `remove_from_crl` is left out: it only has a meaning in
 * delta CRLs, which the CA does not publish, so the server refuses it as a reason to revoke.
 */
export type RevocationReason =
  | 'unspecified'
  | 'key_compromise'
  | 'ca_compromise'
  | 'affiliation_changed'
  | 'superseded'
  | 'cessation_of_operation'
  | 'certificate_hold'
  | 'privilege_withdrawn'
  | 'aa_compromise';

/** `POST /v1/pki/sign/{role}`: the CSR, and optionally names that replace the CSR's own (checked by the role just the same). */
export interface SignInput {
  csr_pem: string;
  ttl?: string;
  common_name?: string;
  alt_names?: string[];
  ip_sans?: string[];
}
