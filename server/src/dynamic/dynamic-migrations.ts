import type { Migration } from '../storage/migrations.js';

/** The dynamic-secrets area's tables. Append new migrations; never edit or rename one that has shipped. */
export const DYNAMIC_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-dynamic',
    sql: `
    CREATE TABLE dynamic_engines (
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      engine_type TEXT NOT NULL,
      plugin TEXT NOT NULL,
      connection_url TEXT NOT NULL,
      root_credentials_path TEXT NOT NULL,
      default_ttl TEXT NOT NULL,
      default_ttl_ms INTEGER NOT NULL,
      max_ttl TEXT NOT NULL,
      max_ttl_ms INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (tenant_id, name)
    ) WITHOUT ROWID;

    CREATE TABLE dynamic_roles (
      tenant_id TEXT NOT NULL,
      engine TEXT NOT NULL,
      name TEXT NOT NULL,
      creation_statements TEXT NOT NULL,
      revocation_statements TEXT NOT NULL,
      renew_statements TEXT NOT NULL,
      default_ttl TEXT,
      default_ttl_ms INTEGER,
      max_ttl TEXT,
      max_ttl_ms INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (tenant_id, engine, name)
    ) WITHOUT ROWID;

    CREATE TABLE dynamic_leases (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      engine TEXT NOT NULL,
      role TEXT NOT NULL,
      username TEXT NOT NULL,
      status TEXT NOT NULL,
      issued_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      max_expires_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      revoked_at INTEGER,
      revocation_attempts INTEGER NOT NULL,
      next_attempt_at INTEGER,
      last_error TEXT
    );
    CREATE INDEX dynamic_leases_by_engine ON dynamic_leases (tenant_id, engine, id);
    CREATE INDEX dynamic_leases_due ON dynamic_leases (status, expires_at);`,
  },
];
