#!/usr/bin/env node
// Dynamic secrets against a local PostgreSQL: credentials issued per second through the HTTP API
// (`POST /v1/dynamic/engines/{e}/creds/{role}`) and revoke latency, each against the bare round
// trips ScaiVault has to make for it on one open connection (BEGIN, CREATE ROLE, GRANT, COMMIT; and
// for revoke: end sessions, the default revocation statements, end sessions). The target is at
// most 20% added. Sequential (one request at a time), plus a concurrent figure for creds.
// Usage: node bench/dynamic-creds.mjs   (writes its section of docs/benchmarks.md; needs initdb)
import { cpus } from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Pool } from 'undici';
import { startServer } from '../server/dist/src/index.js';
import { startDynamicTarget } from '../server/dist/test/dynamic-target.js';
import { writeSection } from './write-section.mjs';

const SECONDS = Number(process.env.DYNAMIC_BENCH_SECONDS ?? 3);
const CONCURRENCY = 8;
const CREATION = ['CREATE ROLE {{name}} WITH LOGIN PASSWORD {{password}} VALID UNTIL {{expiration}}', 'GRANT SELECT ON orders TO {{name}}'];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const target = await startDynamicTarget();
const server = await startServer({ port: 0, logger: () => {}, enforceRateLimits: false });
// One keep-alive connection, as a client that issues credentials in a loop would hold.
const client = new Pool(server.url, { connections: CONCURRENCY });
const api = async (method, path, body) => {
  const response = await client.request({
    method,
    path,
    headers: { authorization: `Bearer ${server.rootToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.body.text();
  const json = text === '' ? undefined : JSON.parse(text);
  if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
  return json;
};

try {
  // The documented setup: root credentials in a secret the engine's identity may read.
  await api('PUT', '/v1/secrets/infra/bench/root', {
    data: { username: target.rootUser, password: target.rootPassword },
    secret_type: 'json',
  });
  const policy = await api('POST', '/v1/policies', {
    name: 'bench engine',
    rules: [{ path_pattern: 'infra/bench/root', permissions: ['read'] }],
  });
  await api('POST', `/v1/policies/${policy.id}/bindings`, { identity_type: 'service_account', identity_id: 'dynamic:bench' });
  await api('POST', '/v1/dynamic/engines', {
    name: 'bench',
    type: 'database',
    config: { plugin: 'postgresql', connection_url: target.connectionTemplate, root_credentials_path: 'infra/bench/root' },
  });
  await api('POST', '/v1/dynamic/engines/bench/roles', { name: 'readonly', creation_statements: CREATION });

  // The bare round trips, as the engine's login, on one open connection; interleaved one for one
  // with the same operation through ScaiVault, so the shared machine's noise hits both alike.
  const bare = new pg.Client({
    connectionString: target.connectionTemplate
      .replace('{{username}}', target.rootUser)
      .replace('{{password}}', encodeURIComponent(target.rootPassword)),
  });
  await bare.connect();
  const bareCreate = async () => {
    const name = `bench_${randomBytes(8).toString('hex')}`;
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    await bare.query('BEGIN');
    await bare.query(
      `CREATE ROLE ${pg.escapeIdentifier(name)} WITH LOGIN PASSWORD ${pg.escapeLiteral(randomBytes(16).toString('hex'))} VALID UNTIL ${pg.escapeLiteral(expiration)}`,
    );
    await bare.query(`GRANT SELECT ON orders TO ${pg.escapeIdentifier(name)}`);
    await bare.query('COMMIT');
    return name;
  };
  const bareRevoke = async (name) => {
    const id = pg.escapeIdentifier(name);
    await bare.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()', [name]);
    await bare.query('BEGIN');
    for (const statement of [
      `GRANT ${id} TO CURRENT_USER`,
      `REASSIGN OWNED BY ${id} TO CURRENT_USER`,
      `DROP OWNED BY ${id}`,
      `DROP ROLE ${id}`,
    ])
      await bare.query(statement);
    await bare.query('COMMIT');
    await bare.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()', [name]);
  };
  const timed = async (run) => {
    const started = performance.now();
    const value = await run();
    return { value, ms: performance.now() - started };
  };
  await api('POST', '/v1/dynamic/engines/bench/creds/readonly', { ttl: '1h' }); // warm the engine's pool
  await bareRevoke(await bareCreate());
  const created = { bare: [], api: [] };
  const pairs = [];
  const createStarted = performance.now();
  while (performance.now() - createStarted < 2 * SECONDS * 1000) {
    const ours = await timed(async () => (await api('POST', '/v1/dynamic/engines/bench/creds/readonly', { ttl: '1h' })).lease_id);
    const theirs = await timed(bareCreate);
    created.api.push(ours.ms);
    created.bare.push(theirs.ms);
    pairs.push([ours.value, theirs.value]);
  }
  const revoked = { bare: [], api: [] };
  for (const [leaseId, name] of pairs) {
    revoked.api.push((await timed(() => api('POST', `/v1/dynamic/leases/${leaseId}/revoke`))).ms);
    revoked.bare.push((await timed(() => bareRevoke(name))).ms);
  }
  await bare.end();
  const getMs = [];
  for (let i = 0; i < 200; i++) getMs.push((await timed(() => api('GET', '/v1/dynamic/engines/bench'))).ms);
  let concurrentCount = 0;
  const concurrentStarted = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() - concurrentStarted < SECONDS * 1000) {
        await api('POST', '/v1/dynamic/engines/bench/creds/readonly', { ttl: '1h' });
        concurrentCount++;
      }
    }),
  );
  const concurrent = concurrentCount / ((performance.now() - concurrentStarted) / 1000);
  await api('POST', '/v1/dynamic/leases/revoke', { engine: 'bench' });

  const added = (ours, theirs) => `${(((ours - theirs) / theirs) * 100).toFixed(0)}%`;
  const createMs = { bare: median(created.bare), api: median(created.api) };
  const revokeMs = { bare: median(revoked.bare), api: median(revoked.api) };
  const lines = [
    '# Dynamic credentials',
    '',
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), PostgreSQL 15 on loopback (SCRAM logins, fsync on), in-memory SQLite storage. ${pairs.length} credentials each way, one at a time, ScaiVault and bare interleaved one for one; medians. The machine is shared: figures are indicative.`,
    '',
    '| | bare round trips (one open connection) | through ScaiVault (HTTP API) | added |',
    '|---|---:|---:|---:|',
    `| credentials, sequential | ${(1000 / createMs.bare).toFixed(0)}/s (${createMs.bare.toFixed(2)} ms each) | ${(1000 / createMs.api).toFixed(0)}/s (${createMs.api.toFixed(2)} ms each) | ${added(createMs.api, createMs.bare)} |`,
    `| revoke latency | ${revokeMs.bare.toFixed(2)} ms | ${revokeMs.api.toFixed(2)} ms | ${added(revokeMs.api, revokeMs.bare)} |`,
    '',
    `Through ScaiVault with ${CONCURRENCY} requests in flight: ${concurrent.toFixed(0)} credentials/s (the engine's transactions queue on one advisory lock in the target database, since concurrent GRANTs on one table would fail).`,
    '',
    `For scale, a \`GET\` of the engine through the same HTTP client and server takes ${median(getMs).toFixed(2)} ms, the part of what ScaiVault adds that is the API round trip itself.`,
    '',
    'Bare: BEGIN, CREATE ROLE, GRANT, COMMIT per credential, each its own round trip; for revoke, end the sessions, the default revocation statements in a transaction, end the sessions again. The HTTP client is an undici `Pool` with keep-alive connections. ScaiVault sends each of those as one query text (one round trip) and adds the HTTP request, authentication, reading the root credentials secret through the access policies as `dynamic:<engine>`, the advisory lock, and storing the lease with its event and audit entry.',
  ];
  writeSection('dynamic-creds', lines);
  console.log(lines.join('\n'));
} finally {
  await client.close();
  await server.close();
  await target.stop();
}
