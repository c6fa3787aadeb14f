#!/usr/bin/env node
// Certificates issued per second through the HTTP API of the local server (SQLite, in memory, its own
// child process): EC P-256 and RSA-2048, with the server making the key (`POST /v1/pki/issue/{role}`)
// and signing a caller's CSR (`POST /v1/pki/sign/{role}`). Every issuance is stored, counted on its
// CA, audited and emitted as `certificate.issued`, as in normal use. Target: >= 200 EC issuances/s.
// Usage: node bench/pki-http.mjs [--seconds N]   (writes its section of docs/benchmarks.md)
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { Pool } from 'undici';
import {
  createIntermediateCa,
  createRootCa,
  issueLeaf,
  revocationUrlsFor,
  signCsr,
  signingCa,
} from '../server/dist/src/crypto/ca-engine/index.js';
import { writeSection } from './write-section.mjs';
import { opensslCsr } from './openssl-csr.mjs';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] || 5) || 5;
const CONNECTIONS = 8;
const TOKEN = 'skt_bench_pki_root_token';
const bin = new URL('../server/dist/src/bin.js', import.meta.url).pathname;

function startServer() {
  const child = spawn(process.execPath, [bin, '--port', '0', '--root-token', TOKEN], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^export SCAIVAULT_URL=(\S+)$/m.exec(out);
      if (match) resolve({ url: match[1], stop: () => new Promise((done) => (child.on('exit', done), child.kill('SIGTERM'))) });
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
  });
}

async function call(pool, method, path, body) {
  const response = await pool.request({
    method,
    path,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
  return JSON.parse(text);
}

/**
 * The same work on the CA engine alone, in this process, one at a time, measured right after the
 * HTTP figure: on a shared machine the ratio of the two says more than either number.
 */
async function engineRate(keyType, csrPem) {
  const key = { keyType, keyBits: keyType === 'ec' ? 256 : 2048 };
  const root = await createRootCa({ commonName: 'Engine Root', key, validityDays: 3650 });
  const rootCa = signingCa(root.certificateDer, root.privateKey, revocationUrlsFor('http://127.0.0.1:8200', 'ca_root'));
  const int = await createIntermediateCa(rootCa, { commonName: 'Engine Issuing', key, validityDays: 1825 });
  const ca = signingCa(int.certificateDer, int.privateKey, revocationUrlsFor('http://127.0.0.1:8200', 'ca_int'));
  const role = {
    name: 'bench',
    allowedDomains: ['*.bench.internal'],
    allowSubdomains: false,
    allowIpSans: false,
    maxTtlSeconds: 720 * 3600,
    keyType,
    keyBits: key.keyBits,
    requireCn: true,
    extKeyUsage: ['server_auth', 'client_auth'],
  };
  const measure = async (run) => {
    let count = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) await run(count++);
    return count / ((performance.now() - started) / 1000);
  };
  return {
    issue: await measure((i) => issueLeaf(ca, role, { commonName: `svc${i}.bench.internal`, ttl: '24h' })),
    sign: await measure(() => signCsr(ca, role, { csrPem, ttl: '24h' })),
  };
}

/** Sends requests on every connection back to back for the given time; issuances/s and latency percentiles. */
async function load(pool, makeRequest) {
  const latencies = [];
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await makeRequest(next++);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { rate: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

const server = await startServer();
const pool = new Pool(server.url, { connections: CONNECTIONS });
const lines = [
  '# PKI over HTTP',
  '',
  `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), shared with other work, so indicative only.`,
  `The server in its own process (SQLite in memory), ${CONNECTIONS} keep-alive connections, ${seconds} s per figure.`,
  'Each issuance is stored, counted on its CA, audited and emitted as `certificate.issued`. Target: at least 200 EC issuances/s.',
  '',
  'The engine columns are the CA engine alone in the load process, one at a time, measured just after: the ceiling the',
  'HTTP figures reach for on the machine as loaded at that moment.',
  '',
  '| Key | issue (server makes the key) | sign (caller CSR) | engine alone: issue | engine alone: sign |',
  '|---|---:|---:|---:|---:|',
];
try {
  for (const keyType of ['ec', 'rsa']) {
    const root = await call(pool, 'POST', '/v1/pki/ca', {
      name: `root-${keyType}`,
      common_name: `Bench Root ${keyType}`,
      ca_type: 'root',
      key_type: keyType,
    });
    const issuing = await call(pool, 'POST', '/v1/pki/ca', {
      name: `issuing-${keyType}`,
      common_name: `Bench Issuing ${keyType}`,
      ca_type: 'intermediate',
      parent_ca_id: root.id,
      key_type: keyType,
    });
    const role = `bench-${keyType}`;
    await call(pool, 'POST', '/v1/pki/roles', {
      name: role,
      ca_id: issuing.id,
      allowed_domains: ['*.bench.internal'],
      key_type: keyType,
      key_bits: keyType === 'ec' ? 256 : 2048,
      max_ttl: '720h',
    });
    const issue = await load(pool, (i) =>
      call(pool, 'POST', `/v1/pki/issue/${role}`, { common_name: `svc${i}.bench.internal`, ttl: '24h' }),
    );
    const csr = opensslCsr(keyType);
    const sign = await load(pool, () => call(pool, 'POST', `/v1/pki/sign/${role}`, { csr_pem: csr, ttl: '24h' }));
    const alone = await engineRate(keyType, csr);
    const label = keyType === 'ec' ? 'EC P-256' : 'RSA-2048';
    const cell = (r) => `${r.rate.toFixed(0)}/s (p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms)`;
    lines.push(`| ${label} | ${cell(issue)} | ${cell(sign)} | ${alone.issue.toFixed(0)}/s | ${alone.sign.toFixed(0)}/s |`);
    console.log(
      `${label}: issue ${cell(issue)}, sign ${cell(sign)}; engine alone issue ${alone.issue.toFixed(0)}/s, sign ${alone.sign.toFixed(0)}/s`,
    );
  }
} finally {
  await pool.close();
  await server.stop();
}
lines.push('', 'RSA `issue` is bounded by RSA-2048 key generation (see the engine-alone column), not by the server.');
writeSection('pki-http', lines);
