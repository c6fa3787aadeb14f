import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import { Kysely } from 'kysely';
import { applyMigrations, STORAGE_MIGRATIONS, type AreaMigrations } from './migrations.js';
import { ensureDataDir } from './data-dir.js';
import type { DatabaseSchema } from './database-schema.js';
import { SqliteEngineDialect, type StatementRunner } from './sqlite-dialect.js';
import type { PreparedQuery } from './prepared-query.js';
import { sql, type RawBuilder } from 'kysely';
import type { CommitHook, Store } from './store.js';

/** The transaction a piece of work runs in; `ended` is shared by its savepoints. */
interface TransactionContext {
  depth: number;
  root: { ended: boolean; afterCommit: (() => void)[] };
}

/**
 * The one storage layer. Areas write their queries with Kysely against `db` (typed by
 * `DatabaseSchema`), so the same query code can target another engine; the store decides where
 * each statement runs: inside the caller's transaction when there is one (found through async
 * context, so it need not be passed along), otherwise on its own — a change made outside any
 * transaction still gets one, so the commit hook sees every change.
 *
 * SQLite: one connection, on disk under a data directory or `:memory:`, so both modes run the
 * same code. Transactions are `BEGIN IMMEDIATE` and one at a time; a statement from outside waits
 * for the open transaction to end rather than seeing or joining it. Durability: WAL with
 * `synchronous=FULL` fsyncs the log on every commit, so a write the API has acknowledged survives
 * kill -9 and power loss alike.
 */
export class SqliteStore implements Store {
  readonly db: Kysely<DatabaseSchema>;
  private readonly raw: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly preparedStatements = new WeakMap<
    PreparedQuery<never, unknown>,
    { statement: Database.Statement; bind: (params: Record<string, unknown>) => unknown[] }
  >();
  private readonly current = new AsyncLocalStorage<TransactionContext>();
  private commitHook: CommitHook | undefined;
  /** Whether a transaction holds the connection; those waiting for it are woken one at a time, in order. */
  private held = false;
  private readonly waiting: (() => void)[] = [];
  private savepoints = 0;

  private constructor(raw: Database.Database) {
    this.raw = raw;
    const runner: StatementRunner = { run: (sql, parameters) => this.execute(sql, parameters) };
    this.db = new Kysely<DatabaseSchema>({ dialect: new SqliteEngineDialect(runner) });
  }

  /** Opens the database and applies the store's and then `areas`' migrations (see `applyMigrations`). */
  static open(dataDir: string | undefined, areas: readonly AreaMigrations[], now: number = Date.now()): SqliteStore {
    let raw: Database.Database;
    if (dataDir === undefined) {
      raw = new Database(':memory:');
    } else {
      ensureDataDir(dataDir);
      raw = new Database(join(dataDir, 'scaivault.db'));
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = FULL');
    }
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    try {
      // Before the server serves anything, so synchronously and without the commit hook.
      applyMigrations(raw, [STORAGE_MIGRATIONS, ...areas], now, (work) => raw.transaction(work).immediate());
    } catch (error) {
      raw.close();
      throw error;
    }
    return new SqliteStore(raw);
  }

  get isOpen(): boolean {
    return this.raw.open;
  }

  get inTransaction(): boolean {
    return this.active() !== undefined;
  }

  /** The caller's transaction, unless it has ended (work it scheduled for later still carries its context). */
  private active(): TransactionContext | undefined {
    const context = this.current.getStore();
    return context && !context.root.ended ? context : undefined;
  }

  /**
   * Work done inside every outermost transaction just before it commits (the audit log writes
   * the record of the request's change there); what it returns runs once the commit succeeded.
   */
  setCommitHook(hook: CommitHook): void {
    this.commitHook = hook;
  }

