// The API's JSON for each PKI record (docs/api-decisions.md, "PKI"). Keys never appear here.
import { iso } from '../shared/time.js';
import type { PkiCasTable, PkiCertificatesTable, PkiCsrsTable, PkiRolesTable, PkiTrustAnchorsTable } from './pki-tables.js';
import type { Selectable } from 'kysely';

export type CaRow = Selectable<PkiCasTable>;
export type CertificateRow = Selectable<PkiCertificatesTable>;
export type CsrRow = Selectable<PkiCsrsTable>;
export type RoleRow = PkiRolesTable;
export type TrustAnchorRow = Selectable<PkiTrustAnchorsTable>;

export function caView(row: CaRow, now: number): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    common_name: row.common_name,
    ca_type: row.ca_type,
    parent_ca_id: row.parent_ca_id,
    key_type: row.key_type,
    key_size: row.key_size,
    path_length: row.path_length,
    serial_number: row.serial_number,
    valid_from: iso(row.not_before),
    valid_until: iso(row.not_after),
    is_active: row.revoked_at === null && row.not_after > now,
    certificates_issued: row.certificates_issued,
    revoked_at: iso(row.revoked_at),
    revocation_reason: row.revocation_reason,
    created_at: iso(row.created_at),
  };
}

export function roleView(row: RoleRow): Record<string, unknown> {
  return {
    name: row.name,
    ca_id: row.ca_id,
    allowed_domains: JSON.parse(row.allowed_domains) as string[],
    allow_subdomains: row.allow_subdomains === 1,
    allow_ip_sans: row.allow_ip_sans === 1,
    max_ttl: row.max_ttl,
    key_type: row.key_type,
    key_bits: row.key_bits,
    require_cn: row.require_cn === 1,
    store_private_keys: row.store_private_keys === 1,
    ext_key_usage: JSON.parse(row.ext_key_usage) as string[],
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function certificateView(row: CertificateRow): Record<string, unknown> {
  return {
    id: row.id,
    serial_number: row.serial_number,
    common_name: row.common_name,
    alt_names: JSON.parse(row.alt_names) as string[],
    ip_sans: JSON.parse(row.ip_sans) as string[],
    ca_id: row.ca_id,
    source: row.source,
    role: row.role,
    csr_id: row.csr_id,
    not_before: iso(row.not_before),
    not_after: iso(row.not_after),
    revoked: row.revoked_at !== null,
    revoked_at: iso(row.revoked_at),
    revocation_reason: row.revocation_reason,
    private_key_stored: row.key_ciphertext !== null,
    created_at: iso(row.created_at),
  };
}

export function csrView(row: CsrRow): Record<string, unknown> {
  return {
    id: row.id,
    status: row.status,
    common_name: row.common_name,
    alt_names: JSON.parse(row.alt_names) as string[],
    ip_sans: JSON.parse(row.ip_sans) as string[],
    comment: row.comment,
    requested_by: row.requested_by,
    created_at: iso(row.created_at),
    reviewed_by: row.reviewed_by,
    reviewed_at: iso(row.reviewed_at),
    review_reason: row.review_reason,
    certificate_id: row.certificate_id,
  };
}

export function trustAnchorView(row: TrustAnchorRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    fingerprint_sha256: row.fingerprint_sha256,
    not_after: iso(row.not_after),
    created_at: iso(row.created_at),
  };
}
