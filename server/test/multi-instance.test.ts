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
  const child = spawn(process.execPath, [bin, '--port', '0', '--storage', storage], {
    env: { ...process.env, SCAIVAULT_DEV_ROOT_TOKEN: TOKEN, SCAIVAULT_MASTER_KEY: key },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
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
  if (child.exitCode !== null || child.signalCode !== null) return;
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
        const response = await fetch(`${url}/v1/secrets/shared/counter`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ data: { worker, i } }),
        });
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

test(
  'an event written through one instance wakes a long-poll held by the other, and none is lost or repeated across that instance restarting',
  { timeout: 40_000 },
  async () => {
    const database = await freshPostgresDatabase();
    const key = randomBytes(32).toString('base64');
    const a = await instance(database.url, key);
    let b = await instance(database.url, key);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const call = async (url: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return (await response.json()) as any;
    };
    try {
      const subscription = await call(a.url, 'POST', '/v1/subscriptions', {
        name: 'across',
        paths: ['across/**'],
        events: ['secret.created'],
        delivery: { type: 'polling' },
      });
      // Held on B for longer than the test may take (60 s against 40 s): only a wake-up from A's write answers it in time.
      const held = call(b.url, 'GET', `/v1/subscriptions/${subscription.id}/poll?timeout=60`);
      await new Promise((done) => setTimeout(done, 200));
      await call(a.url, 'PUT', '/v1/secrets/across/one', { data: { v: 1 } });
      const woken = await held;
      assert.deepEqual(
        woken.events.map((e: { path: string }) => e.path),
        ['across/one'],
      );
      await call(b.url, 'POST', `/v1/subscriptions/${subscription.id}/ack`, {
        event_ids: woken.events.map((e: { event_id: string }) => e.event_id),
      });

      // B goes away; A keeps serving; what A writes meanwhile waits in the queue for B's return.
      await stop(b.child);
      await call(a.url, 'PUT', '/v1/secrets/across/two', { data: { v: 2 } });
      await call(a.url, 'PUT', '/v1/secrets/across/three', { data: { v: 3 } });
      b = await instance(database.url, key);
      const after = await call(b.url, 'GET', `/v1/subscriptions/${subscription.id}/poll?timeout=0`);
      assert.deepEqual(
        after.events.map((e: { path: string }) => e.path),
        ['across/two', 'across/three'],
      );
      await call(b.url, 'POST', `/v1/subscriptions/${subscription.id}/ack`, {
        event_ids: after.events.map((e: { event_id: string }) => e.event_id),
      });
      assert.deepEqual(
        (await call(a.url, 'GET', `/v1/subscriptions/${subscription.id}/poll?timeout=0`)).events,
        [],
        'acknowledged once, through either instance, is gone for both',
      );
    } finally {
      await Promise.all([stop(a.child), stop(b.child)]);
      await database.drop();
    }
  },
);

test('kill -9 of one instance loses no write it acknowledged, and the other keeps serving', { timeout: 60_000 }, async () => {
  const database = await freshPostgresDatabase();
  const key = randomBytes(32).toString('base64');
  const victim = await instance(database.url, key);
  const survivor = await instance(database.url, key);
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const acknowledged: string[] = [];
  let killed = false;
  const writer = async (url: string, name: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const path = `kill/${name}-${i}`;
      try {
        const response = await fetch(`${url}/v1/secrets/${path}`, { method: 'PUT', headers, body: JSON.stringify({ data: { i } }) });
        if (response.status === 200) acknowledged.push(path);
      } catch {
        if (!killed) throw new Error(`${path} failed before the kill`);
        return; // the victim is gone: what it acknowledged is what counts
      }
      if (name === 'victim-0' && i === 40) {
        killed = true;
        victim.child.kill('SIGKILL');
      }
    }
  };
  try {
    await Promise.all([
      writer(victim.url, 'victim-0', 1000),
      writer(victim.url, 'victim-1', 1000),
      writer(survivor.url, 'survivor-0', 150),
      writer(survivor.url, 'survivor-1', 150),
    ]);
    assert.ok(acknowledged.filter((path) => path.includes('survivor')).length === 300, 'the survivor served every request');
    for (const path of acknowledged) {
      const read = await fetch(`${survivor.url}/v1/secrets/${path}`, { headers });
      assert.equal(read.status, 200, path);
    }
  } finally {
    await Promise.all([stop(victim.child), stop(survivor.child)]);
    await database.drop();
  }
});
