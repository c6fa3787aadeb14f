import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshPostgresDatabase, waitFor } from './helpers.js';
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