  /** Runs `work` in one IMMEDIATE transaction; a nested call becomes a savepoint of the outer one. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const outer = this.active();
    if (outer) return this.savepoint(outer, work);
    // Only wait when another transaction holds the connection (awaiting nothing still costs a turn).
    const waiting = this.acquire();
    if (waiting) await waiting;
    const context: TransactionContext = { depth: 0, root: { ended: false, afterCommit: [] } };
    try {
      this.statement('BEGIN IMMEDIATE').run();
      let afterCommit: (() => void) | undefined;
      let result: T;
      try {
        result = await this.current.run(context, async () => {
          const out = await work();
          if (this.commitHook) afterCommit = await this.commitHook();
          return out;
        });
        this.statement('COMMIT').run();
      } catch (error) {
        if (this.raw.inTransaction) this.statement('ROLLBACK').run();
        throw error;
      }
      afterCommit?.();
      for (const callback of context.root.afterCommit) callback();
      return result;
    } finally {
      context.root.ended = true;
      this.release();
    }
  }

  /** Runs a prepared query with `params`; its rows (for a write without RETURNING, none). */
  run<P extends object, R>(query: PreparedQuery<P, R>, params: P): Promise<R[]> {
    try {
      const { statement, bind } = this.preparedOf(query);
      const parameters = bind(params as Record<string, unknown>);
      // Inside the caller's transaction, or a read while no transaction holds the connection, the
      // statement runs now: a request's hot statements cost one settled promise each, not a chain
      // of async frames (each of which the async context tracking pays for too).
      if (this.active() || (!this.held && statement.readonly)) return Promise.resolve(this.runStatement(statement, parameters).rows as R[]);
      return this.executeStatement(statement, parameters).then((result) => result.rows as R[]);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Runs a prepared write; how many rows it changed. */
  async change<P extends object>(query: PreparedQuery<P, unknown>, params: P): Promise<number> {
    const { statement, bind } = this.preparedOf(query);
    return (await this.executeStatement(statement, bind(params as Record<string, unknown>))).changes;
  }

  private preparedOf<P extends object, R>(
    query: PreparedQuery<P, R>,
  ): { statement: Database.Statement; bind: (params: Record<string, unknown>) => unknown[] } {
    const key = query as unknown as PreparedQuery<never, unknown>;
    let found = this.preparedStatements.get(key);
    if (!found) {
      const { sql, bindings } = query.compile(this.db);
      const statement = this.statement(sql);
      const bind = (params: Record<string, unknown>) =>
        bindings.map((binding) => ('name' in binding ? (params[binding.name] ?? null) : binding.value));
      found = { statement, bind };
      this.preparedStatements.set(key, found);
    }
    return found;
  }

  /** Throws unless the database answers a query (readiness). */
  async ping(): Promise<void> {
    await this.execute('SELECT 1', []);
  }

  /** Runs `callback` once the caller's transaction has committed (not at all if it rolls back), or now outside one. */
  afterCommit(callback: () => void): void {
    const context = this.active();
    if (context) context.root.afterCommit.push(callback);
    else callback();
  }

  async close(): Promise<void> {
    if (this.raw.open) this.raw.close();
  }

  insertionOrder(): RawBuilder<unknown> {
    return sql`rowid`;
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
  }

  announce(): void {}

  onAnnouncement(): void {}

  async leads(): Promise<boolean> {
    return true;
  }

  async lock(): Promise<void> {
    // Transactions are BEGIN IMMEDIATE and one at a time: holding one already excludes every other writer.
  }

  private async savepoint<T>(outer: TransactionContext, work: () => Promise<T>): Promise<T> {
    const name = `sp_${++this.savepoints}`;
    this.statement(`SAVEPOINT ${name}`).run();
    try {
      const result = await this.current.run({ depth: outer.depth + 1, root: outer.root }, work);
      this.statement(`RELEASE ${name}`).run();
      return result;
    } catch (error) {
      this.statement(`ROLLBACK TO ${name}`).run();
      this.statement(`RELEASE ${name}`).run();
      throw error;
    }
  }

  /** Where every statement Kysely compiles runs. */
  private execute(sql: string, parameters: readonly unknown[]): Promise<{ rows: unknown[]; changes: number; lastInsertRowid: number }> {
    return this.executeStatement(this.statement(sql), parameters);
  }

  private async executeStatement(
    statement: Database.Statement,
    parameters: readonly unknown[],
  ): Promise<{ rows: unknown[]; changes: number; lastInsertRowid: number }> {
    if (!this.active()) {
      // Not the open transaction's: wait for it to end, and give a change a transaction of its own.
      if (this.held) {
        await this.acquire();
        this.release();
      }
      if (!statement.readonly) return this.transaction(async () => this.runStatement(statement, parameters));
    }
    return this.runStatement(statement, parameters);
  }

  private acquire(): Promise<void> | void {
    if (!this.held) {
      this.held = true;
      return;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the connection to the next in line (it stays held), or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }

  private runStatement(
    statement: Database.Statement,
    parameters: readonly unknown[],
  ): { rows: unknown[]; changes: number; lastInsertRowid: number } {
    if (statement.reader) return { rows: statement.all(...parameters), changes: 0, lastInsertRowid: 0 };
    const result = statement.run(...parameters);
    return { rows: [], changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) };
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
