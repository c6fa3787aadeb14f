// Secret reads and writes per second against the local server, 16 keep-alive connections from
// this process, the server in a child process of its own — on each storage engine side by side,
// plus a bare fastify handler answering a same-sized JSON: the ceiling of this HTTP stack here.
// Usage: node bench/server-throughput.mjs [--seconds N] [--no-write] [--no-postgres]   (writes its section of docs/benchmarks.md)
// SCAIVAULT_BENCH_SERVER_BIN=path/to/bin.js measures another build of the server (a before/after comparison).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { writeSection } from './write-section.mjs';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] || 10) || 10;
const CONNECTIONS = 16;
const PATHS = 1000;
const TOKEN = 'skt_bench_root_token';
const bin = process.env.SCAIVAULT_BENCH_SERVER_BIN ?? new URL('../server/dist/src/bin.js', import.meta.url).pathname;
const bare = new URL('./bare-fastify.mjs', import.meta.url).pathname;

function spawnReady(argv, env = {}) {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^export SCAIVAULT_URL=(\S+)$/m.exec(out);
      if (match)
        resolve({
          url: match[1],
          stop: () =>
            new Promise((done) => {
              child.on('exit', done);
              child.kill('SIGTERM');
            }),
        });
    });
    child.on('exit', (code) => reject(new Error(`${argv.join(' ')} exited (${code}) before it was ready`)));
  });
}

/** Runs `makeRequest` on every connection back to back for `ms`; returns req/s and latency percentiles. */
async function load(urls, makeRequest, ms) {
  const pools = urls.map((url) => new Pool(url, { connections: CONNECTIONS / urls.length, pipelining: 1 }));
  const latencies = [];
  let errors = 0;
  let turn = 0;
  const deadline = performance.now() + ms;
  const worker = async (index) => {
    let i = index;
    while (performance.now() < deadline) {
      const pool = pools[turn++ % pools.length];
      const started = performance.now();
      const { statusCode, body } = await pool.request(makeRequest(i));
      await body.text();
      if (statusCode >= 300) errors++;
      latencies.push(performance.now() - started);
      i += CONNECTIONS;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, index) => worker(index)));
  const elapsed = performance.now() - began;
  await Promise.all(pools.map((pool) => pool.close()));
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rps: latencies.length / (elapsed / 1000), p50: at(0.5), p99: at(0.99), errors };
}

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const value = (i) => JSON.stringify({ data: { username: `user-${i}`, password: `p4ssw0rd-${i}-xxxxxxxxxxxx` } });
const read = (i) => ({ method: 'GET', path: `/v1/secrets/bench/path-${i % PATHS}`, headers });
const write = (i) => ({ method: 'PUT', path: `/v1/secrets/bench/path-${i % PATHS}`, headers, body: value(i) });

async function seed(url) {
  const pool = new Pool(url, { connections: 4 });
  for (let i = 0; i < PATHS; i += 50) {
    await Promise.all(Array.from({ length: 50 }, async (_, j) => (await pool.request(write(i + j))).body.text()));
  }
  await pool.close();
}

async function measureServer(label, start) {
  const instance = await start();
  try {
    const urls = instance.urls;
    await seed(urls[0]);
    await load(urls, read, 1000); // warm-up
    const reads = await load(urls, read, seconds * 1000);
    const writes = await load(urls, write, seconds * 1000);
    return { label, reads, writes };
  } finally {
    await instance.stop();
  }
}

function serverCase(extraArgs, instances = 1, env = {}) {
  return async () => {
    const servers = [];
    for (let i = 0; i < instances; i++)
      servers.push(await spawnReady([bin, '--port', '0', ...extraArgs], { SCAIVAULT_DEV_ROOT_TOKEN: TOKEN, ...env }));
    return { urls: servers.map((server) => server.url), stop: () => Promise.all(servers.map((server) => server.stop())) };
  };
}

/** A throwaway PostgreSQL cluster (the server tests' helper) and a database on it per case. */
async function postgres() {
  const { startPostgresCluster } = await import(new URL('../server/dist/test/postgres-cluster.js', import.meta.url).href);
  const { default: pg } = await import('pg');
  const cluster = await startPostgresCluster();
  let n = 0;
  return {
    async database() {
      const name = `bench_${++n}`;
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return cluster.url.replace(/\/[^/]*$/, `/${name}`);
    },
    stop: () => cluster.stop(),
  };
}

export const cases = [];
const dataDir = mkdtempSync(join(tmpdir(), 'sv-bench-'));
cases.push(['SQLite in memory', serverCase([])]);
cases.push(['SQLite `--data-dir`', serverCase(['--data-dir', dataDir])]);
const cluster = args.includes('--no-postgres') ? undefined : await postgres();
if (cluster) {
  const key = { SCAIVAULT_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };
  const one = await cluster.database();
  const two = await cluster.database();
  cases.push(['PostgreSQL, one instance', serverCase(['--storage', one], 1, key)]);
  cases.push(['PostgreSQL, two instances, round-robin', serverCase(['--storage', two], 2, key)]);
}

const results = [];
for (const [label, start] of cases) {
  const result = await measureServer(label, start);
  console.log(
    `${label}: reads ${result.reads.rps.toFixed(0)}/s p99 ${result.reads.p99.toFixed(1)} ms, writes ${result.writes.rps.toFixed(0)}/s p99 ${result.writes.p99.toFixed(1)} ms${result.reads.errors + result.writes.errors ? ` (${result.reads.errors + result.writes.errors} errors)` : ''}`,
  );
  results.push(result);
}
rmSync(dataDir, { recursive: true, force: true });
cluster?.stop();

const ceilingServer = await spawnReady([bare]);
await load([ceilingServer.url], read, 1000);
const ceiling = await load([ceilingServer.url], read, seconds * 1000);
await ceilingServer.stop();
console.log(`bare fastify: ${ceiling.rps.toFixed(0)}/s p99 ${ceiling.p99.toFixed(1)} ms`);

const f = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => n.toFixed(1);
const lines = [
  '# Server throughput',
  '',
  `Measured by \`npm run bench\` (\`bench/server-throughput.mjs\`) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} vCPU shared with other work,`,
  `${CONNECTIONS} keep-alive connections (undici \`Pool\`) from one load process, ${seconds} s per run after a 1 s warm-up, root token,`,
  `${PATHS} distinct paths, small JSON values; every request writes its audit record. The bare fastify handler answers`,
  'a JSON of the same size as a secret read, with nothing behind it: the ceiling of this HTTP stack on this machine.',
  'PostgreSQL 15 runs in a throwaway cluster on the same machine (default settings, fsync on); with two instances the',
  'load process alternates its requests between them. Every engine competes with the load generator for the 2 vCPUs.',
  '',
  '| engine | reads/s | read p99 (ms) | writes/s | write p99 (ms) | reads vs ceiling |',
  '|---|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.label} | ${f(r.reads.rps)} | ${ms(r.reads.p99)} | ${f(r.writes.rps)} | ${ms(r.writes.p99)} | ${((r.reads.rps / ceiling.rps) * 100).toFixed(0)} % |`,
  ),
  `| bare fastify handler | ${f(ceiling.rps)} | ${ms(ceiling.p99)} | — | — | 100 % |`,
  '',
];
if (!args.includes('--no-write')) writeSection('server-throughput', lines);
console.log(lines.join('\n'));
