import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPostgresCluster } from './postgres-cluster.js';

/**
 * The database a dynamic-secrets engine manages in the tests: its own PostgreSQL cluster with
 * password authentication (a trust cluster would let any password in and ignore `VALID UNTIL`),
 * a database `app` with a table the generated roles may read (`orders`) and one they may not
 * (`payroll`), and a root login that has CREATEROLE but is no superuser.
 */
export interface DynamicTarget {
  port: number;
  database: string;
  rootUser: string;
  rootPassword: string;
  /** The engine's `connection_url`, with the documented placeholders. */
  connectionTemplate: string;
  /** As the superuser, on the `app` database. */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Whether a role of that name exists in the cluster. */
  roleExists(name: string): Promise<boolean>;
  /** Opens a session as a generated login (the caller ends it). */
  connectAs(url: string): Promise<pg.Client>;
  stop(): Promise<void>;
}

export async function startDynamicTarget(): Promise<DynamicTarget> {
  const superPassword = randomBytes(12).toString('hex');
  const cluster = await startPostgresCluster({ superuserPassword: superPassword });
  const port = Number(new URL(cluster.url).port);
  const database = 'app';
  const rootUser = 'scaivault_admin';
  const rootPassword = `root-${randomBytes(12).toString('hex')}`;
  const admin = new pg.Client({ connectionString: cluster.url });
  admin.on('error', () => undefined);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const superuser = new pg.Client({ connectionString: cluster.url.replace(/\/postgres$/, `/${database}`) });
  superuser.on('error', () => undefined);
  await superuser.connect();
  await superuser.query(`
    CREATE TABLE orders (id integer PRIMARY KEY, item text NOT NULL);
    INSERT INTO orders VALUES (1, 'tea'), (2, 'coffee');
    CREATE TABLE payroll (name text, salary integer);
    INSERT INTO payroll VALUES ('alice', 100);
    CREATE ROLE ${rootUser} LOGIN CREATEROLE PASSWORD '${rootPassword}';
    GRANT SELECT ON orders TO ${rootUser} WITH GRANT OPTION;
    GRANT pg_signal_backend TO ${rootUser};
  `);
  return {
    port,
    database,
    rootUser,
    rootPassword,
    connectionTemplate: `postgresql://{{username}}:{{password}}@127.0.0.1:${port}/${database}`,
    async query(sql, params) {
      return (await superuser.query(sql, params)).rows;
    },
    async roleExists(name) {
      return (await superuser.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rows.length > 0;
    },
    async connectAs(url) {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    async stop() {
      await superuser.end().catch(() => undefined);
      cluster.stop();
    },
  };
}
