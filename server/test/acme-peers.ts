// Real ACME peers for the tests: PowerDNS Authoritative (sqlite3 backend, HTTP API on loopback) as the
// authoritative server of a test zone, and Pebble (Let's Encrypt's ACME test CA) resolving through it,
// so a dns-01 TXT record really travels provider API → DNS server → the CA's validation.
// Each start is fresh: new database, new zone, new TLS CA for Pebble's HTTPS, new Pebble root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { get as httpsGet } from 'node:https';

/** An external account binding Pebble knows (base64url HMAC key), for registering as ZeroSSL or Google require. */
export const EAB_KID = 'kid-scaivault-test';
export const EAB_HMAC_KEY = 'zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W';

/** Pebble refuses orders for this name (its `domainBlocklist`). */
export const BLOCKED_DOMAIN = 'blocked.acme.test';
const SQLITE_SCHEMA = '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';
const INSTALL_HINT = 'install them with: apt-get install -y pebble pdns-server pdns-backend-sqlite3 sqlite3 openssl';

export interface PowerDns {
  /** The HTTP API base, e.g. http://127.0.0.1:PORT (the provider appends /api/v1/…). */
  apiUrl: string;
  apiKey: string;
  serverId: string;
  /** host:port of the DNS listener (UDP and TCP). */
  dnsAddress: string;
  dnsPort: number;
  /** Creates a Native zone (`name` without the trailing dot). */
  createZone(name: string): Promise<void>;
  /** The TXT values at `name` (without the trailing dot), straight from the database through the API. */
  txtRecords(zone: string, name: string): Promise<string[]>;
  /** Points `name` at `ip` (an A record), so Pebble's http-01 validation connects there. */
  setAddress(zone: string, name: string, ip: string): Promise<void>;
}

export interface Pebble {
  directoryUrl: string;
  /** PEM of the throwaway CA that signed Pebble's HTTPS certificate: what a client must trust. */
  tlsCaPem: string;
  /** PEM of Pebble's issuing root for this start (certificates it issues chain to it). */
  rootPem(): Promise<string>;
  /** The port Pebble connects to for http-01 validation (on the address the name resolves to). */
  httpPort: number;
}

export interface AcmePeers {
  powerDns: PowerDns;
  pebble: Pebble;
  stop(): Promise<void>;
  /** Ends both at once, synchronously (for `process.on('exit')`, where nothing can be awaited). */
  kill(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(file: string, args: string[], input?: string): string {
  const result = spawnSync(file, args, { encoding: 'utf8', input });
  if (result.error) throw new Error(`${file} could not run (${result.error.message}): ${INSTALL_HINT}`);
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Keeps the last output of a child, so a failed start can say why. */
function spawnLogged(file: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.on('error', (error) => (output += `\n${error.message}: ${INSTALL_HINT}`));
  // The peers never keep a process alive on their own: tests stop them, and an exiting process kills them.
  child.unref();
  (child.stdout as unknown as { unref(): void }).unref();
  (child.stderr as unknown as { unref(): void }).unref();
  return { child, output: () => output };
}

async function waitUntil(what: string, ready: () => Promise<boolean>, child: { child: ChildProcess; output: () => string }): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.child.exitCode !== null) throw new Error(`${what} exited while starting:\n${child.output()}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not become ready:\n${child.output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

async function startPowerDns(dir: string): Promise<{ powerDns: PowerDns; child: ChildProcess }> {
  const database = join(dir, 'pdns.sqlite3');
  run('sqlite3', [database], readFileSync(SQLITE_SCHEMA, 'utf8'));
  const dnsPort = await freePort();
  const webPort = await freePort();
  const apiKey = randomBytes(16).toString('hex');
  // pdns_server runs as the invoking user (root is accepted); nothing here needs privileges: ports are high, files are ours.
  writeFileSync(
    join(dir, 'pdns.conf'),
    [
      'launch=gsqlite3',
      `gsqlite3-database=${database}`,
      'local-address=127.0.0.1',
      `local-port=${dnsPort}`,
      'api=yes',
      `api-key=${apiKey}`,
      'webserver=yes',
      'webserver-address=127.0.0.1',
      `webserver-port=${webPort}`,
      'webserver-allow-from=127.0.0.0/8',
      `socket-dir=${dir}`,
      'daemon=no',
      'guardian=no',
      'disable-syslog=yes',
      // No security-status query to the internet: the machine has loopback only.
      'security-poll-suffix=',
      // Answers straight from the database, so a removed record is gone at once.
      'cache-ttl=0',
      'negquery-cache-ttl=0',
      'query-cache-ttl=0',
      'zone-cache-refresh-interval=0',
      '',
    ].join('\n'),
  );
  const logged = spawnLogged('pdns_server', [`--config-dir=${dir}`], process.env);
  const apiUrl = `http://127.0.0.1:${webPort}`;
  const headers = { 'X-API-Key': apiKey, 'content-type': 'application/json' };
  await waitUntil('pdns_server', async () => (await fetch(`${apiUrl}/api/v1/servers/localhost`, { headers })).ok, logged);
  const powerDns: PowerDns = {
    apiUrl,
    apiKey,
    serverId: 'localhost',
    dnsAddress: `127.0.0.1:${dnsPort}`,
    dnsPort,
    async createZone(name) {
      const response = await fetch(`${apiUrl}/api/v1/servers/localhost/zones`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `${name}.`, kind: 'Native', nameservers: [`ns1.${name}.`] }),
      });
      if (response.status !== 201) throw new Error(`PowerDNS refused zone ${name}: ${response.status} ${await response.text()}`);
    },
    async txtRecords(zone, name) {
      const response = await fetch(`${apiUrl}/api/v1/servers/localhost/zones/${zone}.`, { headers });
      if (!response.ok) throw new Error(`PowerDNS zone ${zone}: ${response.status}`);
      const body = (await response.json()) as { rrsets: { name: string; type: string; records: { content: string }[] }[] };
      return body.rrsets
        .filter((rrset) => rrset.type === 'TXT' && rrset.name === `${name}.`)
        .flatMap((rrset) => rrset.records.map((record) => record.content));
    },
    async setAddress(zone, name, ip) {
      const response = await fetch(`${apiUrl}/api/v1/servers/localhost/zones/${zone}.`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({
          rrsets: [{ name: `${name}.`, type: 'A', ttl: 60, changetype: 'REPLACE', records: [{ content: ip, disabled: false }] }],
        }),
      });
      if (response.status !== 204) throw new Error(`PowerDNS refused the A record ${name}: ${response.status} ${await response.text()}`);
    },
  };
  return { powerDns, child: logged.child };
}

