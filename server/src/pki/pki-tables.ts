import type { ColumnType, Generated } from 'kysely';

declare module '../storage/database-schema.js' {
  interface DatabaseSchema {
    pki_cas: PkiCasTable;
    pki_roles: PkiRolesTable;
    pki_certificates: PkiCertificatesTable;
    pki_csrs: PkiCsrsTable;
    pki_trust_anchors: PkiTrustAnchorsTable;
    pki_crls: PkiCrlsTable;
  }
}

export interface PkiCasTable {
  seq: Generated<number>;
  /** `ca_root_…` / `ca_intermediate_…`, unique across tenants: the unauthenticated CRL/OCSP URLs name it alone. */
  id: string;
  tenant_id: string;
  name: string;
  common_name: string;
  ca_type: 'root' | 'intermediate';
  parent_ca_id: string | null;
  key_type: 'rsa' | 'ec';
  key_size: number;
  path_length: number | null;
  /** `3a:4f:…`, as the parent's CRL and OCSP name it. */
  serial_number: string;
  certificate_der: Buffer;
  /** The sealed PKCS#8 private key. */
  key_id: string;
  key_nonce: Buffer;
  key_ciphertext: Buffer;
  not_before: number;
  not_after: number;
  certificates_issued: number;
  revoked_at: number | null;
  revocation_reason: string | null;
  created_at: number;
  created_by: string;
}

export interface PkiRolesTable {
  tenant_id: string;
  name: string;
  ca_id: string;
  /** JSON array of globs. */
  allowed_domains: string;
  allow_subdomains: number;
  allow_ip_sans: number;
  max_ttl: string | null;
  key_type: 'rsa' | 'ec' | 'any';
  key_bits: number;
  require_cn: number;
  store_private_keys: number;
  /** JSON array of usage names. */
  ext_key_usage: string;
  created_at: number;
  updated_at: number;
}

export interface PkiCertificatesTable {
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  ca_id: string;
  /** The role it was issued under; null for a CA's default role and the CSR workflow. */
  role: string | null;
  csr_id: string | null;
  serial_number: string;
  common_name: string | null;
  alt_names: string;
  ip_sans: string;
  not_before: number;
  not_after: number;
  certificate_der: Buffer;
  key_id: string | null;
  key_nonce: Buffer | null;
  key_ciphertext: Buffer | null;
  revoked_at: number | null;
  revocation_reason: string | null;
  created_at: number;
  created_by: string;
  /** `ca` (one of this server's CAs, `ca_id`) or `acme` (a public CA; `ca_id` is the ACME account). */
  source: ColumnType<string, string | undefined, string>;
}

export interface PkiCsrsTable {
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  status: 'pending' | 'approved' | 'rejected' | 'signed';
  csr_pem: string;
  common_name: string | null;
  alt_names: string;
  ip_sans: string;
  comment: string | null;
  requested_by: string;
  created_at: number;
  reviewed_by: string | null;
  reviewed_at: number | null;
  review_reason: string | null;
  certificate_id: string | null;
}

export interface PkiTrustAnchorsTable {
  seq: Generated<number>;
  id: string;
  tenant_id: string;
  name: string;
  subject: string;
  fingerprint_sha256: string;
  certificate_pem: string;
  not_after: number;
  created_at: number;
}

export interface PkiCrlsTable {
  ca_id: string;
  tenant_id: string;
  crl_number: number;
  this_update: number;
  next_update: number;
  crl_der: Buffer;
}
