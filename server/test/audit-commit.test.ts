import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../src/storage/store.js';
import { AuditLog, type AuditEntry } from '../src/audit/audit-log.js';
import { auditArea } from '../src/audit/audit-area.js';
import { requestAudits, type RequestAudit } from '../src/storage/request-audit.js';

function entry(requestId: string): AuditEntry {
  return { tenantId: 'tnt_dev', timestamp: 1, action: 'write', identityType: 'user', identityId: 'user:root', secretPath: 'a/b', sourceIp: '127.0.0.1', userAgent: null, success: true, durationMs: 0, requestId, extra: { status: 200 } };
}

function setup(): { store: Store; audit: AuditLog; rows: (requestId: string) => number } {
  const store = Store.open(undefined, [auditArea]);
  store.db.exec('CREATE TABLE scratch (v TEXT)');
  const audit = new AuditLog(store, () => 1);
  // Read the table directly: AuditLog.query would flush what is queued behind the response.
  return { store, audit, rows: (requestId) => (store.db.prepare('SELECT count(*) AS n FROM audit_log WHERE request_id = ?').get(requestId) as { n: number }).n };
}

function requestAudit(requestId: string): RequestAudit {
  return { finished: false, entries: () => [entry(requestId)] };
}

test('the audit record of a request commits in the transaction of its change, before anything is flushed', () => {
  const { store, rows } = setup();
  const audit = requestAudit('req_tx');
  requestAudits.run(audit, () => store.transaction(() => store.prepare('INSERT INTO scratch (v) VALUES (?)').run('x')));
  assert.equal(rows('req_tx'), 1, 'already in the database, with the change');
  assert.equal(audit.committed?.length, 1);
  requestAudits.run(audit, () => store.transaction(() => store.prepare('INSERT INTO scratch (v) VALUES (?)').run('y')));
  assert.equal(rows('req_tx'), 1, 'a second change of the same request adds no second record');
  store.close();
});

test('a write run on its own, outside any explicit transaction, also carries the record', () => {
  const { store, rows } = setup();
  requestAudits.run(requestAudit('req_bare'), () => store.prepare('INSERT INTO scratch (v) VALUES (?)').run('x'));
  assert.equal(rows('req_bare'), 1);
  store.close();
});

test('a change that rolls back takes its audit record with it; the response still records the request', () => {
  const { store, audit: log, rows } = setup();
  const audit = requestAudit('req_rollback');
  assert.throws(() =>
    requestAudits.run(audit, () =>
      store.transaction(() => {
        store.prepare('INSERT INTO scratch (v) VALUES (?)').run('x');
        throw new Error('conflict');
      }),
    ),
  );
  assert.equal(rows('req_rollback'), 0);
  assert.equal(audit.committed, undefined);
  assert.equal((store.db.prepare('SELECT count(*) AS n FROM scratch').get() as { n: number }).n, 0);
  log.record({ ...entry('req_rollback'), success: false });
  log.flush();
  assert.equal(rows('req_rollback'), 1);
  store.close();
});

test('the response completes the record written with the change instead of adding one', () => {
  const { store, audit: log, rows } = setup();
  const audit = requestAudit('req_done');
  requestAudits.run(audit, () => store.prepare('INSERT INTO scratch (v) VALUES (?)').run('x'));
  log.complete(audit.committed!, [{ ...entry('req_done'), durationMs: 42, extra: { status: 201 } }]);
  log.flush();
  assert.equal(rows('req_done'), 1);
  const row = store.db.prepare('SELECT duration_ms, extra_data FROM audit_log WHERE request_id = ?').get('req_done') as { duration_ms: number; extra_data: string };
  assert.equal(row.duration_ms, 42);
  assert.deepEqual(JSON.parse(row.extra_data), { status: 201 });
  store.close();
});

test('writes outside a request, or after its response, carry no request record', () => {
  const { store, rows } = setup();
  store.prepare('INSERT INTO scratch (v) VALUES (?)').run('scheduler');
  const finished = { ...requestAudit('req_late'), finished: true };
  requestAudits.run(finished, () => store.prepare('INSERT INTO scratch (v) VALUES (?)').run('late'));
  assert.equal(rows('req_late'), 0);
  assert.equal((store.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n, 0);
  store.close();
});
