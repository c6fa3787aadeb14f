import type { Migration } from '../storage/migrations.js';

/** The ACME area's tables. Append new migrations; never edit or rename one that has shipped. */
export const ACME_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-acme',
    sql: `
    CREATE TABLE acme_accounts (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      provider TEXT NOT NULL,
      environment TEXT NOT NULL,
      directory_url TEXT NOT NULL,
      email TEXT,
      ca_bundle TEXT,
      sealed_key BLOB NOT NULL,
      account_url TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      UNIQUE (tenant_id, name)
    );

    CREATE TABLE acme_orders (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      account_id TEXT NOT NULL,
      domains TEXT NOT NULL,
      challenge_type TEXT NOT NULL,
      dns_provider_id TEXT,
      csr_pem TEXT,
      auto_renew INTEGER NOT NULL,
      renewal_of TEXT,
      status TEXT NOT NULL,
      stage TEXT NOT NULL,
      problem TEXT,
      dns_records TEXT NOT NULL,
      certificate_id TEXT,
      claimed_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      completed_at INTEGER,
      created_by TEXT NOT NULL
    );
    CREATE INDEX acme_orders_waiting ON acme_orders (status, claimed_at);

    CREATE TABLE acme_certificates (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      order_id TEXT NOT NULL,
      account_id TEXT NOT NULL,
      common_name TEXT NOT NULL,
      alt_names TEXT NOT NULL,
      serial_number TEXT NOT NULL,
      not_before INTEGER NOT NULL,
      not_after INTEGER NOT NULL,
      certificate_pem TEXT NOT NULL,
      chain_pem TEXT NOT NULL,
      sealed_private_key BLOB,
      auto_renew INTEGER NOT NULL,
      renewed_by TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX acme_certificates_by_expiry ON acme_certificates (not_after);`,
  },
];
