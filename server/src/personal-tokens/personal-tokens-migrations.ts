import type { Migration } from '../storage/migrations.js';

/** The personal-tokens area's tables. Append new migrations; never edit or rename one that has shipped. */
export const PERSONAL_TOKENS_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-personal-tokens',
    legacyVersion: 1,
    sql: `
    CREATE TABLE personal_tokens (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      identity_id TEXT NOT NULL,
      display_name TEXT,
      token_hash BLOB NOT NULL UNIQUE,
      prefix TEXT NOT NULL,
      scopes TEXT NOT NULL,
      groups_json TEXT NOT NULL,
      mfa_verified INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER,
      revoked_at INTEGER
    );
  `,
  },
  {
    name: '002-api-key-tokens',
    legacyVersion: 2,
    sql: `
      -- Access tokens minted by client credentials name the API key they came from, so revoking
      -- the key (or deleting its account) ends them at once.
      ALTER TABLE personal_tokens ADD COLUMN api_key_id TEXT;`,
  },
];
