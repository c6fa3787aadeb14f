import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { runOffline, singlePluginDistribution } from '@scaivault/core/testing';
import { caEngine, OpensslPki, openssl } from './openssl-files.js';

const distribution = singlePluginDistribution('@scaivault/plugin-pki', join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
const run = (argv: string[], stdin?: string) => runOffline(argv, { distribution, ...(stdin === undefined ? {} : { stdin }) });

let pki: OpensslPki;
before(() => (pki = new OpensslPki().build()));
after(() => pki.remove());

describe('pki inspect on OpenSSL-made files', () => {
  test('a certificate: subject, SANs, issuer, serial, validity, key, usages, fingerprints as OpenSSL sees them', async () => {
    const result = await run(['pki', 'inspect', pki.path('good.pem'), '--json']);
    assert.equal(result.exitCode, 0, result.stderr);
    const cert = JSON.parse(result.stdout);
    assert.equal(cert.kind, 'certificate');
    assert.equal(cert.subject, 'CN=good.internal');
    assert.equal(cert.issuer, 'O=Test, CN=Test Issuing');
    assert.deepEqual(cert.dns_names, ['good.internal']);
    assert.deepEqual(cert.ip_addresses, ['10.0.0.5']);
    assert.equal(cert.key, 'EC P-256');
    assert.equal(cert.is_ca, false);
    assert.deepEqual(cert.key_usage, ['digital_signature']);
    assert.deepEqual(cert.extended_key_usage, ['server_auth']);
    const fingerprint = openssl(['x509', '-in', 'good.pem', '-noout', '-fingerprint', '-sha256'], pki.dir).stdout.trim().split('=')[1]!;
    assert.equal(cert.fingerprint_sha256, fingerprint.toLowerCase());
    const serial = openssl(['x509', '-in', 'good.pem', '-noout', '-serial'], pki.dir).stdout.trim().split('=')[1]!;
    assert.equal(cert.serial_number.replace(/:/g, ''), serial.toLowerCase().replace(/^(00)+(?=..)/, ''));
    const notAfter = new Date(openssl(['x509', '-in', 'good.pem', '-noout', '-enddate'], pki.dir).stdout.trim().split('=')[1]!);
    assert.equal(cert.not_after, notAfter.toISOString());
    assert.ok(cert.days_left >= 9 && cert.days_left <= 10);

    const human = await run(['pki', 'inspect', pki.path('int.pem')]);
    assert.match(human.stdout, /Subject: +O=Test, CN=Test Issuing/);
    assert.match(human.stdout, /CA: +yes, path length 0/);
    assert.match(human.stdout, /Key usage: +key_cert_sign, crl_sign/);
    assert.match(human.stdout, /days left\)/);
  });

  test('a CSR, a CRL (PEM and DER), and stdin', async () => {
    const csr = JSON.parse((await run(['pki', 'inspect', pki.path('good.csr'), '--json'])).stdout);
    assert.equal(csr.kind, 'certificate_request');
    assert.equal(csr.subject, 'CN=good.internal');
    const crl = JSON.parse((await run(['pki', 'inspect', pki.path('int.crl'), '--json'])).stdout);
    assert.equal(crl.kind, 'crl');
    assert.equal(crl.crl_number, 1);
    assert.equal(crl.revoked.length, 1);
    assert.equal(crl.revoked[0].reason, 'key_compromise');
    pki.run(['crl', '-in', 'int.crl', '-outform', 'DER', '-out', 'int.crl.der']);
    const der = JSON.parse((await run(['pki', 'inspect', pki.path('int.crl.der'), '--json'])).stdout);
    assert.deepEqual(der, crl);
    const fromStdin = await run(['pki', 'inspect', '-', '--json'], pki.read('root.pem') + pki.read('int.pem'));
    assert.deepEqual(
      JSON.parse(fromStdin.stdout).items.map((item: { subject: string }) => item.subject),
      ['O=Test, CN=Test Root', 'O=Test, CN=Test Issuing'],
    );
  });
});

