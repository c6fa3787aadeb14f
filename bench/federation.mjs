#!/usr/bin/env node
// Federation read latency: one ScaiVault (the front) fronting another (the origin) over its REST API. Sequential
// reads on one keep-alive connection each, interleaved one for one so the shared machine's noise hits every case
// alike: the origin's secret read directly; the same secret through the front in proxy mode (ScaiVault's own work
// plus one request to the origin); its sync-mode copy on the front (a local read); and an ordinary secret on the
// front, whose read also asks whether a backend maps its path.
// Usage: node bench/federation.mjs   (writes its section of docs/benchmarks.md)
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { Pool } from 'undici';
import { startServer } from '../server/dist/src/index.js';
import { writeSection } from './write-section.mjs';

const ROUNDS = Number(process.env.FEDERATION_BENCH_ROUNDS ?? 2000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p99 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)];

const origin = await startServer({ port: 0, logger: () => {}, enforceRateLimits: false });
const front = await startServer({ port: 0, logger: () => {}, enforceRateLimits: false });
const caller = (server) => {
  const pool = new Pool(server.url, { connections: 1 });
  const call = async (method, path, body) => {
    const response = await pool.request({
      method,
      path,
      headers: { authorization: `Bearer ${server.rootToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
  return { call, close: () => pool.close() };
};
const atOrigin = caller(origin);
const atFront = caller(front);

try {
  await atOrigin.call('PUT', '/v1/secrets/app/db/credentials', { data: { username: 'app', password: 'origin-password' } });
  await atFront.call('PUT', '/v1/secrets/infra/federation/origin', { data: { token: origin.rootToken } });
  await atFront.call('PUT', '/v1/secrets/local/db/credentials', { data: { username: 'app', password: 'local-password' } });
  const policy = await atFront.call('POST', '/v1/policies', {
    name: 'federation credentials',
    rules: [{ path_pattern: 'infra/federation/origin', permissions: ['read'] }],
  });
  await atFront.call('POST', `/v1/policies/${policy.id}/bindings`, {
    identity_type: 'group',
    identity_id: 'group:system:federation-backends',
  });
  const backend = (name, prefix, mode) =>
    atFront.call('POST', '/v1/federation/backends', {
      name,
      type: 'scaivault',
      config: { endpoint: origin.url, credentials_path: 'infra/federation/origin' },
      path_mapping: { [`${prefix}/**`]: 'app/**' },
      mode,
      ...(mode === 'sync' ? { sync_interval: '1h' } : {}),
    });
  await backend('live', 'external/live', 'proxy');
  const synced = await backend('copy', 'external/copy', 'sync');
  await atFront.call('POST', `/v1/federation/backends/${synced.id}/sync`);
  await front.service('federation').runner.settled();

  const cases = [
    ['origin, read directly', () => atOrigin.call('GET', '/v1/secrets/app/db/credentials')],
    ['front, proxied to the origin', () => atFront.call('GET', '/v1/secrets/external/live/db/credentials')],
    ['front, sync-mode copy', () => atFront.call('GET', '/v1/secrets/external/copy/db/credentials')],
    ['front, unmapped secret', () => atFront.call('GET', '/v1/secrets/local/db/credentials')],
  ];
  const times = cases.map(() => []);
  for (let warm = 0; warm < 200; warm++) for (const [, read] of cases) await read();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, [, read]] of cases.entries()) {
      const started = performance.now();
      await read();
      times[index].push(performance.now() - started);
    }
  }
  const direct = median(times[0]);
  const rows = cases.map(([name], index) => {
    const value = median(times[index]);
    return `| ${name} | ${value.toFixed(3)} | ${p99(times[index]).toFixed(3)} | ${(value / direct).toFixed(2)}× |`;
  });
  const lines = [
    '## Federation reads',
    '',
    `\`node bench/federation.mjs\`: ${ROUNDS} sequential reads per case, interleaved, each over one keep-alive connection, ` +
      `two in-process servers on loopback (Node ${process.version}, ${cpus().length} CPUs, shared machine: indicative). ` +
      'Latency of `GET /v1/secrets/{path}` in milliseconds; the ratio is to the origin read directly.',
    '',
    '| case | median ms | p99 ms | vs direct |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    "A proxied read is the front's own work (authentication, the policy check, audit), a read of the backend's " +
      'credentials through the access policies (done at every use, so a rotated credential counts at once), and one ' +
      "request to the origin over node:http, which does its own read; the p99 column is the shared machine's " +
      "pauses more than either server. A sync-mode copy is an ordinary local read; the unmapped secret's row shows " +
      'that asking whether a backend maps the path (a lookup in a cached list) costs nothing measurable.',
  ];
  writeSection('federation', lines);
  console.log(lines.join('\n'));
} finally {
  await atOrigin.close();
  await atFront.close();
  await front.close();
  await origin.close();
}
