import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import {
  type CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type RawBuilder,
} from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import type { PreparedQuery } from './prepared-query.js';
import type { CommitHook, Store } from './store.js';
import { STORAGE_MIGRATIONS, MigrationError, type AreaMigrations } from './migrations.js';
import { postgresDdl } from './postgres-ddl.js';

interface TransactionContext {
  client: pg.PoolClient;
  depth: number;
  root: { ended: boolean; afterCommit: (() => void)[] };
}

/** OIDs of int8 and numeric: counts, sums and millisecond timestamps, which fit a JavaScript number. */
const INT8 = 20;
const NUMERIC = 1700;

/**
 * The store on PostgreSQL 14+: a connection pool, each transaction on a client of its own
 * (READ COMMITTED), a statement outside any transaction on whichever client is free. Several
 * server instances may share the database; what must not interleave takes `lock` (a transaction-
 * scoped advisory lock). Loaded only when this engine is chosen.
 */
export class PostgresStore implements Store {
  readonly db: Kysely<DatabaseSchema>;
  private readonly current = new AsyncLocalStorage<TransactionContext>();
  private readonly compiled = new WeakMap<
    PreparedQuery<never, unknown>,
    { name: string; text: string; bind: (params: Record<string, unknown>) => unknown[] }
  >();
  private commitHook: CommitHook | undefined;
  private open = true;
  private savepoints = 0;
  private names = 0;
  /**
   * The session that holds this instance's leadership locks; they end with it. A promise, so jobs
   * asking at the same moment share one session instead of each opening one.
   */
  private leaderSession: Promise<pg.Client> | undefined;
  /** The leadership question in flight on that session; the next one waits for it. */
  private leaderTurn: Promise<void> = Promise.resolve();
  private readonly led = new Set<string>();
  private readonly listeners = new Map<string, (() => void)[]>();
  private listenSession: pg.Client | undefined;
  private listening: Promise<void> | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {
    const connection: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await this.execute(query.sql, query.parameters as unknown[]);
        return { rows: result.rows as R[], numAffectedRows: BigInt(result.rowCount ?? 0) };
      },
      streamQuery() {
        throw new Error('streaming queries are not supported');
      },
    };
    const driver: Driver = {
      init: async () => undefined,
      acquireConnection: async () => connection,
      beginTransaction: async () => Promise.reject(new Error('use Store.transaction')),
      commitTransaction: async () => Promise.reject(new Error('use Store.transaction')),
      rollbackTransaction: async () => Promise.reject(new Error('use Store.transaction')),
      releaseConnection: async () => undefined,
      destroy: async () => undefined,
    };
    const dialect: Dialect = {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    };
    this.db = new Kysely<DatabaseSchema>({ dialect });
  }

  /** Connects, and applies the store's and then `areas`' migrations (one instance at a time). */
  static async open(url: string, areas: readonly AreaMigrations[], now: number, log: (line: string) => void): Promise<PostgresStore> {
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'),
    };
    const pool = new pg.Pool({ connectionString: url, max: 10, types: types as pg.CustomTypesConfig });
    // An idle client the server or network dropped emits 'error'; without a listener that would end the process.
    pool.on('error', (error) => log(`postgres: idle connection lost: ${error.message}`));
    const store = new PostgresStore(pool, url);
    try {
      await store.migrate([STORAGE_MIGRATIONS, ...areas], now);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  get isOpen(): boolean {
    return this.open;
  }

  get inTransaction(): boolean {
    return this.active() !== undefined;
  }

  setCommitHook(hook: CommitHook): void {
    this.commitHook = hook;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const outer = this.active();
    if (outer) return this.savepoint(outer, work);
    const client = await this.pool.connect();
    const context: TransactionContext = { client, depth: 0, root: { ended: false, afterCommit: [] } };
    let broken: Error | undefined;
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      let afterCommit: (() => void) | undefined;
      let result: T;
      try {
        result = await this.current.run(context, async () => {
          const out = await work();
          if (this.commitHook) afterCommit = await this.commitHook();
          return out;
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      afterCommit?.();
      for (const callback of context.root.afterCommit) callback();
      return result;
    } finally {
      context.root.ended = true;
      client.off('error', onError);
      client.release(broken);
    }
  }

  afterCommit(callback: () => void): void {
    const context = this.active();
    if (context) context.root.afterCommit.push(callback);
    else callback();
  }

  async run<P extends object, R>(query: PreparedQuery<P, R>, params: P): Promise<R[]> {
    const key = query as unknown as PreparedQuery<never, unknown>;
    let found = this.compiled.get(key);
    if (!found) {
      const { sql: text, bindings } = query.compile(this.db);
      found = {
        name: `sv_${++this.names}`,
        text,
        bind: (values) => bindings.map((binding) => ('name' in binding ? (values[binding.name] ?? null) : binding.value)),
      };
      this.compiled.set(key, found);
    }
    const result = await this.execute(found.text, found.bind(params as Record<string, unknown>), found.name);
    return result.rows as R[];
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    const leader = await this.leaderSession?.catch(() => undefined);
    await leader?.end().catch(() => undefined);
    await this.listenSession?.end().catch(() => undefined);
    await this.pool.end();
  }

  announce(channel: string): void {
    // pg_notify is sent at commit by PostgreSQL itself; outside a transaction this is its own.
    this.pool.query('SELECT pg_notify($1, $2)', [channelName(channel), String(process.pid)]).catch(() => undefined);
  }

  onAnnouncement(channel: string, listener: () => void): void {
    const list = this.listeners.get(channel) ?? [];
    list.push(listener);
    this.listeners.set(channel, list);
    this.listening ??= this.listen();
  }

  /** One session LISTENs on every channel; if it is lost, the next one starts over (wake-ups meanwhile are missed, nothing else). */
  private async listen(): Promise<void> {
    try {
      const session = new pg.Client({ connectionString: this.url });
      session.on('error', () => {
        if (this.listenSession === session) this.listenSession = undefined;
        this.listening = undefined;
        if (this.open) setTimeout(() => void (this.listening ??= this.listen()), 1000).unref();
      });
      session.on('notification', (message) => {
        if (message.payload === String(process.pid)) return; // our own: already handled locally
        const channel = [...this.listeners.keys()].find((name) => channelName(name) === message.channel);
        for (const listener of (channel && this.listeners.get(channel)) || []) listener();
      });
      await session.connect();
      if (!this.open) {
        await session.end().catch(() => undefined);
        return;
      }
      this.listenSession = session;
      for (const channel of this.listeners.keys()) await session.query(`LISTEN ${channelName(channel)}`);
    } catch {
      this.listening = undefined;
    }
  }

  async leads(name: string): Promise<boolean> {
    if (!this.open) return false;
    if (this.led.has(name)) return true;
    try {
      const session = await (this.leaderSession ??= this.openLeaderSession());
      // Closed meanwhile: close() ends the session it finds here.
      if (!this.open) return false;
      // One query at a time on the shared session: jobs asking together take turns.
      const asked = this.leaderTurn.then(() =>
        session.query<{ taken: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken', [`scaivault:leader:${name}`]),
      );
      this.leaderTurn = asked.then(
        () => undefined,
        () => undefined,
      );
      const result = await asked;
      if (result.rows[0]?.taken) this.led.add(name);
      return this.led.has(name);
    } catch {
      this.led.clear();
      const lost = this.leaderSession;
      this.leaderSession = undefined;
      lost?.then((session) => session.end()).catch(() => undefined);
      return false;
    }
  }

  private openLeaderSession(): Promise<pg.Client> {
    const session = new pg.Client({ connectionString: this.url });
    const opening = session.connect().then(() => session);
    // A lost session loses its locks: forget them, and try again on a new session next time.
    session.on('error', () => {
      this.led.clear();
      if (this.leaderSession === opening) this.leaderSession = undefined;
    });
    return opening;
  }

  insertionOrder(): RawBuilder<unknown> {
    // No rowid here: the physical position is the order of insertion for rows never updated, and
    // this breaks ties only between rows made in the same millisecond.
    return sql`ctid`;
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: string }).code === '23505';
  }

  async lock(key: string): Promise<void> {
    await this.execute('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }

  private active(): TransactionContext | undefined {
    const context = this.current.getStore();
    return context && !context.root.ended ? context : undefined;
  }

  private async savepoint<T>(outer: TransactionContext, work: () => Promise<T>): Promise<T> {
    const name = `sp_${++this.savepoints}`;
    await outer.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await this.current.run({ ...outer, depth: outer.depth + 1 }, work);
      await outer.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await outer.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }

  private async execute(text: string, values: unknown[], name?: string): Promise<pg.QueryResult> {
    const context = this.active();
    const query = name === undefined ? { text, values } : { name, text, values };
    if (context) return context.client.query(query);
    // A change outside any transaction still gets one, so the commit hook sees it.
    if (!/^\s*select\b/i.test(text)) return this.transaction(async () => this.execute(text, values, name));
    return this.pool.query(query);
  }

  /** Like the SQLite runner, on one client, under an advisory lock so instances starting together take turns. */
  private async migrate(areas: readonly AreaMigrations[], now: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', ['scaivault:migrations']);
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (area TEXT COLLATE "C" NOT NULL, name TEXT COLLATE "C" NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (area, name))`,
      );
      const known = new Set(areas.flatMap((area) => area.migrations.map((migration) => `${area.name}/${migration.name}`)));
      const applied = (
        await client.query<{ area: string; name: string }>('SELECT area, name FROM schema_migrations ORDER BY applied_at, area, name')
      ).rows.map((row) => `${row.area}/${row.name}`);
      const unknown = applied.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new MigrationError(
          `the database holds migrations this server does not know (${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}): it was written by a newer server; run that version or newer`,
        );
      }
      const done = new Set(applied);
      for (const area of areas) {
        for (const migration of area.migrations) {
          if (done.has(`${area.name}/${migration.name}`)) continue;
          await client.query('BEGIN');
          try {
            await client.query(postgresDdl(migration.sql));
            await client.query('INSERT INTO schema_migrations (area, name, applied_at) VALUES ($1, $2, $3)', [
              area.name,
              migration.name,
              now,
            ]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          }
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', ['scaivault:migrations']).catch(() => undefined);
      client.release();
    }
  }
}

/** A channel name PostgreSQL accepts as an identifier. */
function channelName(channel: string): string {
  return `scaivault_${channel.replace(/[^a-z0-9_]/gi, '_')}`;
}