describe('pki verify agrees with openssl verify', () => {
  const cases: Array<[string, string[], boolean, RegExp?]> = [
    ['a good leaf through the intermediate', ['good.pem', '--ca', 'root.pem', '--chain', 'chain.pem'], true],
    ['with the CRL, the good leaf', ['good.pem', '--ca', 'root.pem', '--chain', 'chain.pem', '--crl', 'int.crl'], true],
    [
      'with the CRL, the revoked leaf',
      ['revoked.pem', '--ca', 'root.pem', '--chain', 'chain.pem', '--crl', 'int.crl'],
      false,
      /revoked \(key_compromise/,
    ],
    ['without the intermediate', ['good.pem', '--ca', 'root.pem'], false, /no issuer of CN=good\.internal/],
    ['against the wrong root', ['good.pem', '--ca', 'int.pem'], false, /no issuer/],
  ];
  for (const [name, args, valid, says] of cases) {
    test(name, async () => {
      const file = (arg: string) => (arg.startsWith('--') ? arg : pki.path(arg));
      const ours = await run(['pki', 'verify', ...args.map(file)]);
      const flags = args.slice(1);
      const theirsArgs = ['verify', '-CAfile', flags[flags.indexOf('--ca') + 1]!];
      if (flags.includes('--chain')) theirsArgs.push('-untrusted', flags[flags.indexOf('--chain') + 1]!);
      if (flags.includes('--crl')) theirsArgs.push('-crl_check', '-CRLfile', flags[flags.indexOf('--crl') + 1]!);
      const theirs = openssl([...theirsArgs, args[0]!], pki.dir);
      assert.equal(theirs.status === 0, valid, `openssl: ${theirs.stderr}${theirs.stdout}`);
      assert.equal(ours.exitCode, valid ? 0 : 1, ours.stderr);
      if (says) assert.match(ours.stderr, says);
      if (valid) assert.match(ours.stdout, /^OK: CN=good\.internal ← O=Test, CN=Test Issuing ← O=Test, CN=Test Root/);
    });
  }

  test('a leaf from a CA-engine hierarchy (EC and RSA), and its CRL after a revocation', async () => {
    const engine = await caEngine();
    for (const key of [
      { keyType: 'ec', keyBits: 384 },
      { keyType: 'rsa', keyBits: 2048 },
    ]) {
      const root = await engine.createRootCa({ commonName: 'Engine Root', key, validityDays: 100 });
      const rootCa = engine.signingCa(root.certificateDer, root.privateKey);
      const int = await engine.createIntermediateCa(rootCa, { commonName: 'Engine Issuing', key, validityDays: 50 });
      const intCa = engine.signingCa(int.certificateDer, int.privateKey);
      const role = {
        name: 'r',
        allowedDomains: ['*.internal'],
        allowSubdomains: false,
        allowIpSans: false,
        maxTtlSeconds: 86_400 * 10,
        keyType: key.keyType,
        keyBits: key.keyBits,
        requireCn: true,
        extKeyUsage: ['server_auth'],
      };
      const leaf = await engine.issueLeaf(intCa, role, { commonName: 'svc.internal', ttl: '24h' });
      const files = {
        root: pki.write('e-root.pem', root.certificatePem),
        int: pki.write('e-int.pem', int.certificatePem),
        leaf: pki.write('e-leaf.pem', leaf.certificatePem),
      };
      const ok = await run(['pki', 'verify', files.leaf, '--ca', files.root, '--chain', files.int]);
      assert.equal(ok.exitCode, 0, ok.stderr);
      const inspected = JSON.parse((await run(['pki', 'inspect', files.leaf, '--json'])).stdout);
      assert.equal(inspected.key, key.keyType === 'ec' ? 'EC P-384' : 'RSA 2048 bits');
      assert.deepEqual(inspected.dns_names, ['svc.internal']);
      const now = new Date();
      const crl = engine.buildCrl(intCa, {
        crlNumber: 3,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + 3_600_000),
        entries: [{ serialNumber: leaf.serialNumber, revokedAt: now, reason: 'superseded' }],
      });
      const crlFile = pki.write('e-int.crl', crl.der);
      const revoked = await run(['pki', 'verify', files.leaf, '--ca', files.root, '--chain', files.int, '--crl', crlFile]);
      assert.equal(revoked.exitCode, 1);
      assert.match(revoked.stderr, /revoked \(superseded/);
      assert.notEqual(
        openssl(['verify', '-crl_check', '-CAfile', files.root, '-untrusted', files.int, '-CRLfile', crlFile, files.leaf], pki.dir).status,
        0,
      );
    }
  });

  test('a CRL not signed by the issuer is refused', async () => {
    pki.run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'fake.key',
      '-out',
      'fake.pem',
      '-subj',
      '/O=Test/CN=Test Issuing',
      '-days',
      '5',
    ]);
    pki.write('fake.cnf', pki.read('ca.cnf'));
    pki.run(['ca', '-config', 'fake.cnf', '-gencrl', '-keyfile', 'fake.key', '-cert', 'fake.pem', '-out', 'fake.crl']);
    const result = await run([
      'pki',
      'verify',
      pki.path('good.pem'),
      '--ca',
      pki.path('root.pem'),
      '--chain',
      pki.path('chain.pem'),
      '--crl',
      pki.path('fake.crl'),
    ]);
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /not signed by its issuer/);
  });
});

