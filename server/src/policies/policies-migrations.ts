import type { Migration } from '../storage/migrations.js';

/** The policies area's tables. Append new migrations; never edit or rename one that has shipped. */
export const POLICIES_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-policies',
    legacyVersion: 1,
    sql: `
    CREATE TABLE access_policies (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT,
      rules TEXT NOT NULL,
      scope TEXT NOT NULL,
      is_active INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE policy_bindings (
      id TEXT PRIMARY KEY,
      policy_id TEXT NOT NULL REFERENCES access_policies (id) ON DELETE CASCADE,
      tenant_id TEXT NOT NULL,
      identity_type TEXT NOT NULL,
      identity_id TEXT NOT NULL,
      expires_at INTEGER,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX bindings_by_identity ON policy_bindings (tenant_id, identity_id);
    CREATE INDEX bindings_by_policy ON policy_bindings (policy_id);`,
  },
];
