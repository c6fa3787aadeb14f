import type { Migration } from '../storage/migrations.js';

/** The rotation area's tables. Append new migrations; never edit or rename one that has shipped. */
export const ROTATION_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-rotation',
    legacyVersion: 1,
    sql: `
    CREATE TABLE rotation_policies (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      name TEXT NOT NULL,
      description TEXT,
      interval TEXT NOT NULL,
      interval_ms INTEGER NOT NULL,
      grace_period TEXT NOT NULL,
      grace_period_ms INTEGER NOT NULL,
      warn_before TEXT NOT NULL,
      auto_generate INTEGER NOT NULL,
      secret_policy_id TEXT,
      webhook_ids TEXT NOT NULL,
      is_active INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (tenant_id, name)
    );

    CREATE TABLE rotation_history (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      policy_id TEXT NOT NULL,
      secret_path TEXT NOT NULL,
      status TEXT NOT NULL,
      old_version INTEGER,
      new_version INTEGER,
      triggered_by TEXT NOT NULL,
      error TEXT,
      started_at INTEGER NOT NULL,
      completed_at INTEGER
    );
    CREATE INDEX history_by_policy ON rotation_history (policy_id, seq);

    CREATE TABLE schedule_notices (
      tenant_id TEXT NOT NULL,
      path TEXT NOT NULL,
      kind TEXT NOT NULL,
      due_at INTEGER NOT NULL,
      threshold TEXT NOT NULL,
      PRIMARY KEY (tenant_id, path, kind, due_at, threshold)
    ) WITHOUT ROWID;`,
  },
];