describe('pki csr create makes a key and a CSR OpenSSL accepts', () => {
  test('EC and RSA: key 0600, the CSR self-signature verifies, the SANs are there; a second run needs --force', async () => {
    for (const [type, size, expect] of [
      ['ec', '384', /ASN1 OID: secp384r1/],
      ['rsa', '2048', /Public-Key: \(2048 bit\)/],
    ] as const) {
      const dir = pki.path(`csr-${type}`);
      const made = await run([
        'pki',
        'csr',
        'create',
        '--common-name',
        'api.internal',
        '--san',
        'api-v2.internal',
        '--san',
        '10.1.2.3',
        '--key-type',
        type,
        '--key-size',
        size,
        '--out-dir',
        dir,
      ]);
      assert.equal(made.exitCode, 0, made.stderr);
      assert.equal(statSync(join(dir, 'key.pem')).mode & 0o777, 0o600);
      const checked = openssl(['req', '-in', join(dir, 'csr.pem'), '-noout', '-verify', '-text'], pki.dir);
      assert.equal(checked.status, 0, checked.stderr);
      assert.match(checked.stderr + checked.stdout, /verify OK/);
      assert.match(checked.stdout, /DNS:api\.internal, DNS:api-v2\.internal, IP Address:10\.1\.2\.3/);
      assert.match(checked.stdout, expect);
      // The key in key.pem is the CSR's key.
      assert.equal(
        openssl(['req', '-in', join(dir, 'csr.pem'), '-noout', '-pubkey'], pki.dir).stdout,
        openssl(['pkey', '-in', join(dir, 'key.pem'), '-pubout'], pki.dir).stdout,
      );
      const again = await run(['pki', 'csr', 'create', '--common-name', 'api.internal', '--out-dir', dir]);
      assert.equal(again.exitCode, 5);
      const forced = await run(['pki', 'csr', 'create', '--common-name', 'api.internal', '--out-dir', dir, '--force']);
      assert.equal(forced.exitCode, 0, forced.stderr);
    }
  });
});

describe('the built binary reads DER from stdin', () => {
  test('openssl x509 -outform DER | scaivault pki inspect - --json', async () => {
    const { spawnSync } = await import('node:child_process');
    const { readFileSync } = await import('node:fs');
    pki.run(['x509', '-in', 'good.pem', '-outform', 'DER', '-out', 'good.der']);
    const bin = fileURLToPath(new URL('../../../../cli/bin/scaivault.js', import.meta.url));
    const result = spawnSync(process.execPath, [bin, 'pki', 'inspect', '-', '--json'], {
      input: readFileSync(pki.path('good.der')),
      encoding: 'utf8',
      env: { ...process.env, SCAIVAULT_HOME: pki.path('home') },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).subject, 'CN=good.internal');
  });
});

