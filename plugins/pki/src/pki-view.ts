// Table columns and human views shared by the pki commands.
import type { Column } from '@scaivault/core';
import type { CertificateAuthority, CertificateInfo, CertificateRequest, PkiRole } from '@scaivault/core/sdk';

export const CA_COLUMNS: readonly Column<CertificateAuthority>[] = [
  { header: 'ID', value: (ca) => ca.id },
  { header: 'NAME', value: (ca) => ca.name },
  { header: 'TYPE', value: (ca) => ca.ca_type },
  { header: 'KEY', value: (ca) => (ca.key_type ? `${ca.key_type} ${ca.key_size ?? ''}`.trim() : '') },
  { header: 'VALID UNTIL', value: (ca) => ca.valid_until },
  { header: 'ACTIVE', value: (ca) => ca.is_active },
];

export const CERTIFICATE_COLUMNS: readonly Column<CertificateInfo>[] = [
  { header: 'ID', value: (cert) => cert.id },
  { header: 'COMMON NAME', value: (cert) => cert.common_name },
  { header: 'CA', value: (cert) => cert.ca_id },
  { header: 'NOT AFTER', value: (cert) => cert.not_after },
  { header: 'REVOKED', value: (cert) => cert.revoked },
];

export const CSR_COLUMNS: readonly Column<CertificateRequest>[] = [
  { header: 'ID', value: (csr) => csr.id },
  { header: 'STATUS', value: (csr) => csr.status },
  { header: 'COMMON NAME', value: (csr) => csr.common_name },
  { header: 'REQUESTED BY', value: (csr) => csr.requested_by },
  { header: 'CREATED', value: (csr) => csr.created_at },
];

export const ROLE_COLUMNS: readonly Column<PkiRole>[] = [
  { header: 'NAME', value: (role) => role.name },
  { header: 'CA', value: (role) => role.ca_id },
  { header: 'ALLOWED DOMAINS', value: (role) => (role.allowed_domains ?? []).join(', ') },
  { header: 'SUBDOMAINS', value: (role) => role.allow_subdomains },
  { header: 'IP SANS', value: (role) => role.allow_ip_sans },
  { header: 'MAX TTL', value: (role) => role.max_ttl },
  { header: 'KEY', value: (role) => (role.key_type ? `${role.key_type} ${role.key_bits ?? ''}`.trim() : '') },
];
