// Identity sync on two servers sharing one PostgreSQL database: a sync asked of both at once is
// one run, and a sync asked of the instance that does not lead is run by the one that does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EnvironmentMasterKeySource, startDevScaiKey, startServer } from '../src/index.js';
import { freshPostgresDatabase } from './helpers.js';

const ROOT = 'skt_identity_sync_leader_root';

test('two instances on one database: concurrent sync requests make one run, and a follower’s request is run by the leader', async () => {
  const database = await freshPostgresDatabase();
  const scaikey = await startDevScaiKey();
  const sync = scaikey.createSyncClient();
  const key = randomBytes(32).toString('base64');
  const options = {
    port: 0,
    rootToken: ROOT,
    storage: database.url,
    schedulerIntervalMs: 50,
    logger: () => {},
    scaikey: { issuer: scaikey.issuer, clientId: sync.client_id, clientSecret: sync.client_secret },
  };
  const servers = [
    await startServer({ ...options, masterKeySource: new EnvironmentMasterKeySource(key) }),
    await startServer({ ...options, masterKeySource: new EnvironmentMasterKeySource(key) }),
  ];
  const call = async (url: string, method: string, path: string) => {
    const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${ROOT}` } });
    return { status: response.status, body: (await response.json()) as any };
  };
  try {
    const [first, second] = await Promise.all(servers.map((server) => call(server.url, 'POST', '/v1/identity/sync')));
    assert.deepEqual([first!.status, second!.status], [202, 202]);
    assert.equal(first!.body.sync_id, second!.body.sync_id, 'the second request joins the run already waiting');
    const done = await call(servers[0]!.url, 'GET', `/v1/identity/sync/${first!.body.sync_id}?wait=20`);
    assert.equal(done.body.status, 'completed', done.body.error);

    // Each instance in turn: whichever does not lead only records the request; the leader runs it.
    for (const server of servers) {
      const asked = await call(server.url, 'POST', '/v1/identity/sync?tenant_id=tnt_dev');
      const run = await call(server.url, 'GET', `/v1/identity/sync/${asked.body.sync_id}?wait=20`);
      assert.equal(run.body.status, 'completed', run.body.error);
    }
    const history = await call(servers[1]!.url, 'GET', '/v1/identity/sync/history');
    assert.equal(history.body.total, 3);
  } finally {
    for (const server of servers) await server.close();
    await scaikey.close();
    await database.drop();
  }
});
