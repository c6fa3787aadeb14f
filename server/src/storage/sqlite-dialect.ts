import {
  type CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/** Runs one compiled statement where the store decides (its transaction, or one of its own). */
export interface StatementRunner {
  run(sql: string, parameters: readonly unknown[]): Promise<{ rows: unknown[]; changes: number; lastInsertRowid: number }>;
}

/**
 * Kysely's SQLite compiler in front of the store's own execution: statements are prepared once
 * and cached (the stock dialect prepares every statement again), and transactions are the
 * store's, not Kysely's, so a query written anywhere joins the caller's transaction.
 */
export class SqliteEngineDialect implements Dialect {
  constructor(private readonly runner: StatementRunner) {}

  createAdapter() {
    return new StoreSqliteAdapter();
  }

  createDriver(): Driver {
    return new StoreDriver(this.runner);
  }

  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
}

/**
 * SQLite's adapter, except that Kysely does not serialise queries itself: the store does, and
 * lets a statement run inside the transaction it belongs to (Kysely's lock would make the commit
 * hook's statements wait for the statement whose transaction runs the hook).
 */
class StoreSqliteAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

class StoreDriver implements Driver {
  private readonly connection: DatabaseConnection;

  constructor(runner: StatementRunner) {
    this.connection = {
      async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
        const result = await runner.run(compiled.sql, compiled.parameters);
        return { rows: result.rows as R[], numAffectedRows: BigInt(result.changes), insertId: BigInt(result.lastInsertRowid) };
      },
      streamQuery() {
        throw new Error('streaming queries are not supported');
      },
    };
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }

  async beginTransaction(): Promise<void> {
    throw new Error('use Store.transaction');
  }

  async commitTransaction(): Promise<void> {
    throw new Error('use Store.transaction');
  }

  async rollbackTransaction(): Promise<void> {
    throw new Error('use Store.transaction');
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {}
}
