import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/index.js';
import { startTestServer } from './helpers.js';

const BIN = fileURLToPath(new URL('../src/bin.js', import.meta.url));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scaivault-server-test-'));
}

test('8 concurrent writers × 500 writes to one path: versions strictly increase and none is lost', async () => {
  const server = await startTestServer();
  // node:http with keep-alive: a lighter client than fetch, so the test measures the server.
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const target = new URL(server.url);
  const put = (body: string) =>
    new Promise<{ status: number; version: number }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: '/v1/secrets/contended/path',
          method: 'PUT',
          agent,
          headers: { authorization: `Bearer ${server.rootToken}`, 'content-type': 'application/json' },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, version: (JSON.parse(text) as { version: number }).version }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  try {
    const writer = async (id: number) => {
      const versions: number[] = [];
      for (let i = 0; i < 500; i++) {
        const response = await put(JSON.stringify({ data: { writer: id, i }, options: { max_versions: 1000 } }));
        assert.equal(response.status, 200);
        versions.push(response.version);
      }
      return versions;
    };
    const perWriter = await Promise.all(Array.from({ length: 8 }, (_, id) => writer(id)));
    for (const versions of perWriter) {
      for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! > versions[i - 1]!, 'each writer sees strictly increasing versions');
    }
    const all = perWriter.flat().sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 4000 }, (_, i) => i + 1),
      'every version 1..4000 handed out exactly once',
    );
    const latest = await server.api('GET', '/v1/secrets/contended/path');
    assert.equal(latest.body.version, 4000);
    const versions = await server.api('GET', '/v1/secrets/contended/path/versions');
    assert.equal(versions.body.versions.length, 1000);
    const sample = await server.api('GET', '/v1/secrets/contended/path?version=3001');
    assert.equal(typeof sample.body.data.writer, 'number');
  } finally {
    agent.destroy();
    await server.close();
  }
});

test('master key is created 0600; no secret plaintext, API key or webhook secret reaches the database files', async () => {
  const dataDir = tempDir();
  try {
    const server = await startTestServer({ dataDir });
    const marker = `plaintext-marker-${randomBytes(8).toString('hex')}`;
    const webhookSecret = `whsec-marker-${randomBytes(8).toString('hex')}`;
    await server.api('PUT', '/v1/secrets/grep/me', { data: { password: marker }, metadata: { description: 'metadata is not secret' } });
    await server.api('PUT', '/v1/secrets/grep/me', { data: { password: `${marker}-v2` } });
    await server.api('POST', '/v1/webhooks', {
      name: 'w',
      url: 'http://127.0.0.1:9/none',
      secret: webhookSecret,
      events: ['secret.rotated'],
    });
    const account = await server.api('POST', '/v1/service-accounts', { name: 'grep', roles: ['secrets-reader'] });
    const key = await server.api('POST', `/v1/service-accounts/${account.body.id}/keys`, { name: 'k' });
    const token = await server.tokenFor('user:grep@acme.example', ['secrets:read']);
    await server.api('GET', '/v1/secrets/grep/me');
    const keyFile = join(dataDir, 'master.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(readFileSync(keyFile).length, 32);
    const scan = () => {
      let sawPath = false;
      for (const file of ['scaivault.db', 'scaivault.db-wal']) {
        const path = join(dataDir, file);
        if (!existsSync(path)) continue;
        const bytes = readFileSync(path);
        for (const needle of [marker, webhookSecret, key.body.key as string, token, server.rootToken]) {
          assert.equal(bytes.indexOf(Buffer.from(needle)), -1, `${needle.slice(0, 12)}… found in ${file}`);
        }
        sawPath ||= bytes.indexOf(Buffer.from('grep/me')) !== -1;
      }
      assert.ok(sawPath, 'the files do hold the (non-secret) path, so the scan reads real data');
    };
    try {
      scan();
    } finally {
      await server.close();
    }
    scan();
    const reopened = await startTestServer({ dataDir });
    assert.equal((await reopened.api('GET', '/v1/secrets/grep/me')).body.data.password, `${marker}-v2`);
    await reopened.close();
    writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
    await assert.rejects(startServer({ port: 0, dataDir }), /master key does not match/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

interface Started {
  url: string;
  kill: (signal: NodeJS.Signals) => void;
  exited: Promise<number | null>;
}

function startBin(dataDir: string, token: string): Promise<Started> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, SCAIVAULT_DEV_ROOT_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /export SCAIVAULT_URL=(\S+)\n/.exec(out);
      const printedToken = /export SCAIVAULT_TOKEN=(\S+)\n/.exec(out);
      if (url && printedToken) {
        assert.equal(printedToken[1], token, 'the root token comes from SCAIVAULT_DEV_ROOT_TOKEN');
        resolve({ url: url[1]!, kill: (signal) => child.kill(signal), exited });
      }
    });
    child.stderr.resume();
    child.on('exit', (code) => reject(new Error(`server exited early with ${code}: ${out}`)));
  });
}

