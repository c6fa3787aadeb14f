import type { Kysely, RawBuilder } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import type { PreparedQuery } from './prepared-query.js';

/** Work done inside every outermost transaction just before it commits; what it returns runs after the commit. */
export type CommitHook = () => Promise<(() => void) | undefined>;

/**
 * The one storage layer, on either engine (`SqliteStore`, `PostgresStore`). Areas write their
 * queries with Kysely against `db` (typed by `DatabaseSchema`); the store decides where each
 * statement runs: inside the caller's transaction when there is one (found through async context,
 * so it need not be passed along), otherwise on its own — a change made outside any transaction
 * still gets one, so the commit hook sees every change. What the engines spell differently is a
 * method here, one name each.
 */
export interface Store {
  readonly db: Kysely<DatabaseSchema>;
  readonly isOpen: boolean;
  readonly inTransaction: boolean;
  setCommitHook(hook: CommitHook): void;
  /** Runs `work` in one transaction; a nested call becomes a savepoint of the outer one. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `callback` once the caller's transaction has committed (not at all if it rolls back), or now outside one. */
  afterCommit(callback: () => void): void;
  /** Runs a prepared query with `params`; its rows (for a write without RETURNING, none). */
  run<P extends object, R>(query: PreparedQuery<P, R>, params: P): Promise<R[]>;
  /** Throws unless the database answers a query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The order rows were inserted in (breaks ties between rows made in the same millisecond). */
  insertionOrder(): RawBuilder<unknown>;
  /** Whether a failed statement broke a UNIQUE constraint. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Whether this server is the one that runs the background job `name` (the rotation scheduler,
   * webhook deliveries). Asked again before each run: leadership moves to another instance once the
   * leader's database session ends, kill -9 included. With SQLite there is one server, always leader.
   */
  leads(name: string): Promise<boolean>;
  /**
   * Tells the other server instances on this database that `channel` changed (after a commit), and
   * calls `listener` when another instance says so. Only a wake-up: what changed is in the tables.
   * With SQLite there are no other instances.
   */
  announce(channel: string): void;
  onAnnouncement(channel: string, listener: () => void): void;
  /** Inside a transaction: holds `key` until it ends, so read-then-write on one record (a secret's next version) is never interleaved. */
  lock(key: string): Promise<void>;
}
