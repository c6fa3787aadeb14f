// The seed's ACME command lines, run through the built `scaivault` against this server with Pebble
// and PowerDNS behind it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EAB_HMAC_KEY, EAB_KID, startAcmePeers, type AcmePeers } from './acme-peers.js';
import { startTestServer, type TestServer } from './helpers.js';
import { openssl } from './pki-openssl.js';

const REPO = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');
const ZONE = 'acme.test';
let peers: AcmePeers;
let server: TestServer;
let dir: string;
let env: Record<string, string>;

/** Runs the built CLI (asynchronously: the server answers from this process). */
function scaivault(
  args: string[],
  whileRunning?: (child: ReturnType<typeof spawn>, stderr: () => string) => void,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(REPO, 'node_modules', '.bin', 'scaivault'), args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    whileRunning?.(child, () => stderr);
  });
}

before(async () => {
  peers = await startAcmePeers(ZONE);
  dir = mkdtempSync(join(tmpdir(), 'sv-acme-cli-'));
  // A hook that takes its time and then refuses: an order that is still running when the CLI is interrupted.
  writeFileSync(join(dir, 'slow-hook'), '#!/bin/sh\n[ "$1" = verify ] && exit 0\nsleep 5\nexit 1\n');
  chmodSync(join(dir, 'slow-hook'), 0o755);
  server = await startTestServer({ acmePollIntervalMs: 50, dnsExecHooks: { slow: join(dir, 'slow-hook') } });
  env = { SCAIVAULT_URL: server.url, SCAIVAULT_TOKEN: server.rootToken, SCAIVAULT_HOME: join(dir, 'home') };
  writeFileSync(join(dir, 'pebble-tls-ca.pem'), peers.pebble.tlsCaPem);
  writeFileSync(join(dir, 'pdns.json'), JSON.stringify({ api_url: peers.powerDns.apiUrl, api_key: peers.powerDns.apiKey }));
});