/** Every request id the audit log of the default tenant holds for `action`, paging through it all. */
async function auditedRequestIds(url: string, token: string, action: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const response = await fetch(
      `${url}/v1/audit/logs?action=${action}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    assert.equal(response.status, 200);
    const body = (await response.json()) as { logs: { request_id: string; success: boolean }[]; cursor: string | null; has_more: boolean };
    for (const entry of body.logs) ids.add(entry.request_id);
    cursor = body.has_more ? body.cursor : null;
  } while (cursor);
  return ids;
}

const CRASH_ROUNDS = 3;

test('kill -9 mid-stream under concurrent load loses no acknowledged write and no audit record of one', async (t) => {
  const dataDir = tempDir();
  const token = `skt_crash_${randomBytes(8).toString('hex')}`;
  const acknowledged: { path: string; version: number; n: number; requestId: string }[] = [];
  const minted: string[] = [];
  /** Eight clients write until 150 more writes are acknowledged, then the server is killed under them. */
  const loadAndKill = async (round: number) => {
    const server = await startBin(dataDir, token);
    const target = acknowledged.length + minted.length + 150;
    let stop = false;
    let running = 8;
    const writer = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const path = `crash/r${round}/w${w}/k${n % 5}`;
        try {
          const response = await fetch(`${server.url}/v1/secrets/${path}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ data: { n }, options: { max_versions: 1000 } }),
          });
          if (response.status !== 200) break;
          const body = (await response.json()) as { version: number };
          acknowledged.push({ path, version: body.version, n, requestId: response.headers.get('x-request-id') ?? '' });
        } catch {
          break; // the server died under us: this write was never acknowledged
        }
      }
      running--;
    };
    // Minting a token is a single-statement write, outside any explicit transaction: its audit record must be as durable.
    const minter = async () => {
      for (let n = 0; !stop; n++) {
        try {
          const response = await fetch(`${server.url}/v1/auth/tokens`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ identity_id: `user:crash${round}-${n}@acme.example`, scopes: ['secrets:read'] }),
          });
          if (response.status !== 201) break;
          await response.arrayBuffer();
          minted.push(response.headers.get('x-request-id') ?? '');
        } catch {
          break;
        }
      }
      running--;
    };
    const writers = [...Array.from({ length: 6 }, (_, w) => writer(w)), minter(), minter()];
    // Kill once enough writes are in, however fast this machine is; the writers are still mid-stream.
    while (acknowledged.length + minted.length < target && running === 8) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(running, 8, 'every writer was still writing when the server was killed');
    server.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await server.exited;
  };
  try {
    // Several kills, each at a different moment of the write stream.
    for (let round = 0; round < CRASH_ROUNDS; round++) await loadAndKill(round);

    const second = await startBin(dataDir, token);
    try {
      for (const write of acknowledged) {
        const response = await fetch(`${second.url}/v1/secrets/${write.path}?version=${write.version}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(response.status, 200, `${write.path} v${write.version} survived`);
        assert.deepEqual(((await response.json()) as { data: unknown }).data, { n: write.n });
      }
      // The audit record of a change commits with the change, so an acknowledged write always has one.
      const audited = await auditedRequestIds(second.url, token, 'write,token_create');
      const requestIds = [...acknowledged.map((write) => write.requestId), ...minted];
      const missing = requestIds.filter((requestId) => !audited.has(requestId));
      t.diagnostic(
        `${CRASH_ROUNDS} kills, ${requestIds.length} acknowledged writes (${minted.length} token mints), ${missing.length} without an audit record`,
      );
      assert.equal(missing.length, 0, `acknowledged writes without an audit record: ${missing.length} of ${requestIds.length}`);
    } finally {
      second.kill('SIGTERM');
      assert.equal(await second.exited, 0, 'SIGTERM shuts down cleanly');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
