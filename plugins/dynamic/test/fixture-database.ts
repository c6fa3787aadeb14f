import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The PostgreSQL database the fixture scenarios' engine manages: the cluster CI started
 * (`SCAIVAULT_TEST_POSTGRES_URL`) or a throwaway one started here (initdb + pg_ctl, trust on
 * loopback, as the non-root `postgres` user when run as root), with a database holding an
 * `orders` table. Set up once per recording run through `psql`, so the plugin needs no driver.
 */
export interface FixtureDatabase {
  /** The engine's connection URL, with the documented placeholders. */
  connectionTemplate: string;
  /** Runs SQL as the superuser on that database. */
  psql(sql: string): string;
}

const BIN_DIRS = [
  '/usr/lib/postgresql/17/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/14/bin',
  '/usr/local/bin',
  '/usr/bin',
];

function tool(name: string): string {
  const dir = BIN_DIRS.find((candidate) => existsSync(join(candidate, name)));
  if (!dir) throw new Error(`${name} not found: install PostgreSQL (apt-get install -y postgresql) or set SCAIVAULT_TEST_POSTGRES_URL`);
  return join(dir, name);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function adminUrl(): Promise<string> {
  if (process.env.SCAIVAULT_TEST_POSTGRES_URL) return process.env.SCAIVAULT_TEST_POSTGRES_URL;
  const dir = mkdtempSync(join(tmpdir(), 'sv-fixture-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (file: string, args: string[]) => {
    const result = asRoot
      ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', [file, ...args].map((a) => `'${a}'`).join(' ')], { encoding: 'utf8' })
      : spawnSync(file, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr || result.stdout}`);
  };
  const data = join(dir, 'data');
  run(tool('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  run(tool('pg_ctl'), ['-D', data, '-o', `-p ${port} -h 127.0.0.1 -k ${dir}`, '-l', join(dir, 'log'), '-w', 'start']);
  process.once('exit', () => {
    try {
      run(tool('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
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
