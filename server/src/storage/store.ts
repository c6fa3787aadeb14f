import Database from 'better-sqlite3';
import { join } from 'node:path';
import { applyMigrations, STORAGE_MIGRATIONS, type AreaMigrations } from './migrations.js';
import { ensureDataDir } from './data-dir.js';

/**
 * The one storage layer: a SQLite database, on disk under a data directory or `:memory:`, so
 * both modes run the same code. Area modules prepare their own statements through `prepare`,
 * which caches them, and group writes with `transaction`.
 *
 * Durability: WAL with `synchronous=FULL` fsyncs the log on every commit, so a write the API
 * has acknowledged survives kill -9 and power loss alike. (NORMAL would survive kill -9 but
 * could lose the last commits on power loss; a local server's write rate does not need that trade.)
 */
export class Store {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private commitHook: (() => (() => void) | undefined) | undefined;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens the database and applies the store's and then `areas`' migrations (see `applyMigrations`). */
  static open(dataDir: string | undefined, areas: readonly AreaMigrations[], now: number = Date.now()): Store {
    let db: Database.Database;
    if (dataDir === undefined) {
      db = new Database(':memory:');
    } else {
      ensureDataDir(dataDir);
      db = new Database(join(dataDir, 'scaivault.db'));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const store = new Store(db);
    try {
      applyMigrations(db, [STORAGE_MIGRATIONS, ...areas], now, (work) => store.transaction(work));
    } catch (error) {
      db.close();
      throw error;
    }
    return store;
  }

  prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (!statement.reader) this.runInTransaction(statement);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * A write run on its own still goes through `transaction`, so the commit hook sees every change.
   * (better-sqlite3 counts `... RETURNING` as a reader: run such a write inside `transaction`.)
   */
  private runInTransaction(statement: Database.Statement): void {
    const run = statement.run.bind(statement);
    statement.run = ((...params: unknown[]) => (this.db.inTransaction ? run(...params) : this.transaction(() => run(...params)))) as Database.Statement['run'];
  }

  /**
   * Work done inside every outermost transaction just before it commits (the audit log writes
   * the record of the request's change there); what it returns runs once the commit succeeded.
   */
  setCommitHook(hook: () => (() => void) | undefined): void {
    this.commitHook = hook;
  }

  /** Runs `work` in one IMMEDIATE transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    const hook = this.commitHook;
    if (!hook || this.db.inTransaction) return this.db.transaction(work).immediate();
    let afterCommit: (() => void) | undefined;
    const result = this.db
      .transaction(() => {
        const out = work();
        afterCommit = hook();
        return out;
      })
      .immediate();
    afterCommit?.();
    return result;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
