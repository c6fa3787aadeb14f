import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { startTestServer } from './helpers.js';
import { startServer } from '../src/index.js';
import { AREAS } from '../src/app/areas.js';

// A data directory written by the server from before named migrations (schema `user_version` 2):
// two versions of `legacy/app/db`, `legacy/app/api`, an access policy, a service account, a
// polling subscription, a webhook and a rotation policy. Root token `legacy-root-token`.
const LEGACY = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'data', 'legacy-data-dir');
const home = mkdtempSync(join(tmpdir(), 'sv-migrations-'));
after(() => rmSync(home, { recursive: true, force: true }));

function copyOfLegacy(name: string): string {
  const dir = join(home, name);
  cpSync(LEGACY, dir, { recursive: true });
  chmodSync(dir, 0o700);
  chmodSync(join(dir, 'master.key'), 0o600); // git keeps no file modes but the executable bit
  return dir;
}

function tableShapes(file: string): Record<string, string[]> {
  const db = new Database(file, { readonly: true });
  try {
    const names = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);
    return Object.fromEntries(
      names.map((name) => [
        name,
        (db.prepare(`PRAGMA index_xinfo("${name}")`).all().length > 0
          ? db.prepare(`PRAGMA index_info("${name}")`).all()
          : db.prepare(`PRAGMA table_info("${name}")`).all()
        ).map((column) => JSON.stringify(column)),
      ]),
    );
  } finally {
    db.close();
  }
}

const migrationsOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT area, name FROM schema_migrations ORDER BY area, name').all() as { area: string; name: string }[];
  } finally {
    db.close();
  }
};

test('a data directory written before named migrations opens with everything in it, and is recorded as migrated', async () => {
  const dir = copyOfLegacy('legacy');
  const server = await startTestServer({ dataDir: dir, rootToken: 'legacy-root-token' });
  try {
    // The polling subscription kept its queue: the event written after it was made is waiting (polled before any read adds `secret.accessed`).
    const poll = await server.api('GET', '/v1/subscriptions/sub_z3mqamadj1q2gxpz/poll?timeout=0');
    assert.equal(poll.status, 200);
    assert.deepEqual(
      poll.body.events.map((e: { event_type: string; path: string }) => `${e.event_type} ${e.path}`),
      ['secret.created legacy/app/api'],
    );
    const secret = await server.api('GET', '/v1/secrets/legacy/app/db');
    assert.equal(secret.status, 200);
    assert.equal(secret.body.version, 2);
    assert.deepEqual(secret.body.data, { username: 'app', password: 'legacy-test-value-2' });
    assert.deepEqual((await server.api('GET', '/v1/secrets/legacy/app/db?version=1')).body.data, {
      username: 'app',
      password: 'legacy-test-value-1',
    });
    assert.deepEqual(
      (await server.api('GET', '/v1/secrets?prefix=legacy/')).body.secrets.map((s: { path: string }) => s.path),
      ['legacy/app/api', 'legacy/app/db'],
    );
    assert.equal((await server.api('GET', '/v1/service-accounts/sva_qs5c1bms86xj44bv')).body.name, 'legacy-ci');
    assert.equal((await server.api('GET', '/v1/policies/pol_cy76tbmyc6nsxww1')).body.name, 'legacy-readers');
    assert.equal((await server.api('GET', '/v1/rotation/policies/rot_legacy_monthly')).body.name, 'legacy-monthly');
    assert.equal((await server.api('GET', '/v1/webhooks/wh_1ewfctbjap2wr3zz')).body.name, 'legacy-hook');
    assert.equal((await server.api('PUT', '/v1/secrets/legacy/app/db', { data: { password: 'after-migration' } })).body.version, 3);
  } finally {
    await server.close();
  }
  const recorded = migrationsOf(join(dir, 'scaivault.db'));
  assert.ok(recorded.some((row) => row.area === 'secrets' && row.name === '001-secrets'));
  assert.ok(recorded.some((row) => row.area === 'service-accounts' && row.name === '002-tombstones'));

  // Opened again, nothing is applied twice.
  const again = await startTestServer({ dataDir: dir, rootToken: 'legacy-root-token' });
  assert.equal((await again.api('GET', '/v1/secrets/legacy/app/db')).body.data.password, 'after-migration');
  await again.close();
  assert.deepEqual(migrationsOf(join(dir, 'scaivault.db')), recorded);
});

test('the per-area migrations make the same tables, columns and indexes as the schema they replace', async () => {
  const legacy = copyOfLegacy('shape-legacy');
  const before = tableShapes(join(legacy, 'scaivault.db'));
  const fresh = join(home, 'shape-fresh');
  await (await startServer({ port: 0, dataDir: fresh })).close();
  // Areas added since (none of their migrations has a legacy version) have nothing to compare with.
  const newer = new Set(
    AREAS.filter((area) => area.migrations.every((migration) => migration.legacyVersion === undefined)).flatMap((area) =>
      area.migrations.flatMap((migration) => [...migration.sql.matchAll(/CREATE (?:TABLE|INDEX) (\w+)/g)].map((match) => match[1]!)),
    ),
  );
  const shapes = Object.fromEntries(Object.entries(tableShapes(join(fresh, 'scaivault.db'))).filter(([name]) => !newer.has(name)));
  assert.deepEqual(shapes, before);
});

test('a database holding migrations this server does not know is refused, naming them, and left as it was', async () => {
  const dir = join(home, 'newer');
  await (await startServer({ port: 0, dataDir: dir })).close();
  const db = new Database(join(dir, 'scaivault.db'));
  db.prepare("INSERT INTO schema_migrations (area, name, applied_at) VALUES ('pki', '001-pki', 0)").run();
  db.close();
  await assert.rejects(startServer({ port: 0, dataDir: dir }), {
    message:
      'the database holds migrations this server does not know (pki/001-pki): it was written by a newer server; run that version or newer',
  });
  assert.ok(migrationsOf(join(dir, 'scaivault.db')).some((row) => row.area === 'pki'));
  // The command says so in one line, without a stack, and fails.
  const bin = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin.js');
  const run = spawnSync(process.execPath, [bin, '--port', '0', '--data-dir', dir], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.equal(
    run.stderr,
    'scaivault-server: the database holds migrations this server does not know (pki/001-pki): it was written by a newer server; run that version or newer\n',
  );
});

test('a database from before named migrations with a schema version this server never wrote is refused', async () => {
  const dir = join(home, 'future-legacy');
  await (await startServer({ port: 0, dataDir: join(home, 'scratch') })).close();
  const db = new Database(join(home, 'future.db'));
  db.pragma('user_version = 7');
  db.close();
  cpSync(join(home, 'scratch', 'master.key'), join(dir, 'master.key'));
  cpSync(join(home, 'future.db'), join(dir, 'scaivault.db'));
  chmodSync(dir, 0o700);
  await assert.rejects(startServer({ port: 0, dataDir: dir }), {
    message: 'the database is at schema version 7, newer than this server knows (2); run a newer server',
  });
});
