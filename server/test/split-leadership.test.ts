import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { EnvironmentMasterKeySource, startServer } from '../src/index.js';
import { PostgresStore } from '../src/storage/postgres-store.js';
import type { Store } from '../src/storage/store.js';
import { AREAS } from '../src/app/areas.js';
import { ComposedAreas, orderAreas } from '../src/modules/compose-areas.js';
import { SealedBox } from '../src/crypto/sealed-box.js';
import type { Clock } from '../src/shared/time.js';
import { systemActor } from '../src/shared/actor.js';
import { DEFAULT_TENANT_ID } from '../src/shared/identity.js';
import { freshPostgresDatabase, sleep, waitFor } from './helpers.js';

/**
 * Leadership can overlap for a moment: an instance whose lock session has just ended may be
 * midway through a pass when another takes over. These instances are composed as the server
 * composes itself, on one PostgreSQL database, except that each always believes it leads — the
 * overlap made permanent — so what runs once must be the work itself, not the lock around it.
 */
async function believingInstance(
  url: string,
  key: string,
  clock: Clock,
): Promise<{ areas: ComposedAreas; store: Store; close: () => Promise<void> }> {
  const modules = orderAreas(AREAS);
  const source = new EnvironmentMasterKeySource(key);
  const opened = await PostgresStore.open(url, modules, clock(), () => undefined);
  const store = new Proxy(opened, {
    get(target, property) {
      if (property === 'leads') return async () => true;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as Store;
  const areas = new ComposedAreas(modules, {
    clock,
    store,
    sealer: new SealedBox(await source.load(), source.keyId),
    settings: {
      rootToken: 'skt_unused',
      dataDir: undefined,
      schedulerIntervalMs: 3_600_000,
      webhookRetryDelaysMs: [60_000],
      webhookTimeoutMs: 2_000,
      webhookTargets: 'loopback',
      webhookResolver: undefined,
      enforceRateLimits: false,
      publicUrl: 'http://127.0.0.1:8200',
      dnsExecHooks: {},
      acmePollIntervalMs: 2_000,
      acmeRenewWindowMs: 30 * 86_400_000,
      scaikey: undefined,
    },
    log: () => undefined,
    startedAt: clock(),
  });
  let closing: Promise<void> | undefined;
  return {
    areas,
    store,
    close: () =>
      (closing ??= (async () => {
        await areas.stop();
        await opened.close();
      })()),
  };
}

/** One real server on the database, for setting things up through the API. */
async function setUp(url: string, key: string) {
  const server = await startServer({
    port: 0,
    storage: url,
    masterKeySource: new EnvironmentMasterKeySource(key),
    webhookTargets: 'loopback',
  });
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.rootToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  return { server, api };
}

test('a due rotation runs once when two instances both run the scheduler at the same moment', async () => {
  const database = await freshPostgresDatabase();
  const key = randomBytes(32).toString('base64');
  const { server, api } = await setUp(database.url, key);
  const later = () => Date.now() + 40 * 86_400_000;
  const instances = [await believingInstance(database.url, key, later), await believingInstance(database.url, key, later)];
  try {
    const policy = await api('POST', '/v1/rotation/policies', {
      name: 'monthly',
      interval: '30d',
      grace_period: '1h',
      auto_generate: true,
    });
    assert.equal(policy.status, 201);
    for (const name of ['a', 'b', 'c']) {
      const written = await api('PUT', `/v1/secrets/split/${name}`, {
        data: { token: `${name}0` },
        options: { rotation_policy_id: policy.body.id },
      });
      assert.equal(written.status, 200);
    }
    // Both passes at once, several times over: each secret is due once, so each rotates once.
    for (let round = 0; round < 3; round++) await Promise.all(instances.map(({ areas }) => areas.service('rotation').scheduler.tick()));

    for (const name of ['a', 'b', 'c']) {
      const secret = await api('GET', `/v1/secrets/split/${name}`);
      assert.equal(secret.body.version, 2, `split/${name} was rotated exactly once`);
      assert.notEqual(secret.body.data.token, `${name}0`);
    }
    const history = await api('GET', `/v1/rotation/policies/${policy.body.id}/history`);
    assert.deepEqual(
      history.body.data.map((item: { secret_path: string; status: string }) => `${item.secret_path} ${item.status}`).sort(),
      ['split/a success', 'split/b success', 'split/c success'],
      'one history item per rotation, none failed',
    );
  } finally {
    for (const instance of instances) await instance.close();
    await server.close();
    await database.drop();
  }
});

/** A webhook receiver answering each request after `delayMs` with the next of `statuses` (then 200); it records every delivery id it is sent. */
async function receiver(delayMs: number, statuses: number[] = []): Promise<{ url: string; deliveries: string[]; server: Server }> {
  const deliveries: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    request.resume();
    request.on('end', () => {
      deliveries.push(String(request.headers['x-scaivault-delivery-id']));
      const status = statuses.shift() ?? 200;
      setTimeout(() => response.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, deliveries, server };
}

/** A database with a webhook to `url` for `secret.created`, made through a server that is stopped again (so it sends nothing). */
async function databaseWithWebhook(url: string): Promise<{ database: Awaited<ReturnType<typeof freshPostgresDatabase>>; key: string }> {
  const database = await freshPostgresDatabase();
  const key = randomBytes(32).toString('base64');
  const { server, api } = await setUp(database.url, key);
  try {
    const hook = await api('POST', '/v1/webhooks', {
      name: 'once',
      url,
      secret: 'whsec_0123456789abcdef0123456789abcdef',
      events: ['secret.created'],
    });
    assert.equal(hook.status, 201);
  } finally {
    await server.close();
  }
  return { database, key };
}

const writeHookedSecret = (instance: Awaited<ReturnType<typeof believingInstance>>) =>
  instance.areas.service('secrets').write(systemActor(DEFAULT_TENANT_ID, 'split-test', 'req_split'), 'split/hooked', { data: { v: 1 } });

const theDelivery = (instance: Awaited<ReturnType<typeof believingInstance>>) =>
  instance.store.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();

test('a queued webhook delivery is sent once when two instances both send pending deliveries', async () => {
  const hook = await receiver(300);
  const { database, key } = await databaseWithWebhook(hook.url);
  const instances = [await believingInstance(database.url, key, Date.now), await believingInstance(database.url, key, Date.now)];
  try {
    // Queued by a write on one instance; both look for pending deliveries every 20 ms.
    await writeHookedSecret(instances[0]!);
    for (const { areas } of instances) areas.service('event-delivery').webhookSender.start(20);
    const done = await waitFor(async () => {
      const row = await theDelivery(instances[1]!);
      return row.status === 'success' ? row : undefined;
    }, 10_000);
    // Several more polls by both instances after the success: nothing is sent again.
    await sleep(200);
    assert.deepEqual(hook.deliveries, [done.id], 'sent once, to the one delivery id');
    assert.equal(done.attempts, 1);
  } finally {
    for (const instance of instances) await instance.close();
    hook.server.close();
    await database.drop();
  }
});

test('after a handover a webhook retry waits out its delay on the new leader, then goes out once', async () => {
  const hook = await receiver(0, [500]);
  const { database, key } = await databaseWithWebhook(hook.url);
  const first = await believingInstance(database.url, key, Date.now);
  let second: Awaited<ReturnType<typeof believingInstance>> | undefined;
  try {
    await writeHookedSecret(first);
    first.areas.service('event-delivery').webhookSender.start(20);
    const failedOnce = await waitFor(async () => {
      const row = await theDelivery(first);
      return row.attempts === 1 && row.claimed_until === null ? row : undefined;
    });
    assert.equal(failedOnce.response_code, 500);
    await first.close();

    // The retry is a minute away (webhookRetryDelaysMs): the new leader leaves it until then.
    second = await believingInstance(database.url, key, Date.now);
    second.areas.service('event-delivery').webhookSender.start(20);
    await sleep(300);
    assert.equal(hook.deliveries.length, 1, 'no retry before its time');
    // Its time comes.
    await second.store.db.updateTable('webhook_deliveries').set({ next_attempt_at: Date.now() }).execute();
    const done = await waitFor(async () => {
      const row = await theDelivery(second!);
      return row.status === 'success' ? row : undefined;
    });
    assert.equal(done.attempts, 2);
    assert.deepEqual(hook.deliveries, [done.id, done.id], 'the retry carries the same delivery id');
  } finally {
    await second?.close();
    await first.close();
    hook.server.close();
    await database.drop();
  }
});

test('an attempt whose sender stopped mid-way counts as made; the next leader makes the next one once the claim lapses', async () => {
  const hook = await receiver(1_000);
  const { database, key } = await databaseWithWebhook(hook.url);
  const first = await believingInstance(database.url, key, Date.now);
  const second = await believingInstance(database.url, key, Date.now);
  try {
    await writeHookedSecret(first);
    first.areas.service('event-delivery').webhookSender.start(20);
    await waitFor(() => (hook.deliveries.length === 1 ? true : undefined));
    const claimed = await theDelivery(first);
    assert.equal(claimed.attempts, 1, 'the attempt is counted when it is claimed');
    assert.ok(claimed.claimed_until! > Date.now());
    await first.close();

    second.areas.service('event-delivery').webhookSender.start(20);
    const done = await waitFor(async () => {
      const row = await theDelivery(second);
      return row.status === 'success' ? row : undefined;
    }, 30_000);
    assert.ok(Date.now() >= claimed.claimed_until!, 'not before the claim lapsed');
    assert.equal(done.attempts, 2);
    assert.deepEqual(hook.deliveries, [done.id, done.id], 'the receiver can tell the repeat by its delivery id');
  } finally {
    await second.close();
    await first.close();
    hook.server.close();
    await database.drop();
  }
});
