#!/usr/bin/env node
// Start-up of the server entry point (`scaivault-server --data-dir D`) until it answers its first
// request (GET /v1/health), with the master key in master.key vs unwrapped by a PKCS#11 token:
// SoftHSM2, and swtpm + tpm2-abrmd + tpm2-pkcs11. Runs are interleaved so machine noise hits all alike.
// Needs the tokens installed (see plugins/tpm/README.md) and a build (`npm run build`).
// Usage: node bench/tpm-startup.mjs   (writes its section of docs/benchmarks.md)
import { spawn, spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSoftHsm, startSwtpm } from '../plugins/tpm/dist/test/token-hosts.js';
import { writeSection } from './write-section.mjs';

const root = new URL('..', import.meta.url).pathname;
const BIN = join(root, 'cli', 'bin', 'scaivault.js');
const SERVER = join(root, 'server', 'dist', 'src', 'bin.js');
const RUNS = Number(process.env.TPM_BENCH_RUNS ?? 9);
const PIN = '2468';

const work = mkdtempSync(join(tmpdir(), 'sv-tpm-bench-'));
const baseEnv = { PATH: process.env.PATH, HOME: work, SCAIVAULT_HOME: work };

function run(args, env, input = '') {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scaivault ${args.join(' ')}: ${result.stderr}`);
}

/** Milliseconds from spawning the server to its first 200 on /v1/health. */
function timeToFirstRequest(dataDir, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [SERVER, '--data-dir', dataDir, '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', async (chunk) => {
      out += chunk;
      const url = /export SCAIVAULT_URL=(\S+)/.exec(out)?.[1];
      if (!url || child.answered) return;
      child.answered = true;
      const response = await fetch(`${url}/v1/health`);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      child.once('exit', () => (response.ok ? resolve(elapsed) : reject(new Error(`health answered ${response.status}`))));
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => {
      if (!child.answered) reject(new Error(`the server exited with ${code}: ${err}`));
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const cases = [];
const hosts = [];
try {
  // The file key: master.key made on the first start, then read.
  const fileDir = join(work, 'file-key');
  await timeToFirstRequest(fileDir, baseEnv);
  cases.push({ name: '`master.key` in the data dir', dataDir: fileDir, env: baseEnv, times: [] });

  for (const [name, start] of [
    ['SoftHSM2 (AES-256-GCM unwrap)', startSoftHsm],
    ['swtpm + tpm2-abrmd + tpm2-pkcs11 (RSA-OAEP unwrap)', startSwtpm],
  ]) {
    const host = await start('bench');
    hosts.push(host);
    const env = { ...baseEnv, ...host.env };
    const dataDir = join(work, `token-${hosts.length}`);
    run(['tpm', 'init', '--module', host.module, '--data-dir', dataDir, '--sopin', '-', '--userpin', '-'], env, `87654321\n${PIN}\n`);
    const withPin = { ...env, SCAIVAULT_TPM_USERPIN: PIN };
    await timeToFirstRequest(dataDir, withPin);
    cases.push({ name, dataDir, env: withPin, times: [] });
  }

  for (let i = 0; i < RUNS; i++) for (const one of cases) one.times.push(await timeToFirstRequest(one.dataDir, one.env));
} finally {
  for (const host of hosts) await host.stop();
  rmSync(work, { recursive: true, force: true });
}

const file = median(cases[0].times);
const lines = [
  '# Server start-up with a TPM or HSM key root',
  '',
  `Measured by \`npm run bench\` (\`bench/tpm-startup.mjs\`) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} vCPU shared`,
  `with other work. Time from spawning \`scaivault-server --data-dir D\` to its first answered request (GET /v1/health),`,
  `median of ${RUNS} runs per case, interleaved; an existing data directory each time. Indicative only on a shared machine.`,
  '',
  '| master key from | median (ms) | vs file key |',
  '|---|---:|---:|',
  ...cases.map((one) => `| ${one.name} | ${median(one.times).toFixed(0)} | ${(median(one.times) / file).toFixed(2)}x |`),
  '',
  'The token path adds loading pkcs11js and the PKCS#11 module, a login and one unwrap; the TPM path also goes',
  'through tpm2-abrmd over D-Bus to swtpm, and its login unseals the token key inside the TPM.',
];
writeSection('tpm-startup', lines);
console.log(lines.join('\n'));
