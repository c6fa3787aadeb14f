import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for the tests: initdb and pg_ctl as the non-root `postgres` user
 * (or as this user when it is not root), on a free loopback port, in a temporary directory.
 * `.ci/run` starts one the same way and passes its URL in SCAIVAULT_TEST_POSTGRES_URL; without
 * that, a test that needs PostgreSQL starts its own.
 */
export interface PostgresCluster {
  /** An admin URL (database `postgres`, trust authentication on loopback). */
  url: string;
  stop(): void;
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `superuserPassword`: password (SCRAM) authentication over TCP instead of trust, for tests that
 * need PostgreSQL to check passwords and `VALID UNTIL`; the URL then carries the password.
 */
export async function startPostgresCluster(options: { superuserPassword?: string } = {}): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'sv-pg-'));
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
  const auth = ['-A', 'trust'];
  if (options.superuserPassword !== undefined) {
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${options.superuserPassword}\n`, { mode: 0o644 });
    auth.splice(0, 2, '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`);
  }
  run(tool('initdb'), ['-D', data, ...auth, '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  run(tool('pg_ctl'), ['-D', data, '-o', `-p ${port} -h 127.0.0.1 -k ${dir}`, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    url:
      options.superuserPassword === undefined
        ? `postgres://postgres@127.0.0.1:${port}/postgres`
        : `postgres://postgres:${encodeURIComponent(options.superuserPassword)}@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(tool('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The cluster CI started, or one of our own (stopped when the process exits). */
let shared: Promise<string> | undefined;
export function testPostgresUrl(): Promise<string> {
  shared ??= (async () => {
    if (process.env.SCAIVAULT_TEST_POSTGRES_URL) return process.env.SCAIVAULT_TEST_POSTGRES_URL;
    const cluster = await startPostgresCluster();
    process.once('exit', () => cluster.stop());
    return cluster.url;
  })();
  return shared;
}
