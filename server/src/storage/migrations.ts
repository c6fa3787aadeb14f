import type Database from 'better-sqlite3';

/** One named, append-only change to an area's tables. */
export interface Migration {
  /** Unique within its area and never renamed, e.g. `001-secrets`: the migrations table records it. */
  name: string;
  sql: string;
  /**
   * Databases written before migrations had names counted them in `PRAGMA user_version`; one at
   * this version or later already holds this migration's tables, and records it as applied.
   */
  legacyVersion?: number;
}

/** An area's migrations, in the order they apply. */
export interface AreaMigrations {
  name: string;
  migrations: readonly Migration[];
}

/** The highest `PRAGMA user_version` a server from before named migrations wrote. */
const LAST_LEGACY_VERSION = 2;

/** The database holds what this server cannot read: migrations it does not know, from a newer server. */
export class MigrationError extends Error {
  readonly code = 'EMIGRATION';
}

/** The migrations table and the store's own facts (`server_meta`), applied before any area's. */
export const STORAGE_MIGRATIONS: AreaMigrations = {
  name: 'storage',
  migrations: [
    {
      name: '001-server-meta',
      legacyVersion: 1,
      sql: `
      -- Server-wide facts, e.g. a value sealed under the master key to detect a wrong key at start.
      CREATE TABLE server_meta (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
      );`,
    },
  ],
};

/**
 * Brings the database up to the migrations of `areas` (in list order, each area's in its own
 * order), each in its own transaction with its row in `schema_migrations`. A database from
 * before named migrations is adopted by its `user_version`; one holding a migration this server
 * does not know is refused before anything changes.
 */
export function applyMigrations(
  db: Database.Database,
  areas: readonly AreaMigrations[],
  now: number,
  runInTransaction: (work: () => void) => void,
): void {
  const known = new Set(areas.flatMap((area) => area.migrations.map((migration) => `${area.name}/${migration.name}`)));
  runInTransaction(() => {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (exists) return;
    db.exec(`CREATE TABLE schema_migrations (
      area TEXT NOT NULL,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL,
      PRIMARY KEY (area, name)
    )`);
    const legacy = db.pragma('user_version', { simple: true }) as number;
    if (legacy === 0) return;
    if (legacy > LAST_LEGACY_VERSION)
      throw new MigrationError(
        `the database is at schema version ${legacy}, newer than this server knows (${LAST_LEGACY_VERSION}); run a newer server`,
      );
    const adopt = db.prepare('INSERT INTO schema_migrations (area, name, applied_at) VALUES (?, ?, ?)');
    for (const area of areas)
      for (const migration of area.migrations)
        if (migration.legacyVersion !== undefined && migration.legacyVersion <= legacy) adopt.run(area.name, migration.name, now);
  });
  const applied = db.prepare('SELECT area, name FROM schema_migrations ORDER BY applied_at, area, name').all() as {
    area: string;
    name: string;
  }[];
  const unknown = applied.map((row) => `${row.area}/${row.name}`).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new MigrationError(
      `the database holds migrations this server does not know (${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}): it was written by a newer server; run that version or newer`,
    );
  }
  const done = new Set(applied.map((row) => `${row.area}/${row.name}`));
  const record = db.prepare('INSERT INTO schema_migrations (area, name, applied_at) VALUES (?, ?, ?)');
  for (const area of areas) {
    for (const migration of area.migrations) {
      if (done.has(`${area.name}/${migration.name}`)) continue;
      runInTransaction(() => {
        db.exec(migration.sql);
        record.run(area.name, migration.name, now);
      });
    }
  }
}