/** A throwaway CA and a certificate for 127.0.0.1/localhost signed by it, for Pebble's HTTPS listeners. */
function makeTlsCertificates(dir: string): { caPem: string; certPath: string; keyPath: string } {
  const caKey = join(dir, 'tls-ca.key');
  const caCert = join(dir, 'tls-ca.pem');
  const keyPath = join(dir, 'tls.key');
  const csr = join(dir, 'tls.csr');
  const certPath = join(dir, 'tls.pem');
  const ext = join(dir, 'tls.ext');
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-out', caCert,
    '-days', '2', '-subj', '/CN=scaivault test TLS CA']); // prettier-ignore
  run('openssl', [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    csr,
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caCert,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    certPath,
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  return { caPem: readFileSync(caCert, 'utf8'), certPath, keyPath };
}

/** A GET that trusts exactly `caPem` (verification stays on: the throwaway CA is the only anchor). */
export function getTrusting(url: string, caPem: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsGet(url, { ca: caPem }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

async function startPebble(dir: string, dnsAddress: string): Promise<{ pebble: Pebble; child: ChildProcess }> {
  const tls = makeTlsCertificates(dir);
  const [acmePort, managementPort, httpPort, tlsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const config = join(dir, 'pebble-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: tls.certPath,
        privateKey: tls.keyPath,
        httpPort,
        tlsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
        // Checked when an account brings a binding (as ZeroSSL and Google require one).
        externalAccountMACKeys: { [EAB_KID]: EAB_HMAC_KEY },
        // Names Pebble refuses to order, so a test can see the CA's own rejection.
        domainBlocklist: [BLOCKED_DOMAIN],
      },
    }),
  );
  // NOSLEEP: validate at once instead of after a random pause; NONCEREJECT=0: no deliberately bad nonces,
  // so a test's timing does not depend on retries; -dnsserver: every lookup goes to PowerDNS.
  const env = { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' };
  const logged = spawnLogged('pebble', ['-config', config, '-dnsserver', dnsAddress], env);
  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
  await waitUntil('pebble', async () => (await getTrusting(directoryUrl, tls.caPem)).status === 200, logged);
  const pebble: Pebble = {
    directoryUrl,
    tlsCaPem: tls.caPem,
    httpPort,
    async rootPem() {
      const response = await getTrusting(`https://127.0.0.1:${managementPort}/roots/0`, tls.caPem);
      if (response.status !== 200) throw new Error(`Pebble's root: ${response.status}`);
      return response.body;
    },
  };
  return { pebble, child: logged.child };
}

/** Starts PowerDNS with `zone` and Pebble resolving through it; `stop()` ends both and removes their files. */
export async function startAcmePeers(zone: string): Promise<AcmePeers> {
  const dir = mkdtempSync(join(tmpdir(), 'sv-acme-peers-'));
  chmodSync(dir, 0o700);
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const dns = await startPowerDns(dir);
    children.push(dns.child);
    await dns.powerDns.createZone(zone);
    const ca = await startPebble(dir, dns.powerDns.dnsAddress);
    children.push(ca.child);
    const kill = () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    };
    // A test process that ends without stop() (a failed hook) still takes its peers with it.
    process.once('exit', kill);
    return { powerDns: dns.powerDns, pebble: ca.pebble, stop, kill };
  } catch (error) {
    await stop();
    throw error;
  }
}
