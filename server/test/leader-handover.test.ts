import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshPostgresDatabase, waitFor } from './helpers.js';
import pg from 'pg';
import { PostgresStore } from '../src/storage/postgres-store.js';

const storeModule = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'storage', 'postgres-store.js')).href;

test('one instance leads a background job; kill -9 of the leader hands it to another', async () => {
  const database = await freshPostgresDatabase();
  // The leader is a process of its own, so it can die the hard way.
  const script = `const { PostgresStore } = await import(${JSON.stringify(storeModule)});
    const store = await PostgresStore.open(process.argv[1], [], Date.now(), () => {});
    process.stdout.write(String(await store.leads('rotation-scheduler')) + '\\n');
    setInterval(() => {}, 1000);`;
  const leader = spawn(process.execPath, ['--input-type=module', '-e', script, database.url], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((done) => leader.on('exit', done));
  const other = await PostgresStore.open(database.url, [], Date.now(), () => undefined);
  try {
    const first = await new Promise<string>((done) => leader.stdout.once('data', (chunk: Buffer) => done(chunk.toString().trim())));
    assert.equal(first, 'true', 'the first to ask leads');
    assert.equal(await other.leads('rotation-scheduler'), false, 'while the leader lives, nobody else leads');
    assert.equal(await other.leads('webhook-sender'), true, 'each job has a leader of its own');
    leader.kill('SIGKILL');
    await exited;
    assert.equal(await waitFor(async () => ((await other.leads('rotation-scheduler')) ? true : undefined), 20_000), true);
  } finally {
    leader.kill('SIGKILL');
    await other.close();
    await database.drop();
  }
});

test('jobs asking for leadership at the same moment share one session, and closing the store leaves none open', async () => {
  const database = await freshPostgresDatabase();
  const sessions = async () => {
    const observer = new pg.Client({ connectionString: database.url });
    observer.on('error', () => undefined);
    await observer.connect();
    const { rows } = await observer.query<{ count: string }>(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_try_advisory_lock%'",
    );
    await observer.end();
    return Number(rows[0]!.count);
  };
  const store = await PostgresStore.open(database.url, [], Date.now(), () => undefined);
  try {
    // Every background job's first tick comes at the same interval; on one session they take turns
    // (pg warns, and will refuse, when a query is sent while another is running).
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    const answers = await Promise.all(
      ['rotation-scheduler', 'webhook-sender', 'pki-crl-refresher', 'dynamic-lease-reaper'].map((job) => store.leads(job)),
    );
    assert.deepEqual(answers, [true, true, true, true]);
    assert.equal(await sessions(), 1, 'one leadership session for every job');
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    assert.deepEqual(warnings, []);
    // Asked while closing: nothing opens after the close.
    const late = store.leads('late-job');
    await store.close();
    assert.equal(await late, false);
    assert.equal(await waitFor(async () => ((await sessions()) === 0 ? 0 : undefined)), 0, 'no session outlives the store');
  } finally {
    await store.close();
    await database.drop();
  }
});
