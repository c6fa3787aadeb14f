import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes, X509Certificate } from 'node:crypto';
import { after, test } from 'node:test';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const bin = join(repo, 'cli', 'bin', 'scaivault.js');
const home = mkdtempSync(join(tmpdir(), 'sv-dev-'));
after(() => rmSync(home, { recursive: true, force: true }));

function start(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [bin, 'dev', ...args], { env: { ...process.env, SCAIVAULT_HOME: home, ...env } });
}

/** Waits for the two export lines and returns them as variables. */
function exports(child: ChildProcessWithoutNullStreams): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = Object.fromEntries([...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      if (found.SCAIVAULT_URL && found.SCAIVAULT_TOKEN) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing exports: ${err}`)));
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, SCAIVAULT_HOME: home, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('prints the exports once it accepts requests, serves the CLI, and stops cleanly on SIGTERM', async () => {
  const server = start(['--port', '0'], { SCAIVAULT_DEV_ROOT_TOKEN: 'skt_dev_test_root' });
  const vars = await exports(server);
  assert.match(vars.SCAIVAULT_URL!, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(vars.SCAIVAULT_TOKEN, 'skt_dev_test_root');
  const env = { SCAIVAULT_URL: vars.SCAIVAULT_URL!, SCAIVAULT_TOKEN: vars.SCAIVAULT_TOKEN! };
  assert.equal((await cli(['secrets', 'write', 'app/db', 'password=pw-1'], env)).code, 0);
  const read = await cli(['secrets', 'read', 'app/db', '--field', 'password'], env);
  assert.deepEqual([read.code, read.stdout], [0, 'pw-1']);
  server.kill('SIGTERM');
  assert.equal(await exitOf(server), 0);
});

test('--data-dir keeps data across restarts and the master key file is 0600', async () => {
  const dataDir = join(home, 'data');
  const first = start(['--port', '0', '--data-dir', dataDir, '--root-token', 'skt_dev_durable']);
  let env = await exports(first);
  assert.equal((await cli(['secrets', 'write', 'app/kept', 'v=1'], env)).code, 0);
  first.kill('SIGINT');
  assert.equal(await exitOf(first), 0);

  const second = start(['--port', '0', '--data-dir', dataDir, '--root-token', 'skt_dev_durable']);
  env = await exports(second);
  const read = await cli(['secrets', 'read', 'app/kept', '--field', 'v'], env);
  assert.deepEqual([read.code, read.stdout], [0, '1']);
  second.kill('SIGTERM');
  assert.equal(await exitOf(second), 0);
  assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
});

test('a --host that is not an address of this machine is one line, exit 5, with no resolver error', async () => {
  // 192.0.2.1 is reserved for documentation (no machine has it); the other is not an address at all.
  for (const host of ['192.0.2.1', '999.1.1.1']) {
    const result = await cli(['dev', '--port', '0', '--host', host], {});
    assert.equal(result.code, 5, host);
    assert.match(
      result.stderr,
      new RegExp(
        `^error: cannot listen on --host ${host.replace(/\./g, '\\.')}: it is not an address of this machine — pass --host 127\\.0\\.0\\.1`,
      ),
      host,
    );
    assert.equal(result.stderr.trim().split('\n').length, 1, `${host}: ${result.stderr}`);
  }
});

test('bad flags are exit 5; a port in use is exit 1 with the fix', async () => {
  const bad = await cli(['dev', '--port', 'eighty'], {});
  assert.equal(bad.code, 5);
  assert.match(bad.stderr, /--port must be a whole number/);

  const holder = start(['--port', '0']);
  const vars = await exports(holder);
  const port = new URL(vars.SCAIVAULT_URL!).port;
  const clash = await cli(['dev', '--port', port], {});
  assert.equal(clash.code, 1);
  assert.match(clash.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
  holder.kill('SIGTERM');
  await exitOf(holder);
});

// The timeout guards against the old failure, a mkdir loop that never ended.
test('a --data-dir that cannot be a directory is one line and exit 5, at once', { timeout: 30_000 }, async () => {
  const file = join(home, 'a-file');
  writeFileSync(file, 'not a directory');
  const onFile = await cli(['dev', '--port', '0', '--data-dir', file], {});
  assert.deepEqual([onFile.code, onFile.stdout], [5, '']);
  assert.equal(
    onFile.stderr,
    `error: the data directory ${file} exists and is not a directory — pass --data-dir a directory you can write, or leave it out to keep data in memory\n`,
  );

  const under = await cli(['dev', '--port', '0', '--data-dir', join(file, 'data')], {});
  assert.equal(under.code, 5);
  assert.match(
    under.stderr,
    /^error: [^\n]*a-file \(on the way to the data directory [^\n]*a-file\/data\) exists and is not a directory — [^\n]*\n$/,
  );

  // /proc refuses a mkdir with ENOENT under an existing parent: a recursive mkdir spun on it forever.
  const proc = await cli(['dev', '--port', '0', '--data-dir', '/proc/scaivault-data'], {});
  assert.equal(proc.code, 5);
  assert.match(
    proc.stderr,
    /^error: cannot create the data directory \/proc\/scaivault-data: the file system does not allow it — [^\n]*\n$/,
  );
});

test('--storage keeps data in PostgreSQL under a shared master key, across restarts; without a key it is a usage error', async () => {
  // The server's own test helper: a fresh database on the cluster CI started, or on one of its own.
  const helpers = (await import(pathToFileURL(join(repo, 'server', 'dist', 'test', 'helpers.js')).href)) as {
    freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  };
  const database = await helpers.freshPostgresDatabase();
  const key = { SCAIVAULT_MASTER_KEY: randomBytes(32).toString('base64') };
  try {
    const first = start(['--port', '0', '--storage', database.url, '--root-token', 'skt_dev_postgres'], key);
    const env = { SCAIVAULT_URL: (await exports(first)).SCAIVAULT_URL!, SCAIVAULT_TOKEN: 'skt_dev_postgres' };
    assert.equal((await cli(['secrets', 'write', 'pg/db', 'password=kept-in-postgres'], env)).code, 0);
    first.kill('SIGTERM');
    assert.equal(await exitOf(first), 0);

    const second = start(['--port', '0', '--storage', database.url, '--root-token', 'skt_dev_postgres'], key);
    const again = { SCAIVAULT_URL: (await exports(second)).SCAIVAULT_URL!, SCAIVAULT_TOKEN: 'skt_dev_postgres' };
    const read = await cli(['secrets', 'read', 'pg/db', '--field', 'password'], again);
    assert.deepEqual([read.code, read.stdout], [0, 'kept-in-postgres']);
    second.kill('SIGTERM');
    assert.equal(await exitOf(second), 0);

    const keyless = await cli(['dev', '--port', '0', '--storage', database.url], {});
    assert.equal(keyless.code, 5);
    assert.match(
      keyless.stderr,
      /PostgreSQL storage needs the master key every instance shares: --master-key-file or SCAIVAULT_MASTER_KEY/,
    );
  } finally {
    await database.drop();
  }
});

test('--public-url is where issued certificates point their CRL and OCSP URLs; a URL that is not an origin is a usage error', async () => {
  const server = start(['--port', '0', '--public-url', 'https://vault.example.com/'], { SCAIVAULT_DEV_ROOT_TOKEN: 'skt_dev_public_url' });
  try {
    const vars = await exports(server);
    const env = { SCAIVAULT_URL: vars.SCAIVAULT_URL!, SCAIVAULT_TOKEN: vars.SCAIVAULT_TOKEN! };
    const ca = await cli(['pki', 'ca', 'create', '--name', 'Edge', '--common-name', 'Edge Root CA', '--key-type', 'ec', '--json'], env);
    assert.equal(ca.code, 0, ca.stderr);
    const caId = (JSON.parse(ca.stdout) as { id: string }).id;
    const issued = await cli(['pki', 'certs', 'issue', '--ca', caId, '--common-name', 'api.example.com', '--json'], env);
    assert.equal(issued.code, 0, issued.stderr);
    const certificate = new X509Certificate((JSON.parse(issued.stdout) as { certificate: string }).certificate);
    assert.equal(
      certificate.infoAccess?.includes(`OCSP - URI:https://vault.example.com/v1/pki/ca/${caId}/ocsp`),
      true,
      certificate.infoAccess,
    );
  } finally {
    server.kill('SIGTERM');
    await exitOf(server);
  }
  const refused = await cli(['dev', '--port', '0', '--public-url', 'ftp://vault.example.com'], {});
  assert.equal(refused.code, 5);
  assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  assert.match(refused.stderr, /--public-url must be an http\(s\) origin/);
});

