import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore as Store } from '../src/storage/sqlite-store.js';
import { AuditLog, type AuditEntry } from '../src/audit/audit-log.js';
import { auditArea } from '../src/audit/audit-area.js';
import { requestAudits, type RequestAudit } from '../src/storage/request-audit.js';

function entry(requestId: string): AuditEntry {
  return {
    tenantId: 'tnt_dev',
    timestamp: 1,
    action: 'write',
    identityType: 'user',
    identityId: 'user:root',
    secretPath: 'a/b',
    sourceIp: '127.0.0.1',
    userAgent: null,
    success: true,
    durationMs: 0,
    requestId,
    extra: { status: 200 },
  };
}

// `server_meta` stands in for an area's table: any change the store commits will do.
function setup(): {
  store: Store;
  audit: AuditLog;
  change: (key: string) => Promise<unknown>;
  changes: () => Promise<number>;
  rows: (requestId?: string) => Promise<number>;
} {
  const store = Store.open(undefined, [auditArea]);
  const audit = new AuditLog(store, () => 1);
  const change = (key: string) =>
    store.db
      .insertInto('server_meta')
      .values({ key, value: Buffer.from('x') })
      .execute();
  const changes = async () =>
    Number(
      (
        await store.db
          .selectFrom('server_meta')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  // Read the table directly: AuditLog.query would flush what is queued behind the response.
  const rows = async (requestId?: string) => {
    let query = store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
    if (requestId !== undefined) query = query.where('request_id', '=', requestId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };
  return { store, audit, change, changes, rows };
}

function requestAudit(requestId: string): RequestAudit {
  return { finished: false, entries: () => [entry(requestId)] };
}

test('the audit record of a request commits in the transaction of its change, before anything is flushed', async () => {
  const { store, change, rows } = setup();
  const audit = requestAudit('req_tx');
  await requestAudits.run(audit, () => store.transaction(() => change('x')));
  assert.equal(await rows('req_tx'), 1, 'already in the database, with the change');
  assert.equal(audit.committed?.length, 1);
  await requestAudits.run(audit, () => store.transaction(() => change('y')));
  assert.equal(await rows('req_tx'), 1, 'a second change of the same request adds no second record');
  store.close();
});

test('a write run on its own, outside any explicit transaction, also carries the record', async () => {
  const { store, change, rows } = setup();
  await requestAudits.run(requestAudit('req_bare'), () => change('x'));
  assert.equal(await rows('req_bare'), 1);
  store.close();
});

test('a change that rolls back takes its audit record with it; the response still records the request', async () => {
  const { store, audit: log, change, changes, rows } = setup();
  const audit = requestAudit('req_rollback');
  const before = await changes();
  await assert.rejects(
    requestAudits.run(audit, () =>
      store.transaction(async () => {
        await change('x');
        throw new Error('conflict');
      }),
    ),
  );
  assert.equal(await rows('req_rollback'), 0);
  assert.equal(audit.committed, undefined);
  assert.equal(await changes(), before);
  log.record({ ...entry('req_rollback'), success: false });
  await log.flush();
  assert.equal(await rows('req_rollback'), 1);
  store.close();
});

test('the response completes the record written with the change instead of adding one', async () => {
  const { store, audit: log, change, rows } = setup();
  const audit = requestAudit('req_done');
  await requestAudits.run(audit, () => change('x'));
  log.complete(audit.committed!, [{ ...entry('req_done'), durationMs: 42, extra: { status: 201 } }]);
  await log.flush();
  assert.equal(await rows('req_done'), 1);
  const row = await store.db
    .selectFrom('audit_log')
    .select(['duration_ms', 'extra_data'])
    .where('request_id', '=', 'req_done')
    .executeTakeFirstOrThrow();
  assert.equal(row.duration_ms, 42);
  assert.deepEqual(JSON.parse(row.extra_data), { status: 201 });
  store.close();
});

test('writes outside a request, or after its response, carry no request record', async () => {
  const { store, change, rows } = setup();
  await change('scheduler');
  const finished = { ...requestAudit('req_late'), finished: true };
  await requestAudits.run(finished, () => change('late'));
  assert.equal(await rows('req_late'), 0);
  assert.equal(await rows(), 0);
  store.close();
});

test('a statement from outside waits for the open transaction instead of seeing or joining it', async () => {
  const { store, change, changes } = setup();
  const before = await changes();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const open = store.transaction(async () => {
    await change('inside');
    await gate;
    throw new Error('rolled back');
  });
  const outside = changes();
  const write = change('outside');
  release();
  await assert.rejects(open, { message: 'rolled back' });
  assert.equal(await outside, before, 'read after the transaction ended, so without its uncommitted row');
  await write;
  assert.equal(await changes(), before + 1, 'the outside write committed on its own; the rolled-back one is gone');
  store.close();
});

test('work a transaction schedules for later is a transaction of its own once that one has ended, commit hook and all', async () => {
  const { store, change, changes } = setup();
  let commits = 0;
  store.setCommitHook(async () => {
    commits++;
    return undefined;
  });
  const before = await changes();
  let later!: Promise<unknown>;
  await store.transaction(async () => {
    await change('inside');
    // Carries the transaction's async context, but runs after its commit.
    later = new Promise((resolve) => setImmediate(() => resolve(store.transaction(() => change('later')))));
  });
  await later;
  assert.equal(await changes(), before + 2);
  assert.equal(commits, 2, 'not a savepoint of the finished transaction, which would skip the hook');
  store.close();
});
