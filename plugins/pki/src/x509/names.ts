// Names shared by both certificate describers (no ASN.1 schemas here, so the fast path stays light).
export const EKU_NAMES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'server_auth',
  '1.3.6.1.5.5.7.3.2': 'client_auth',
  '1.3.6.1.5.5.7.3.3': 'code_signing',
  '1.3.6.1.5.5.7.3.4': 'email_protection',
  '1.3.6.1.5.5.7.3.8': 'time_stamping',
  '1.3.6.1.5.5.7.3.9': 'ocsp_signing',
};
export const KEY_USAGE_NAMES = [
  'digital_signature',
  'non_repudiation',
  'key_encipherment',
  'data_encipherment',
  'key_agreement',
  'key_cert_sign',
  'crl_sign',
  'encipher_only',
  'decipher_only',
];

export type Described =
  | { kind: 'certificate'; [key: string]: unknown }
  | { kind: 'certificate_request'; [key: string]: unknown }
  | { kind: 'crl'; [key: string]: unknown };

/** RFC 5280 CRLReason codes by number, as the API spells them (7 is unused). */
export const REVOCATION_REASONS: readonly string[] = [
  'unspecified',
  'key_compromise',
  'ca_compromise',
  'affiliation_changed',
  'superseded',
  'cessation_of_operation',
  'certificate_hold',
  '',
  'remove_from_crl',
  'privilege_withdrawn',
  'aa_compromise',
];

/** The digest of each signature algorithm a ScaiVault CA signs with (ECDSA and RSA PKCS#1 v1.5). */
export const SIGNATURE_DIGESTS: Readonly<Record<string, string>> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
