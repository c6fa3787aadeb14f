#!/usr/bin/env node
// The CA engine on its own (no HTTP, no storage): leaf certificates per second for EC P-256 and
// RSA-2048, with a key the engine makes (`issue`) and from a CSR (`sign`), and a CRL of 1,000 entries.
// A yardstick for the server's target of 200 EC issuances/s through the HTTP API. Also `pki inspect`
// startup against `node -e 0` (target: at most 1.5x), interleaved so machine noise hits both alike.
// Usage: node bench/pki-engine.mjs   (writes its section of docs/benchmarks.md)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus } from 'node:os';
import {
  buildCrl,
  createIntermediateCa,
  createRootCa,
  issueLeaf,
  revocationUrlsFor,
  signCsr,
  signingCa,
} from '../server/dist/src/crypto/ca-engine/index.js';
import { writeSection } from './write-section.mjs';
import { opensslCsr } from './openssl-csr.mjs';

const SECONDS = Number(process.env.PKI_BENCH_SECONDS ?? 2);

async function hierarchy(key) {
  const root = await createRootCa({ commonName: 'Bench Root', key, validityDays: 3650 });
  const rootCa = signingCa(root.certificateDer, root.privateKey, revocationUrlsFor('http://127.0.0.1:8200', 'ca_root'));
  const int = await createIntermediateCa(rootCa, { commonName: 'Bench Issuing', key, validityDays: 1825 });
  return signingCa(int.certificateDer, int.privateKey, revocationUrlsFor('http://127.0.0.1:8200', 'ca_int'));
}

function role(key) {
  return {
    name: 'bench',
    allowedDomains: ['*.bench.internal'],
    allowSubdomains: false,
    allowIpSans: true,
    maxTtlSeconds: 720 * 3600,
    keyType: key.keyType,
    keyBits: key.keyBits,
    requireCn: true,
    extKeyUsage: ['server_auth', 'client_auth'],
  };
}

async function rate(run) {
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    await run(count);
    count++;
  }
  return count / ((performance.now() - started) / 1000);
}

const lines = [
  '# PKI engine',
  '',
  `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${SECONDS} s per figure, one process, sequential.`,
  '',
];
lines.push('| Key | issue (engine makes the key) | sign (caller CSR) |', '|---|---:|---:|');
for (const key of [
  { keyType: 'ec', keyBits: 256 },
  { keyType: 'rsa', keyBits: 2048 },
]) {
  const ca = await hierarchy(key);
  const r = role(key);
  const issue = await rate((i) => issueLeaf(ca, r, { commonName: `svc${i}.bench.internal`, ttl: '24h' }));
  const csrPem = opensslCsr(key.keyType);
  const sign = await rate(() => signCsr(ca, r, { csrPem, ttl: '24h' }));
  const label = key.keyType === 'ec' ? 'EC P-256' : 'RSA-2048';
  lines.push(`| ${label} | ${issue.toFixed(0)}/s | ${sign.toFixed(0)}/s |`);
  console.log(`${label}: issue ${issue.toFixed(0)}/s, sign ${sign.toFixed(0)}/s`);
}
const ca = await hierarchy({ keyType: 'ec', keyBits: 256 });
const entries = Array.from({ length: 1000 }, (_, i) => ({
  serialNumber: (0x100000 + i).toString(16),
  revokedAt: new Date(),
  reason: 'key_compromise',
}));
const crl = await rate((i) =>
  buildCrl(ca, { crlNumber: i, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + 86_400_000), entries }),
);
lines.push('', `CRL of 1,000 entries (EC P-256 CA): ${crl.toFixed(0)} builds/s.`);
console.log(`CRL 1000 entries: ${crl.toFixed(0)}/s`);
lines.push('', 'RSA `issue` is bounded by RSA key generation (OpenSSL, off the event loop), not by signing.');

// pki inspect startup: the built binary on an engine-made certificate, against bare node.
const home = mkdtempSync(join(tmpdir(), 'sv-bench-pki-'));
const leaf = await issueLeaf(ca, role({ keyType: 'ec', keyBits: 256 }), { commonName: 'inspect.bench.internal' });
const certFile = join(home, 'cert.pem');
writeFileSync(certFile, leaf.certificatePem);
const bin = new URL('../cli/bin/scaivault.js', import.meta.url).pathname;
const env = { ...process.env, SCAIVAULT_HOME: home };
const time = (args) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return performance.now() - started;
};
time([bin, 'pki', 'inspect', certFile]); // builds the plugin index cache
const RUNS = Number(process.env.PKI_BENCH_RUNS ?? 15);
const bare = [];
const inspect = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(time(['-e', '0']));
  inspect.push(time([bin, 'pki', 'inspect', certFile]));
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = median(inspect) / median(bare);
lines.push(
  '',
  `\`pki inspect cert.pem\`: median ${median(inspect).toFixed(0)} ms vs \`node -e 0\` ${median(bare).toFixed(0)} ms (${ratio.toFixed(2)}x, ${RUNS} runs each, interleaved).`,
);
console.log(`pki inspect ${median(inspect).toFixed(0)} ms, node -e 0 ${median(bare).toFixed(0)} ms, ${ratio.toFixed(2)}x`);
rmSync(home, { recursive: true, force: true });
writeSection('pki-engine', lines);
