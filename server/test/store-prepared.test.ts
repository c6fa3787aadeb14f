import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../src/storage/sqlite-store.js';
import { prepared } from '../src/storage/prepared-query.js';

// `server_meta` stands in for an area's table.
const COUNT = prepared<Record<string, never>>()((db) => db.selectFrom('server_meta').select((eb) => eb.fn.countAll<number>().as('n')));
const INSERT = prepared<{ key: string }>()((db, p) => db.insertInto('server_meta').values({ key: p.key, value: Buffer.from('x') }));

test('a prepared read from outside waits for the open transaction instead of seeing its uncommitted rows', async () => {
  const store = SqliteStore.open(undefined, []);
  const count = async () => Number((await store.run(COUNT, {}))[0]!.n);
  const before = await count();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const open = store.transaction(async () => {
    await store.run(INSERT, { key: 'inside' });
    await gate;
    throw new Error('rolled back');
  });
  const outside = count();
  release();
  await assert.rejects(open, { message: 'rolled back' });
  assert.equal(await outside, before);
  await store.close();
});

test('a prepared statement that fails inside a transaction rejects its promise, and the transaction rolls back', async () => {
  const store = SqliteStore.open(undefined, []);
  const count = async () => Number((await store.run(COUNT, {}))[0]!.n);
  const before = await count();
  let failed: unknown;
  await assert.rejects(
    store.transaction(async () => {
      await store.run(INSERT, { key: 'twice' });
      const second = store.run(INSERT, { key: 'twice' });
      assert.ok(second instanceof Promise, 'a failure is a rejection, never a synchronous throw');
      failed = await second.catch((error: unknown) => error);
      throw failed;
    }),
  );
  assert.match(String((failed as { code?: string }).code), /^SQLITE_CONSTRAINT/);
  assert.equal(await count(), before);
  await store.close();
});
