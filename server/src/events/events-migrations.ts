import type { Migration } from '../storage/migrations.js';

/** The events area's tables. Append new migrations; never edit or rename one that has shipped. */
export const EVENTS_MIGRATIONS: readonly Migration[] = [
  {
    name: '001-events',
    legacyVersion: 1,
    sql: `
    CREATE TABLE events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL UNIQUE,
      tenant_id TEXT NOT NULL,
      event_type TEXT NOT NULL,
      timestamp INTEGER NOT NULL,
      path TEXT,
      envelope TEXT NOT NULL
    );`,
  },
];