after(async () => {
  await server?.close();
  await peers?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('acme cli: register, a powerdns provider, issue a name and its wildcard into files, poll an order; bad input is exit 4 / 5', async () => {
  const registered = await scaivault([
    'pki', 'acme', 'register', '--provider', 'custom', '--directory-url', peers.pebble.directoryUrl,
    '--ca-bundle', join(dir, 'pebble-tls-ca.pem'), '--email', 'certs@acme.test', '--json',
  ]); // prettier-ignore
  assert.equal(registered.status, 0, registered.stderr);
  const account = JSON.parse(registered.stdout);
  assert.equal(account.name, 'custom-production');
  assert.equal(account.environment, 'production');

  const created = await scaivault([
    'pki', 'dns-providers', 'create', '--name', 'pdns', '--type', 'powerdns', '--zone', ZONE,
    '--credentials', join(dir, 'pdns.json'), '--nameserver', peers.powerDns.dnsAddress, '--json',
  ]); // prettier-ignore
  assert.equal(created.status, 0, created.stderr);
  const provider = JSON.parse(created.stdout);
  assert.ok(!created.stdout.includes(peers.powerDns.apiKey));
  const listed = await scaivault(['pki', 'dns-providers', 'list']);
  assert.match(listed.stdout, /pdns\s+powerdns\s+acme\.test/);
  assert.equal(JSON.parse((await scaivault(['pki', 'dns-providers', 'get', provider.id, '--json'])).stdout).name, 'pdns');

  // The seed line, with the account given by id; the CLI waits (no progress lines: stderr is not a terminal).
  const out = join(dir, 'tls');
  const issued = await scaivault([
    'pki', 'acme', 'issue', '--account', account.id, '--domains', 'cli.acme.test,*.cli.acme.test', '--challenge', 'dns-01', '--out-dir', out,
  ]); // prettier-ignore
  assert.equal(issued.status, 0, issued.stderr);
  assert.match(issued.stdout + issued.stderr, /Issued certificate cert_/);
  assert.equal(statSync(join(out, 'key.pem')).mode & 0o777, 0o600);
  writeFileSync(join(dir, 'root.pem'), await peers.pebble.rootPem());
  const verified = openssl(['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(out, 'chain.pem'), join(out, 'cert.pem')]);
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(readFileSync(join(out, 'key.pem'), 'utf8'), /BEGIN PRIVATE KEY/);
  assert.deepEqual(await peers.powerDns.txtRecords(ZONE, '_acme-challenge.cli.acme.test'), []);

  const placed = await scaivault([
    'pki',
    'acme',
    'issue',
    '--account',
    'custom-production',
    '--domains',
    'later.acme.test',
    '--no-wait',
    '--json',
  ]);
  assert.equal(placed.status, 0, placed.stderr);
  const orderId = JSON.parse(placed.stdout).id as string;
  let status = '';
  for (let attempt = 0; attempt < 600 && status !== 'valid' && status !== 'invalid'; attempt++) {
    status = (await scaivault(['pki', 'acme', 'orders', 'get', orderId, '--field', 'status'])).stdout.trim();
  }
  assert.equal(status, 'valid');

  const unknown = await scaivault(['pki', 'acme', 'issue', '--account', 'acme_nope', '--domains', 'x.acme.test']);
  assert.equal(unknown.status, 4, unknown.stderr);
  assert.match(unknown.stderr, /ACME account not found/);
  const badName = await scaivault(['pki', 'acme', 'issue', '--account', account.id, '--domains', 'not a name']);
  assert.equal(badName.status, 5, badName.stderr);
  const unmanaged = await scaivault(['pki', 'acme', 'issue', '--account', account.id, '--domains', 'www.elsewhere.test']);
  assert.equal(unmanaged.status, 5, unmanaged.stderr);
  assert.match(unmanaged.stderr, /No DNS provider manages a zone holding www\.elsewhere\.test/);
  const noCreds = await scaivault(['pki', 'dns-providers', 'create', '--name', 'x', '--type', 'powerdns', '--zone', ZONE]);
  assert.equal(noCreds.status, 5);
  for (const result of [unknown, badName, unmanaged, noCreds]) assert.ok(!/\n\s+at /.test(result.stderr), result.stderr);

  const deleted = await scaivault(['pki', 'dns-providers', 'delete', provider.id, '--yes']);
  assert.equal(deleted.status, 0, deleted.stderr);
});

test('acme cli: Ctrl-C stops only the waiting (exit 130), says how to check the order, and the order runs on to its end', async () => {
  const provider = await scaivault([
    'pki',
    'dns-providers',
    'create',
    '--name',
    'slow',
    '--type',
    'exec',
    '--hook',
    'slow',
    '--zone',
    'slow.acme.test',
    '--json',
  ]);
  assert.equal(provider.status, 0, provider.stderr);
  const accounts = (await server.api('GET', '/v1/pki/acme/accounts')).body.accounts as { id: string }[];
  assert.ok(accounts.length > 0, 'the first test registered an account');
  const interrupted = await scaivault(
    ['pki', 'acme', 'issue', '--account', accounts[0]!.id, '--domains', 'www.slow.acme.test'],
    (child) => {
      // Once the order is placed and being waited on (the hook keeps it pending for 5 s).
      setTimeout(() => child.kill('SIGINT'), 1500);
    },
  );
  assert.equal(interrupted.status, 130, interrupted.stderr);
  assert.equal(interrupted.stderr.trim().split('\n').length, 1, interrupted.stderr);
  const orderId = /scaivault pki acme orders get (ord_\w+)/.exec(interrupted.stderr)?.[1];
  assert.ok(orderId, interrupted.stderr);
  let order: { status: string; error?: { detail: string } } = { status: '' };
  for (let attempt = 0; attempt < 600 && order.status !== 'valid' && order.status !== 'invalid'; attempt++) {
    order = JSON.parse((await scaivault(['pki', 'acme', 'orders', 'get', orderId, '--json'])).stdout);
  }
  // It was not cancelled: it ran on until the hook refused.
  assert.equal(order.status, 'invalid');
  assert.match(order.error!.detail, /the DNS hook slow exited with status 1/);
});

test('acme cli: register with an external account binding read from a file; the HMAC key is in no output', async () => {
  writeFileSync(join(dir, 'eab.key'), `${EAB_HMAC_KEY}\n`, { mode: 0o600 });
  const registered = await scaivault([
    'pki', 'acme', 'register', '--provider', 'custom', '--name', 'bound', '--directory-url', peers.pebble.directoryUrl,
    '--ca-bundle', join(dir, 'pebble-tls-ca.pem'), '--eab-kid', EAB_KID, '--eab-hmac-key-file', join(dir, 'eab.key'), '--json',
  ]); // prettier-ignore
  assert.equal(registered.status, 0, registered.stderr);
  assert.equal(JSON.parse(registered.stdout).name, 'bound');
  assert.ok(!(registered.stdout + registered.stderr).includes(EAB_HMAC_KEY));
  writeFileSync(join(dir, 'bad.key'), 'not base64url!\n');
  const bad = await scaivault([
    'pki', 'acme', 'register', '--provider', 'custom', '--directory-url', peers.pebble.directoryUrl,
    '--eab-kid', EAB_KID, '--eab-hmac-key-file', join(dir, 'bad.key'),
  ]); // prettier-ignore
  assert.equal(bad.status, 5);
  assert.match(bad.stderr, /does not hold a base64url HMAC key/);
});