describe('pki verify --ocsp against the CA engine responder on 127.0.0.1', () => {
  test('good, revoked (with reason) and unknown; openssl ocsp agrees', async () => {
    const { createServer } = await import('node:http');
    const engine = await caEngine();
    const statuses = new Map<string, unknown>();
    let intCa: any;
    const server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const answer = await engine.answerOcspRequest(
        intCa,
        Buffer.concat(chunks),
        (serial: string) => statuses.get(serial) ?? { status: 'unknown' },
      );
      response.writeHead(200, { 'content-type': 'application/ocsp-response' });
      response.end(answer.der);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const key = { keyType: 'ec', keyBits: 256 };
      const root = await engine.createRootCa({ commonName: 'OCSP Root', key, validityDays: 100 });
      const rootCa = engine.signingCa(root.certificateDer, root.privateKey, engine.revocationUrlsFor(base, 'ca_root'));
      const int = await engine.createIntermediateCa(rootCa, { commonName: 'OCSP Issuing', key, validityDays: 50 });
      intCa = engine.signingCa(int.certificateDer, int.privateKey, engine.revocationUrlsFor(base, 'ca_int'));
      const role = {
        name: 'r',
        allowedDomains: ['*.internal'],
        allowSubdomains: false,
        allowIpSans: false,
        maxTtlSeconds: 86_400,
        keyType: 'ec',
        keyBits: 256,
        requireCn: true,
        extKeyUsage: ['server_auth'],
      };
      const files = { root: pki.write('o-root.pem', root.certificatePem), int: pki.write('o-int.pem', int.certificatePem) };
      const cases: Array<[string, unknown, number, RegExp]> = [
        ['good', { status: 'good' }, 0, /OCSP good/],
        ['revoked', { status: 'revoked', revokedAt: new Date(), reason: 'key_compromise' }, 1, /revoked \(key_compromise, .*\) by OCSP/],
        ['unknown', undefined, 1, /does not know/],
      ];
      for (const [name, status, exitCode, says] of cases) {
        const leaf = await engine.issueLeaf(intCa, role, { commonName: `${name}.internal` });
        if (status) statuses.set(leaf.serialNumber, status);
        const file = pki.write(`o-${name}.pem`, leaf.certificatePem);
        const ours = await runOffline(['pki', 'verify', file, '--ca', files.root, '--chain', files.int, '--ocsp'], { distribution });
        assert.equal(ours.exitCode, exitCode, ours.stderr);
        assert.match(ours.stdout + ours.stderr, says);
        const { spawn } = await import('node:child_process');
        const theirs = await new Promise<string>((resolve) => {
          const child = spawn('openssl', [
            'ocsp',
            '-issuer',
            files.int,
            '-cert',
            file,
            '-url',
            `${base}/v1/pki/ca/ca_int/ocsp`,
            '-CAfile',
            files.root,
            '-verify_other',
            files.int,
          ]);
          let out = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.on('close', () => resolve(out));
        });
        assert.match(theirs, new RegExp(`o-${name}\\.pem: ${name}`));
      }
    } finally {
      server.close();
    }
  });
});

describe("inspect's light certificate path says exactly what the schema-based one says", () => {
  test('OpenSSL-made root, intermediate and leaf; CA-engine EC P-384 and RSA leaves with CDP/AIA', async () => {
    const { describeCertificate } = await import('../src/x509/describe.js');
    const { describeCertificateFast } = await import('../src/x509/describe-certificate.js');
    const engine = await caEngine();
    const ders: Buffer[] = ['root.pem', 'int.pem', 'good.pem'].map((name) =>
      Buffer.from(pki.read(name).replace(/-----[^-]+-----|\s/g, ''), 'base64'),
    );
    for (const key of [
      { keyType: 'ec', keyBits: 384 },
      { keyType: 'rsa', keyBits: 2048 },
    ]) {
      const root = await engine.createRootCa({ commonName: 'Same Root', organization: 'Acme', key, validityDays: 100 });
      const ca = engine.signingCa(root.certificateDer, root.privateKey, engine.revocationUrlsFor('http://127.0.0.1:8200', 'ca_root'));
      const role = {
        name: 'r',
        allowedDomains: ['*.internal'],
        allowSubdomains: true,
        allowIpSans: true,
        maxTtlSeconds: 86_400,
        keyType: key.keyType,
        keyBits: key.keyBits,
        requireCn: false,
        extKeyUsage: ['client_auth'],
      };
      ders.push(
        root.certificateDer,
        (await engine.issueLeaf(ca, role, { altNames: ['a.b.internal'], ipSans: ['10.9.8.7', 'fe80::1'] })).certificateDer,
      );
    }
    const now = new Date();
    for (const der of ders) assert.deepEqual(describeCertificateFast(der, now), describeCertificate(der, now));
  });
});
