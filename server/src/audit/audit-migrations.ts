import type { Migration } from '../storage/migrations.js';

/** The audit area's tables. Append new migrations; never edit or rename one that has shipped. */
export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-audit',
    legacyVersion: 1,
    sql: `
    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL,
      tenant_id TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      action TEXT NOT NULL,
      identity_type TEXT,
      identity_id TEXT,
      secret_path TEXT,
      source_ip TEXT,
      user_agent TEXT,
      success INTEGER NOT NULL,
      duration_ms INTEGER NOT NULL,
      request_id TEXT NOT NULL,
      extra_data TEXT NOT NULL
    );
    CREATE INDEX audit_by_path ON audit_log (tenant_id, secret_path, seq);
    CREATE INDEX audit_by_request ON audit_log (request_id);`,
  },
];
