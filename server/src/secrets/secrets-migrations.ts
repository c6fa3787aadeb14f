import type { Migration } from '../storage/migrations.js';

/** The secrets area's tables. Append new migrations; never edit or rename one that has shipped. */
export const SECRETS_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-secrets',
    legacyVersion: 1,
    sql: `
    CREATE TABLE secrets (
      tenant_id TEXT NOT NULL,
      path TEXT NOT NULL,
      secret_type TEXT NOT NULL,
      metadata TEXT NOT NULL,
      current_version INTEGER NOT NULL,
      max_versions INTEGER NOT NULL,
      expires_at INTEGER,
      rotation_policy_id TEXT,
      secret_policy_id TEXT,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      last_rotated_at INTEGER,
      last_accessed_at INTEGER,
      deleted_at INTEGER,
      recoverable_until INTEGER,
      PRIMARY KEY (tenant_id, path)
    ) WITHOUT ROWID;
    CREATE INDEX secrets_by_rotation_policy ON secrets (rotation_policy_id) WHERE rotation_policy_id IS NOT NULL;
    CREATE INDEX secrets_by_expiry ON secrets (tenant_id, expires_at) WHERE expires_at IS NOT NULL;

    CREATE TABLE secret_versions (
      tenant_id TEXT NOT NULL,
      path TEXT NOT NULL,
      version INTEGER NOT NULL,
      key_id TEXT NOT NULL,
      nonce BLOB NOT NULL,
      ciphertext BLOB NOT NULL,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      readable_until INTEGER,
      PRIMARY KEY (tenant_id, path, version)
    ) WITHOUT ROWID;`,
  },
];
