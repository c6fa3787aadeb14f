#!/usr/bin/env node
// What trusting ScaiKey costs per request: a secret read with a ScaiKey JWT (signature checked
// against the cached JWKS, then the user's synced groups looked up for the policy decision)
// against the same read with one of the server's own personal tokens (a digest lookup, the
// policy bound to the user directly). Sequential on one keep-alive connection, interleaved in
// batches so the shared machine's noise hits both alike.
// Usage: node bench/scaikey-tokens.mjs   (writes its section of docs/benchmarks.md)
import { cpus } from 'node:os';
import { Pool } from 'undici';
import { startDevScaiKey, startServer } from '../server/dist/src/index.js';
import { writeSection } from './write-section.mjs';

const SECONDS = Number(process.env.SCAIKEY_BENCH_SECONDS ?? 3);
const BATCH = 100;
const WEBHOOK_SECRET = 'bench-webhook-secret';

const scaikey = await startDevScaiKey();
const server = await startServer({
  port: 0,
  logger: () => {},
  enforceRateLimits: false,
  scaikey: { issuer: scaikey.issuer, webhookSecret: WEBHOOK_SECRET },
});
scaikey.addWebhook(`${server.url}/v1/identity/webhooks/scaikey`, WEBHOOK_SECRET);
const client = new Pool(server.url, { connections: 1 });
const call = async (method, path, token, body) => {
  const response = await client.request({
    method,
    path,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
};

try {
  const root = server.rootToken;
  await call('PUT', '/v1/secrets/bench/app', root, { data: { key: 'value' } });
  const policy = await call('POST', '/v1/policies', root, { name: 'bench', rules: [{ path_pattern: 'bench/*', permissions: ['read'] }] });
  await call('POST', `/v1/policies/${policy.id}/bindings`, root, { identity_type: 'group', identity_id: 'group:bench' });
  await call('POST', `/v1/policies/${policy.id}/bindings`, root, { identity_type: 'user', identity_id: 'user:local@bench.example' });
  const directory = scaikey.scaikey.directory;
  const user = directory.addUser({ tenantId: 'tnt_dev', email: 'alice@bench.example' });
  directory.addMember(directory.addGroup({ tenantId: 'tnt_dev', name: 'bench' }).id, user.id);
  await scaikey.scaikey.webhooks.settled();
  const jwt = (await scaikey.scaikey.userToken(user.id, ['secrets:read'])).access_token;
  const personal = (await call('POST', '/v1/auth/tokens', root, { identity_id: 'user:local@bench.example', scopes: ['secrets:read'] }))
    .token;

  const timings = { jwt: [], personal: [] };
  const deadline = Date.now() + SECONDS * 2000;
  for (const token of [jwt, personal]) await call('GET', '/v1/secrets/bench/app', token); // warm: JWKS fetched, jose loaded
  while (Date.now() < deadline) {
    for (const [name, token] of [
      ['jwt', jwt],
      ['personal', personal],
    ]) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) await call('GET', '/v1/secrets/bench/app', token);
      timings[name].push(Number(process.hrtime.bigint() - started) / 1e6 / BATCH);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const jwtMs = median(timings.jwt);
  const personalMs = median(timings.personal);
  const lines = [
    '## ScaiKey tokens',
    '',
    `\`node bench/scaikey-tokens.mjs\` — ${cpus().length} CPU(s), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; a shared machine, so the figures are indicative.`,
    '',
    'One `GET /v1/secrets/{path}` at a time on one keep-alive connection, median of batches of 100, the two kinds interleaved:',
    '',
    '| credential | ms per read | reads/s |',
    '|---|---|---|',
    `| personal token (\`skt_\`, policy bound to the user) | ${personalMs.toFixed(3)} | ${Math.round(1000 / personalMs)} |`,
    `| ScaiKey JWT (RS256 against the cached JWKS, policy bound to a synced group) | ${jwtMs.toFixed(3)} | ${Math.round(1000 / jwtMs)} |`,
    '',
    `JWT ÷ personal token: ${(jwtMs / personalMs).toFixed(2)}×. Both pay the identity cache's group lookup (any \`user:\` identity does); the JWT's check is an RS256 verification against the cached key set and reads no table, where the personal token's looks its digest up.`,
  ];
  writeSection('scaikey-tokens', lines);
  console.log(lines.join('\n'));
} finally {
  await client.close();
  await server.close();
  await scaikey.close();
}
