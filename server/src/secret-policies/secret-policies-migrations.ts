import type { Migration } from '../storage/migrations.js';

/** The secret-policies area's tables. Append new migrations; never edit or rename one that has shipped. */
export const SECRET_POLICIES_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-secret-policies',
    legacyVersion: 1,
    sql: `
    CREATE TABLE secret_policies (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT,
      policy_type TEXT NOT NULL,
      fields TEXT NOT NULL,
      is_active INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );`,
  },
];
