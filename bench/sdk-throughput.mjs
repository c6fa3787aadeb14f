#!/usr/bin/env node
// SDK client cost: secret reads per second and client CPU per read, 16 in flight, through
// ScaiVaultClient (its default undici pool) against raw undici request() on an Agent, both against a
// bare fastify answering the same body (bench/bare-fastify.mjs, its own process). Rounds alternate
// so machine noise hits both alike. Writes its section of docs/benchmarks.md.
//   node bench/sdk-throughput.mjs [--reads 4000] [--rounds 5]
import { spawn } from 'node:child_process';
import { Agent, request } from 'undici';
import { ScaiVaultClient } from '@scaivault/sdk';
import { writeSection } from './write-section.mjs';

const argValue = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const READS = argValue('--reads', 4000);
// `--before DIR`: also time the SDK of the build in DIR (a copy of the workspace), in the same rounds.
const beforeAt = process.argv.indexOf('--before');
const beforeDir = beforeAt > 0 ? process.argv[beforeAt + 1] : undefined;
const ROUNDS = argValue('--rounds', 5);
const IN_FLIGHT = 16;

const child = spawn(process.execPath, [new URL('./bare-fastify.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'ignore'] });
const baseUrl = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /^export SCAIVAULT_URL=(\S+)$/m.exec(out);
    if (match) resolve(match[1]);
  });
  child.on('exit', (code) => reject(new Error(`bare fastify exited (${code})`)));
});

const agent = new Agent({ keepAliveTimeout: 10_000 });
const origin = new URL(baseUrl).origin;
const raw = async (i) => {
  const answer = await request(`${origin}/v1/secrets/bench/path-${i % 100}`, {
    dispatcher: agent,
    headers: { authorization: 'Bearer skt_bench', accept: 'application/json' },
  });
  return JSON.parse(await answer.body.text()).data.password;
};
const client = new ScaiVaultClient({ baseUrl, token: 'skt_bench' });
const sdk = async (i) => (await client.secrets.read(`bench/path-${i % 100}`)).data.password;
const previous = beforeDir
  ? new (await import(new URL(`file://${beforeDir}/sdk/dist/src/index.js`).href)).ScaiVaultClient({ baseUrl, token: 'skt_bench' })
  : undefined;
const sdkBefore = previous && (async (i) => (await previous.secrets.read(`bench/path-${i % 100}`)).data.password);

/** `READS` reads, `IN_FLIGHT` at a time: wall ms and client CPU µs per read. */
async function round(read) {
  let next = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < READS) await read(next++);
    }),
  );
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { perSecond: (READS / wallMs) * 1000, cpuUs: (used.user + used.system) / READS };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
await round(raw);
await round(sdk); // warm-up: connections, JIT
if (sdkBefore) await round(sdkBefore);
const results = { raw: [], sdk: [], before: [] };
for (let i = 0; i < ROUNDS; i++) {
  results.raw.push(await round(raw));
  if (sdkBefore) results.before.push(await round(sdkBefore));
  results.sdk.push(await round(sdk));
}
await client.close();
await previous?.close();
await agent.close();
child.kill('SIGTERM');

const of = (kind, field) => median(results[kind].map((r) => r[field]));
const ratio = of('sdk', 'perSecond') / of('raw', 'perSecond');
const lines = [
  '# SDK throughput',
  '',
  `Measured by \`node bench/sdk-throughput.mjs\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}; ${ROUNDS} alternating rounds of ${READS} secret reads, ${IN_FLIGHT} in flight, against a bare fastify (its own process) answering the same body; medians. Indicative: the machine is shared.`,
  '',
  '| client | reads/s | client CPU per read (µs) |',
  '|---|---:|---:|',
  `| raw undici \`request()\` on an Agent | ${of('raw', 'perSecond').toFixed(0)} | ${of('raw', 'cpuUs').toFixed(0)} |`,
  ...(sdkBefore
    ? [
        `| \`ScaiVaultClient.secrets.read()\`, previous build | ${of('before', 'perSecond').toFixed(0)} | ${of('before', 'cpuUs').toFixed(0)} |`,
      ]
    : []),
  `| \`ScaiVaultClient.secrets.read()\` | ${of('sdk', 'perSecond').toFixed(0)} | ${of('sdk', 'cpuUs').toFixed(0)} |`,
  '',
  ...(sdkBefore
    ? [`Previous build vs raw undici: ${(of('before', 'perSecond') / of('raw', 'perSecond')).toFixed(2)}× the reads per second.`, '']
    : []),
  `SDK vs raw undici: ${ratio.toFixed(2)}× the reads per second (target ≥ 0.9×: ${ratio >= 0.9 ? 'ok' : 'MISSED'}).`,
  '',
  ...(ratio >= 0.9
    ? []
    : [
        `What bounds it: the SDK spends ${(of('sdk', 'cpuUs') - of('raw', 'cpuUs')).toFixed(0)} µs more client CPU per read than raw undici — ` +
          'building the request (path encoding, headers, the bearer token), an AbortController and a timer for the request timeout, ' +
          'retry and hook bookkeeping, decoding and checking the response, and the garbage all of it leaves for the collector. ' +
          'With the client CPU-bound, reads per second follow CPU per read.',
        '',
      ]),
];
writeSection('sdk-throughput', lines);
console.log(lines.join('\n'));