test('--dns-hook installs a hook exec DNS providers can name (its verify action runs); a malformed or missing one is a usage error', async () => {
  const hookDir = mkdtempSync(join(tmpdir(), 'sv-dev-hook-'));
  const hook = join(hookDir, 'hook');
  writeFileSync(hook, `#!/bin/sh\necho "$1" >> "${hookDir}/calls"\n`, { mode: 0o755 });
  const server = start(['--port', '0', '--dns-hook', `recorder=${hook}`], { SCAIVAULT_DEV_ROOT_TOKEN: 'skt_dev_dns_hook' });
  try {
    const vars = await exports(server);
    const env = { SCAIVAULT_URL: vars.SCAIVAULT_URL!, SCAIVAULT_TOKEN: vars.SCAIVAULT_TOKEN! };
    const created = await cli(
      ['pki', 'dns-providers', 'create', '--name', 'hook', '--type', 'exec', '--hook', 'recorder', '--zone', 'hook.example'],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    assert.equal(readFileSync(join(hookDir, 'calls'), 'utf8'), 'verify\n');
    const unknown = await cli(
      ['pki', 'dns-providers', 'create', '--name', 'other', '--type', 'exec', '--hook', 'missing', '--zone', 'x.example'],
      env,
    );
    assert.equal(unknown.code, 5);
    assert.match(unknown.stderr, /recorder/);
  } finally {
    server.kill('SIGTERM');
    await exitOf(server);
    rmSync(hookDir, { recursive: true, force: true });
  }
  for (const [value, message] of [
    ['recorder', /must be NAME=\/absolute\/path/],
    ['recorder=relative/hook', /must be NAME=\/absolute\/path/],
    [`recorder=${hookDir}/gone`, /does not exist/],
  ] as const) {
    const refused = await cli(['dev', '--port', '0', '--dns-hook', value], {});
    assert.equal(refused.code, 5, refused.stderr);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, message);
  }
});
