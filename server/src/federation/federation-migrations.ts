import type { Migration } from '../storage/migrations.js';

/** The federation area's tables. Append new migrations; never edit or rename one that has shipped. */
export const FEDERATION_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-federation',
    sql: `
    CREATE TABLE federation_backends (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      backend_type TEXT NOT NULL,
      mode TEXT NOT NULL,
      config TEXT NOT NULL,
      path_mapping TEXT NOT NULL,
      sync_interval TEXT,
      sync_interval_ms INTEGER,
      write_through INTEGER NOT NULL,
      connection_status TEXT NOT NULL,
      connection_checked_at INTEGER,
      connection_error TEXT,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX federation_backends_by_name ON federation_backends (tenant_id, name);

    CREATE TABLE federation_syncs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      backend_id TEXT NOT NULL,
      status TEXT NOT NULL,
      sync_trigger TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      completed_at INTEGER,
      secrets_synced INTEGER NOT NULL,
      conflicts INTEGER NOT NULL,
      error TEXT
    );
    CREATE INDEX federation_syncs_by_backend ON federation_syncs (backend_id, seq);

    CREATE TABLE federation_copies (
      tenant_id TEXT NOT NULL,
      path TEXT NOT NULL,
      backend_id TEXT NOT NULL,
      local_version INTEGER NOT NULL,
      remote_version TEXT,
      synced_at INTEGER NOT NULL,
      PRIMARY KEY (tenant_id, path)
    );

    CREATE TABLE federation_conflicts (
      tenant_id TEXT NOT NULL,
      backend_id TEXT NOT NULL,
      path TEXT NOT NULL,
      backend_path TEXT NOT NULL,
      local_version INTEGER NOT NULL,
      remote_version TEXT,
      detected_at INTEGER NOT NULL,
      PRIMARY KEY (backend_id, path)
    );`,
  },
];
