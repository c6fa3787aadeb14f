import type { Migration } from '../storage/migrations.js';

/** The PKI area's tables. Append new migrations; never edit or rename one that has shipped. */
export const PKI_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-certificate-authority',
    sql: `
    -- The CA key is sealed under the master key (context pki-ca:<tenant>:<id>) and never returned.
    CREATE TABLE pki_cas (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      common_name TEXT NOT NULL,
      ca_type TEXT NOT NULL,
      parent_ca_id TEXT,
      key_type TEXT NOT NULL,
      key_size INTEGER NOT NULL,
      path_length INTEGER,
      serial_number TEXT NOT NULL,
      certificate_der BLOB NOT NULL,
      key_id TEXT NOT NULL,
      key_nonce BLOB NOT NULL,
      key_ciphertext BLOB NOT NULL,
      not_before INTEGER NOT NULL,
      not_after INTEGER NOT NULL,
      certificates_issued INTEGER NOT NULL,
      revoked_at INTEGER,
      revocation_reason TEXT,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      UNIQUE (tenant_id, name)
    );
    CREATE INDEX pki_cas_by_parent ON pki_cas (parent_ca_id) WHERE parent_ca_id IS NOT NULL;

    CREATE TABLE pki_roles (
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      ca_id TEXT NOT NULL,
      allowed_domains TEXT NOT NULL,
      allow_subdomains INTEGER NOT NULL,
      allow_ip_sans INTEGER NOT NULL,
      max_ttl TEXT,
      key_type TEXT NOT NULL,
      key_bits INTEGER NOT NULL,
      require_cn INTEGER NOT NULL,
      store_private_keys INTEGER NOT NULL,
      ext_key_usage TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (tenant_id, name)
    ) WITHOUT ROWID;

    -- id is cert_<serial hex>, so an OCSP or CRL serial finds its row directly. The private key is
    -- kept (sealed, context pki-cert-key:<tenant>:<id>) only when the role says store_private_keys.
    CREATE TABLE pki_certificates (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      ca_id TEXT NOT NULL,
      role TEXT,
      csr_id TEXT,
      serial_number TEXT NOT NULL,
      common_name TEXT,
      alt_names TEXT NOT NULL,
      ip_sans TEXT NOT NULL,
      not_before INTEGER NOT NULL,
      not_after INTEGER NOT NULL,
      certificate_der BLOB NOT NULL,
      key_id TEXT,
      key_nonce BLOB,
      key_ciphertext BLOB,
      revoked_at INTEGER,
      revocation_reason TEXT,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL
    );
    CREATE INDEX pki_certificates_by_tenant ON pki_certificates (tenant_id, seq);
    CREATE INDEX pki_certificates_by_ca ON pki_certificates (ca_id, seq);
    CREATE INDEX pki_certificates_revoked ON pki_certificates (ca_id, revoked_at) WHERE revoked_at IS NOT NULL;

    CREATE TABLE pki_csrs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      status TEXT NOT NULL,
      csr_pem TEXT NOT NULL,
      common_name TEXT,
      alt_names TEXT NOT NULL,
      ip_sans TEXT NOT NULL,
      comment TEXT,
      requested_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      reviewed_by TEXT,
      reviewed_at INTEGER,
      review_reason TEXT,
      certificate_id TEXT
    );
    CREATE INDEX pki_csrs_by_status ON pki_csrs (tenant_id, status, seq);

    CREATE TABLE pki_trust_anchors (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      subject TEXT NOT NULL,
      fingerprint_sha256 TEXT NOT NULL,
      certificate_pem TEXT NOT NULL,
      not_after INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (tenant_id, name)
    );

    -- The current CRL of each CA: its number only grows; regenerated on revocation and before it goes stale.
    CREATE TABLE pki_crls (
      ca_id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      crl_number INTEGER NOT NULL,
      this_update INTEGER NOT NULL,
      next_update INTEGER NOT NULL,
      crl_der BLOB NOT NULL
    ) WITHOUT ROWID;`,
  },
  {
    name: '002-certificate-source',
    sql: `
      -- Who issued it: 'ca', one of this server's CAs (ca_id names it), or 'acme', a public CA through an
      -- ACME order (ca_id names the ACME account), so one list shows every certificate the tenant holds.
      ALTER TABLE pki_certificates ADD COLUMN source TEXT NOT NULL DEFAULT 'ca';`,
  },
];
