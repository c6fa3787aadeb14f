import { spawnSync } from 'node:child_process';

/**
 * The PostgreSQL database the fixture scenarios' engine manages: the cluster CI started
 * (`SCAIVAULT_TEST_POSTGRES_URL`) or a throwaway one started for the run (initdb + pg_ctl, trust on
 * loopback, as the non-root `postgres` user when run as root), with a database holding an
 * `orders` table. Set up once per recording run through `psql`, so the plugin needs no driver.
 */
export interface FixtureDatabase {
  /** The engine's connection URL, with the documented placeholders. */
  connectionTemplate: string;
  /** Runs SQL as the superuser on that database. */
  psql(sql: string): string;
}

/** The cluster CI started, or one started for this process: the server tests' own helper. */
async function adminUrl(): Promise<string> {
  const helper = new URL('../../../../server/dist/test/postgres-cluster.js', import.meta.url).href;
  const { testPostgresUrl } = (await import(helper)) as { testPostgresUrl: () => Promise<string> };
  return testPostgresUrl();
}

function psqlAt(url: string, sql: string): string {
  const result = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout;
}

let shared: Promise<FixtureDatabase> | undefined;
export function fixtureDatabase(): Promise<FixtureDatabase> {
  shared ??= (async () => {
    const admin = await adminUrl();
    const name = 'sv_dynamic_fixtures';
    psqlAt(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    psqlAt(admin, `CREATE DATABASE ${name}`);
    const url = admin.replace(/\/[^/]*$/, `/${name}`);
    psqlAt(url, "CREATE TABLE orders (id integer PRIMARY KEY, item text); INSERT INTO orders VALUES (1, 'tea')");
    const target = new URL(url);
    return {
      connectionTemplate: `postgresql://{{username}}:{{password}}@${target.host}${target.pathname}`,
      psql: (sql) => psqlAt(url, sql),
    };
  })();
  return shared;
}
