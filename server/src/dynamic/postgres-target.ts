import type pgTypes from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { Escaping } from './statement-templates.js';

type PgModule = typeof pgTypes;
let driver: Promise<PgModule> | undefined;
/** `pg` is loaded the first time an engine talks to its database, not when the server starts. */
function loadDriver(): Promise<PgModule> {
  driver ??= import('pg').then((module) => module.default);
  return driver;
}

/** A failure of the target database, its message already stripped of every credential. */
export class TargetError extends Error {
  constructor(
    message: string,
    /** SQLSTATE when the database answered, e.g. `42601`. */
    readonly sqlState: string | undefined,
    /** The database could not be reached or refused the login (as opposed to a failing statement). */
    readonly connecting: boolean,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/** A target URL with the credential values that must never appear in a message about it. */
export interface TargetAddress {
  /** Identifies the pool: one per engine. */
  key: string;
  url: string;
  secrets: readonly string[];
}

const CONNECT_TIMEOUT_MS = 5_000;
/**
 * Every engine transaction takes this advisory lock first. Two GRANTs on one table at once fail
 * with `tuple concurrently updated` (both rewrite the table's ACL row), so concurrent credentials
 * for one role would fail at random; the lock queues them instead, across server instances too.
 */
const STATEMENTS_LOCK = 0x5ca1_7a01;
const POOL_SIZE = 8;

/** BEGIN, the advisory lock, the statements, COMMIT, as one query text. */
function transaction(statements: readonly string[]): string {
  return ['BEGIN', `SELECT pg_advisory_xact_lock(${STATEMENTS_LOCK})`, ...statements, 'COMMIT'].join('\n;\n');
}

/** Replaces every secret (and its URL-encoded and SQL-quoted spellings) in a message. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), secret.replace(/'/g, "''")])) out = out.split(form).join('[redacted]');
  }
  return out;
}

function targetError(error: unknown, secrets: readonly string[], connecting: boolean): TargetError {
  const raw = error as { message?: string; code?: string };
  const message = scrub(raw.message || String(error), secrets);
  const sqlState = typeof raw.code === 'string' && /^[0-9A-Z]{5}$/.test(raw.code) ? raw.code : undefined;
  // A refused login is the database answering, but to the engine it is a connection failure.
  const loginFailed = sqlState !== undefined && (sqlState.startsWith('28') || sqlState === '3D000');
  return new TargetError(message, sqlState, connecting || loginFailed);
}

/**
 * The PostgreSQL side of a database engine: a small connection pool per engine (rebuilt when the
 * root credentials change), statements run in one transaction, and sessions of a revoked role
 * terminated — PostgreSQL checks `VALID UNTIL` and the role's existence only at login.
 */
export class PostgresTarget {
  private readonly pools = new Map<string, { url: string; pool: Pool }>();

  /** The driver's own escaping functions; templates are filled only through these. */
  async escaping(): Promise<Escaping> {
    const pg = await loadDriver();
    return { identifier: (value) => pg.escapeIdentifier(value), literal: (value) => pg.escapeLiteral(value) };
  }

  /**
   * Opens a fresh connection (no pool) and checks that the login may create roles. Answers what is
   * wrong, scrubbed, or undefined when the engine can work.
   */
  async check(address: TargetAddress): Promise<{ problem: string | undefined; latencyMs: number }> {
    const pg = await loadDriver();
    const started = performance.now();
    const client = new pg.Client({ connectionString: address.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ rolname: string; rolsuper: boolean; rolcreaterole: boolean }>(
        'SELECT rolname, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user',
      );
      const me = rows[0];
      if (!me || (!me.rolsuper && !me.rolcreaterole))
        return {
          problem: `the login role '${me?.rolname ?? '?'}' cannot create roles (it needs CREATEROLE)`,
          latencyMs: performance.now() - started,
        };
      return { problem: undefined, latencyMs: performance.now() - started };
    } catch (error) {
      return { problem: targetError(error, address.secrets, true).message, latencyMs: performance.now() - started };
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Runs `statements` in one transaction: all of them take effect, or (on any error) none. The
   * whole transaction is sent as one query text (one round trip); each statement is closed on a
   * line of its own, so a template ending in a `--` comment cannot swallow the separator.
   */
  runInTransaction(address: TargetAddress, statements: readonly string[], extraSecrets: readonly string[] = []): Promise<void> {
    return this.runScript(address, transaction(statements), [...address.secrets, ...extraSecrets]);
  }

  /**
   * Ends a login: its open sessions (on any database of the cluster), then the revocation
   * statements in one transaction, then any session that logged in meanwhile — one round trip.
   */
  async revokeLogin(address: TargetAddress, username: string, statements: readonly string[]): Promise<void> {
    const pg = await loadDriver();
    const terminate = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ${pg.escapeLiteral(username)} AND pid <> pg_backend_pid()`;
    await this.runScript(address, `${terminate}\n;\n${transaction(statements)}\n;\n${terminate}`, address.secrets);
  }

  private async runScript(address: TargetAddress, script: string, secrets: readonly string[]): Promise<void> {
    await this.withClient(address, secrets, async (client) => {
      try {
        await client.query(script);
      } catch (error) {
        // A statement failed inside the transaction: end it, so the pooled connection is clean.
        await client.query('ROLLBACK').catch(() => undefined);
        throw targetError(error, secrets, false);
      }
    });
  }

  /** Ends every session of `username` (on any database of the cluster); how many there were. */
  async terminateSessions(address: TargetAddress, username: string): Promise<number> {
    return this.withClient(address, address.secrets, async (client) => {
      try {
        const { rows } = await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()',
          [username],
        );
        return rows.length;
      } catch (error) {
        throw targetError(error, address.secrets, false);
      }
    });
  }

  async roleExists(address: TargetAddress, username: string): Promise<boolean> {
    return this.withClient(address, address.secrets, async (client) => {
      const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [username]);
      return rows.length > 0;
    });
  }

  /** Closes the pool of one engine (deleted or reconfigured). */
  async forget(key: string): Promise<void> {
    const entry = this.pools.get(key);
    this.pools.delete(key);
    await entry?.pool.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    const entries = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(entries.map((entry) => entry.pool.end().catch(() => undefined)));
  }

  private async withClient<T>(address: TargetAddress, secrets: readonly string[], work: (client: PoolClient) => Promise<T>): Promise<T> {
    // The engine's pool as it is (every request after the first), else made now.
    const current = this.pools.get(address.key);
    const pool = current && current.url === address.url ? current.pool : await this.pool(address);
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw targetError(error, secrets, true);
    }
    let broken = false;
    // A connection the database drops while it is checked out emits 'error' on the client (the
    // pool listens only while it is idle); unheard, that event would end the process.
    const dropped = () => (broken = true);
    client.on('error', dropped);
    try {
      return await work(client);
    } catch (error) {
      broken = !(error instanceof TargetError) || error.connecting;
      throw error instanceof TargetError ? error : targetError(error, secrets, false);
    } finally {
      client.off('error', dropped);
      client.release(broken);
    }
  }

  private async pool(address: TargetAddress): Promise<Pool> {
    const current = this.pools.get(address.key);
    if (current && current.url === address.url) return current.pool;
    if (current) void current.pool.end().catch(() => undefined);
    const pg = await loadDriver();
    const pool = new pg.Pool({
      connectionString: address.url,
      max: POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      allowExitOnIdle: true,
    });
    // An idle connection the database closed (a restart, a terminated backend) must not crash the server.
    pool.on('error', () => undefined);
    this.pools.set(address.key, { url: address.url, pool });
    return pool;
  }
}
