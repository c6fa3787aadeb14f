// End to end: every seed `pki` line of COMMANDS.md (ACME aside), run as written by a shell against
// `scaivault dev` with the built binary — only the example ids (ca_root_abc, cert_xyz, ...) are
// replaced by the ones the server gave out. OpenSSL judges what comes back.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

// plugins/pki/dist/test → the repository root is four levels up.
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const bin = join(repo, 'cli', 'bin', 'scaivault.js');
const dir = mkdtempSync(join(tmpdir(), 'sv-pki-seed-'));
let dev: ChildProcessWithoutNullStreams;
let env: Record<string, string>;
const ids: Record<string, string> = {};

before(async () => {
  dev = spawn(process.execPath, [bin, 'dev', '--port', '0'], {
    env: { ...process.env, SCAIVAULT_HOME: join(dir, 'home'), SCAIVAULT_DEV_ROOT_TOKEN: 'skt_pki_seed_root' },
  });
  env = await new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    dev.stderr.on('data', (chunk) => (err += chunk));
    dev.stdout.on('data', (chunk) => {
      out += chunk;
      const found = Object.fromEntries([...out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      if (found.SCAIVAULT_URL && found.SCAIVAULT_TOKEN) resolve(found);
    });
    dev.on('exit', (code) => reject(new Error(`scaivault dev exited ${code}: ${err}`)));
  });
});
after(async () => {
  // The server writes its code cache as it exits: removing the home before then races with that write.
  if (dev && dev.exitCode === null && dev.signalCode === null) {
    const exited = new Promise((resolve) => dev.once('exit', resolve));
    dev.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one command line in a shell, `scaivault` being the built binary, with the example ids replaced. */
function seed(line: string): { code: number | null; stdout: string; stderr: string } {
  let command = line;
  for (const [example, actual] of Object.entries(ids)) command = command.split(example).join(actual);
  const result = spawnSync('/bin/sh', ['-c', `scaivault() { "${process.execPath}" "${bin}" "$@"; }\n${command}`], {
    cwd: dir,
    env: { ...process.env, SCAIVAULT_HOME: join(dir, 'home'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(line: string): string {
  const result = seed(line);
  assert.equal(result.code, 0, `${line}\n${result.stderr}`);
  return result.stdout + result.stderr;
}

function openssl(args: string[]) {
  return spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
}

test('the seed pki lines work as written against scaivault dev', () => {
  assert.match(ok('scaivault pki ca list'), /no cas/);
  const created = ok('scaivault pki ca create --name "Root CA" --common-name "Acme Root CA" --validity-days 3650');
  ids.ca_root_abc = /Created root CA (ca_root_\w+)/.exec(created)![1]!;
  // The seed issues from an intermediate: made the documented way, under the root.
  const intermediate = ok('scaivault pki ca create --name issuing --common-name "Acme Issuing CA" --parent ca_root_abc --key-type ec');
  ids.ca_intermediate_abc = /Created intermediate CA (ca_intermediate_\w+)/.exec(intermediate)![1]!;
  ids.ca_x = ids.ca_intermediate_abc;
  assert.match(ok('scaivault pki ca list'), /ca_intermediate_\w+ +issuing +intermediate +ec 256/);

  ok('scaivault pki ca cert ca_root_abc --format pem > root.pem');
  ok('scaivault pki ca cert ca_root_abc --format der > root.der');
  ok('scaivault pki ca cert ca_intermediate_abc --format pem > issuing.pem');
  assert.match(openssl(['x509', '-in', 'root.pem', '-noout', '-subject']).stdout, /CN ?= ?Acme Root CA/);
  assert.equal(openssl(['x509', '-inform', 'DER', '-in', 'root.der', '-noout']).status, 0);

  const issued = ok(
    'scaivault pki certs issue --ca ca_intermediate_abc --common-name billing.svc.cluster.local \\\n  --san billing-api.svc.cluster.local --validity-days 7 > issued.pem',
  );
  ids.cert_xyz = /Issued certificate (cert_[0-9a-f]+)/.exec(issued)![1]!;
  const bundle = readFileSync(join(dir, 'issued.pem'), 'utf8');
  assert.match(bundle, /-----BEGIN PRIVATE KEY-----/);
  const leaf = bundle.slice(0, bundle.indexOf('-----END CERTIFICATE-----') + 26);
  spawnSync('/bin/sh', ['-c', `cat > leaf.pem`], { cwd: dir, input: leaf });
  const verified = openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'leaf.pem']);
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  const text = openssl(['x509', '-in', 'leaf.pem', '-noout', '-text']).stdout;
  assert.match(text, /DNS:billing\.svc\.cluster\.local, DNS:billing-api\.svc\.cluster\.local/);

  assert.ok(ok('scaivault pki certs list').includes(ids.cert_xyz));
  assert.ok(ok('scaivault pki certs list --ca-id ca_x --expiring-within 30d').includes(ids.cert_xyz));
  assert.ok(!ok('scaivault pki certs list --ca-id ca_root_abc').includes(ids.cert_xyz));

  // Good until revoked: the CLI's own check, through the OCSP URL in the certificate.
  assert.equal(seed('scaivault pki verify leaf.pem --ca root.pem --chain issuing.pem --ocsp').code, 0);
  ok('scaivault pki certs revoke cert_xyz --reason key_compromise');
  ok('scaivault pki ca crl ca_intermediate_abc --format der --out issuing.crl');
  ok('scaivault pki ca crl ca_root_abc > root.crl');
  assert.equal((statSync(join(dir, 'issuing.crl')).mode & 0o777).toString(8), '644');
  openssl(['crl', '-inform', 'DER', '-in', 'issuing.crl', '-out', 'issuing.crl.pem']);
  spawnSync('/bin/sh', ['-c', 'cat issuing.crl.pem root.crl > crls.pem'], { cwd: dir });
  const refused = openssl([
    'verify',
    '-crl_check_all',
    '-CRLfile',
    'crls.pem',
    '-CAfile',
    'root.pem',
    '-untrusted',
    'issuing.pem',
    'leaf.pem',
  ]);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stdout + refused.stderr, /certificate revoked/);
  assert.notEqual(seed('scaivault pki verify leaf.pem --ca root.pem --chain issuing.pem --ocsp').code, 0);

  // The CSR workflow: the key is made here and never sent.
  ok('scaivault pki csr create --common-name web.svc.cluster.local --out-dir csr');
  const submitted = ok('scaivault pki csr submit csr/csr.pem');
  ids.csr_abc = /Submitted (csr_\w+)/.exec(submitted)![1]!;
  assert.ok(ok('scaivault pki csr list --status pending').includes(ids.csr_abc));
  assert.ok(ok('scaivault pki csr list').includes(ids.csr_abc));
  ok('scaivault pki csr approve csr_abc');
  ok('scaivault pki csr sign csr_abc --ca ca_x --validity-days 90 > signed.pem');
  const signed = readFileSync(join(dir, 'signed.pem'), 'utf8');
  spawnSync('/bin/sh', ['-c', 'cat > signed-leaf.pem'], {
    cwd: dir,
    input: signed.slice(0, signed.indexOf('-----END CERTIFICATE-----') + 26),
  });
  assert.equal(openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'signed-leaf.pem']).status, 0);
  assert.equal(
    openssl(['x509', '-in', 'signed-leaf.pem', '-noout', '-pubkey']).stdout,
    openssl(['pkey', '-in', 'csr/key.pem', '-pubout']).stdout,
  );
  assert.match(ok('scaivault pki csr list --status signed'), new RegExp(ids.csr_abc));
});
