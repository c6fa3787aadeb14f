#!/usr/bin/env node
// One ACME issuance end to end, as a user waits for it: the order for a name and its wildcard is placed over HTTP,
// the TXT records go through PowerDNS's API, Pebble validates them by asking PowerDNS, and the certificate is read
// back. Wall time from the POST to the certificate, median of a few runs, at the default and at a short poll interval.
// Usage: node bench/acme-issuance.mjs   (writes its section of docs/benchmarks.md; needs pebble and pdns-server)
import { cpus } from 'node:os';
import { startAcmePeers } from '../server/dist/test/acme-peers.js';
import { startServer } from '../server/dist/src/index.js';
import { writeSection } from './write-section.mjs';

const RUNS = Number(process.env.ACME_BENCH_RUNS ?? 5);
const ZONE = 'bench.test';

async function api(server, method, path, body) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.rootToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

async function measure(peers, pollMs) {
  const server = await startServer({ port: 0, logger: () => {}, acmePollIntervalMs: pollMs });
  try {
    const account = await api(server, 'POST', '/v1/pki/acme/accounts', {
      provider: 'custom',
      directory_url: peers.pebble.directoryUrl,
      ca_bundle: peers.pebble.tlsCaPem,
    });
    await api(server, 'POST', '/v1/dns/providers', {
      name: 'pdns',
      provider_type: 'powerdns',
      credentials: { api_url: peers.powerDns.apiUrl, api_key: peers.powerDns.apiKey },
      managed_zones: [ZONE],
      config: { nameservers: [peers.powerDns.dnsAddress] },
    });
    const times = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const placed = await api(server, 'POST', '/v1/pki/acme/orders', {
        account_id: account.body.id,
        domains: [`r${pollMs}-${run}.${ZONE}`, `*.r${pollMs}-${run}.${ZONE}`],
      });
      let order = placed.body;
      while (order.status !== 'valid' && order.status !== 'invalid') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        order = (await api(server, 'GET', `/v1/pki/acme/orders/${placed.body.id}`)).body;
      }
      if (order.status !== 'valid') throw new Error(`order failed: ${JSON.stringify(order.error)}`);
      await api(server, 'GET', `/v1/pki/acme/orders/${placed.body.id}/certificate`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
  } finally {
    await server.close();
  }
}

const peers = await startAcmePeers(ZONE);
try {
  const rows = [];
  for (const pollMs of [2000, 100]) rows.push([pollMs, await measure(peers, pollMs)]);
  const lines = [
    '# ACME issuance (Pebble + PowerDNS on loopback)',
    '',
    `One order for a name and its wildcard (two dns-01 authorizations), from the POST to the certificate read, ${RUNS} runs each;`,
    "Pebble validates at once (`PEBBLE_VA_NOSLEEP=1`). The poll interval is the pause between the server's propagation and",
    `CA status checks (\`acmePollIntervalMs\`, default 2000 ms). ${cpus().length} cores, shared: indicative figures.`,
    '',
    '| poll interval | median | min | max |',
    '|---|---|---|---|',
    ...rows.map(
      ([pollMs, t]) =>
        `| ${pollMs} ms | ${(t.median / 1000).toFixed(2)} s | ${(t.min / 1000).toFixed(2)} s | ${(t.max / 1000).toFixed(2)} s |`,
    ),
    '',
  ];
  writeSection('acme-issuance', lines);
  console.log(lines.join('\n'));
} finally {
  await peers.stop();
}
