import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshPostgresDatabase } from './helpers.js';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin.js');
const TOKEN = 'skt_multi_instance_root';

/** A real server process on the shared database; resolves once it prints its URL. */
function instance(storage: string, key: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [bin, '--port', '0', '--storage', storage], { env: { ...process.env, SCAIVAULT_DEV_ROOT_TOKEN: TOKEN, SCAIVAULT_MASTER_KEY: key }, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /^export SCAIVAULT_URL=(\S+)$/m.exec(out);
      if (match) resolvePromise({ url: match[1]!, child });
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise((done) => {
    child.on('exit', done);
    child.kill('SIGTERM');
  });
}

test('two instances on one PostgreSQL database, 4 writers each, 500 writes each to one path: versions 1..4000, none twice, none missing', async () => {
  const database = await freshPostgresDatabase();
  const key = randomBytes(32).toString('base64');
  const servers = [await instance(database.url, key), await instance(database.url, key)];
  try {
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const writer = async (url: string, worker: number) => {
      const versions: number[] = [];
      for (let i = 0; i < 500; i++) {
        const response = await fetch(`${url}/v1/secrets/shared/counter`, { method: 'PUT', headers, body: JSON.stringify({ data: { worker, i } }) });
        assert.equal(response.status, 200);
        versions.push(((await response.json()) as { version: number }).version);
      }
      return versions;
    };
    const all = (await Promise.all(servers.flatMap((server, s) => [0, 1, 2, 3].map((w) => writer(server.url, s * 4 + w))))).flat();
    assert.deepEqual(
      [...all].sort((a, b) => a - b),
      Array.from({ length: 4000 }, (_, i) => i + 1),
    );
    // Either instance reads what the other wrote.
    for (const server of servers) {
      const read = await fetch(`${server.url}/v1/secrets/shared/counter`, { headers });
      assert.equal(((await read.json()) as { version: number }).version, 4000);
    }
  } finally {
    await Promise.all(servers.map((server) => stop(server.child)));
    await database.drop();
  }
});
