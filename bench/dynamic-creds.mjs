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
import { startServer } from '../server/dist/src/index.js';
import { startDynamicTarget } from '../server/dist/test/dynamic-target.js';
import { writeSection } from './write-section.mjs';

const SECONDS = Number(process.env.DYNAMIC_BENCH_SECONDS ?? 3);
const CONCURRENCY = 8;
const CREATION = ['CREATE ROLE {{name}} WITH LOGIN PASSWORD {{password}} VALID UNTIL {{expiration}}', 'GRANT SELECT ON orders TO {{name}}'];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function forSeconds(run) {
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    await run(count);
    count++;
  }
  return { count, perSecond: count / ((performance.now() - started) / 1000) };
}

const target = await startDynamicTarget();
const server = await startServer({ port: 0, logger: () => {}, enforceRateLimits: false });
const api = async (method, path, body) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.rootToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = response.status === 204 ? undefined : await response.json();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
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

  // The bare round trips, as the engine's login, on one connection.
  const bare = new pg.Client({
    connectionString: target.connectionTemplate
      .replace('{{username}}', target.rootUser)
      .replace('{{password}}', encodeURIComponent(target.rootPassword)),
  });
  await bare.connect();
  const bareNames = [];
  const bareCreate = await forSeconds(async () => {
    const name = `bench_${randomBytes(8).toString('hex')}`;
    const expiration = new Date(Date.now() + 3_600_000).toISOString();
    await bare.query('BEGIN');
    await bare.query(
      `CREATE ROLE ${pg.escapeIdentifier(name)} WITH LOGIN PASSWORD ${pg.escapeLiteral(randomBytes(16).toString('hex'))} VALID UNTIL ${pg.escapeLiteral(expiration)}`,
    );
    await bare.query(`GRANT SELECT ON orders TO ${pg.escapeIdentifier(name)}`);
    await bare.query('COMMIT');
    bareNames.push(name);
  });
  const bareRevoke = [];
  for (const name of bareNames) {
    const started = performance.now();
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
    bareRevoke.push(performance.now() - started);
  }
  await bare.end();

  // The same through ScaiVault.
  await api('POST', '/v1/dynamic/engines/bench/creds/readonly', { ttl: '1h' }); // warm the engine's pool
  const leases = [];
  const viaApi = await forSeconds(async () => {
    leases.push((await api('POST', '/v1/dynamic/engines/bench/creds/readonly', { ttl: '1h' })).lease_id);
  });
  const apiRevoke = [];
  for (const id of leases) {
    const started = performance.now();
    await api('POST', `/v1/dynamic/leases/${id}/revoke`);
    apiRevoke.push(performance.now() - started);
  }
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
  const createMs = 1000 / viaApi.perSecond;
  const bareCreateMs = 1000 / bareCreate.perSecond;
  const lines = [
    '# Dynamic credentials',
    '',
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), PostgreSQL on loopback (SCRAM login), in-memory SQLite storage, ${SECONDS} s per figure. The machine is shared: figures are indicative.`,
    '',
    '| | bare round trips (one connection) | through ScaiVault (HTTP API) | added |',
    '|---|---:|---:|---:|',
    `| credentials, sequential | ${bareCreate.perSecond.toFixed(0)}/s (${bareCreateMs.toFixed(2)} ms each) | ${viaApi.perSecond.toFixed(0)}/s (${createMs.toFixed(2)} ms each) | ${added(createMs, bareCreateMs)} |`,
    `| revoke, median latency | ${median(bareRevoke).toFixed(2)} ms | ${median(apiRevoke).toFixed(2)} ms | ${added(median(apiRevoke), median(bareRevoke))} |`,
    '',
    `Through ScaiVault with ${CONCURRENCY} requests in flight: ${concurrent.toFixed(0)} credentials/s (the engine's transactions queue on one advisory lock, since concurrent GRANTs on one table would fail).`,
    '',
    'Bare: BEGIN, CREATE ROLE, GRANT, COMMIT per credential; for revoke, end sessions, the default revocation statements in a transaction, end sessions again. ScaiVault adds the HTTP request, reading the root credentials secret through the access policies, the advisory lock, and storing the lease with its event and audit entry.',
  ];
  writeSection('dynamic-creds', lines);
  console.log(lines.join('\n'));
} finally {
  await server.close();
  await target.stop();
}
