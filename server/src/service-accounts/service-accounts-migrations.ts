import type { Migration } from '../storage/migrations.js';

/** The service-accounts area's tables. Append new migrations; never edit or rename one that has shipped. */
export const SERVICE_ACCOUNTS_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-service-accounts',
    legacyVersion: 1,
    sql: `
    CREATE TABLE service_accounts (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      identity_id TEXT NOT NULL,
      description TEXT,
      roles TEXT NOT NULL,
      scopes TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (tenant_id, identity_id)
    );

    CREATE TABLE api_keys (
      id TEXT PRIMARY KEY,
      service_account_id TEXT NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      token_hash BLOB NOT NULL UNIQUE,
      prefix TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER,
      revoked_at INTEGER,
      last_used_at INTEGER
    );`,
  },
  {
    name: '002-tombstones',
    legacyVersion: 2,
    sql: `
      -- A deleted service account stays as a tombstone, so its identity is never handed to a new
      -- account (which would inherit the old one's policy bindings and subscriptions).
      ALTER TABLE service_accounts ADD COLUMN deleted_at INTEGER;`,
  },
];
