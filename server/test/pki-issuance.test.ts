import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issueLeaf, PkiValidationError, signCsr } from '../src/crypto/ca-engine/index.js';
import { makeHierarchy, openssl, role, Scratch } from './pki-openssl.js';

function refusedWith(field: string, value?: string) {
  return (error: unknown) =>
    error instanceof PkiValidationError &&
    error.field === field &&
    (value === undefined || (error.value === value && error.message.includes(value)));
}

function sanLine(text: string): string {
  return /X509v3 Subject Alternative Name: *\n\s+(.*)\n/.exec(text)?.[1] ?? '';
}

/** The extension names `openssl x509 -text` lists, in order. */
function extensionNames(text: string): string[] {
  const section = text.slice(text.indexOf('X509v3 extensions:'), text.indexOf('Signature Algorithm', text.indexOf('X509v3 extensions:')));
  // Extension headings are the lines indented exactly 12 spaces, ending in ":" or ": critical".
  return [...section.matchAll(/^ {12}(\S[^:\n]*):( critical)? *$/gm)].map((match) => match[1]!);
}

test('issue: OpenSSL verifies the leaf through the intermediate, and x509 -text shows exactly the requested names and leaf usages', async () => {
  const scratch = new Scratch();
  try {
    const { intermediate, rootPem, intermediatePem } = await makeHierarchy();
    const leaf = await issueLeaf(intermediate, role(), {
      commonName: 'billing.svc.cluster.local',
      altNames: ['billing-api.svc.cluster.local'],
      ttl: '168h',
    });
    const files = {
      root: scratch.write('root.pem', rootPem),
      int: scratch.write('int.pem', intermediatePem),
      leaf: scratch.write('leaf.pem', leaf.certificatePem),
      key: scratch.write('key.pem', leaf.privateKeyPem),
    };
    const verified = openssl([
      'verify',
      '-x509_strict',
      '-purpose',
      'sslserver',
      '-CAfile',
      files.root,
      '-untrusted',
      files.int,
      files.leaf,
    ]);
    assert.equal(verified.status, 0, verified.stderr + verified.stdout);
    const text = openssl(['x509', '-in', files.leaf, '-noout', '-text']).stdout;
    assert.equal(sanLine(text), 'DNS:billing.svc.cluster.local, DNS:billing-api.svc.cluster.local');
    assert.match(text, /Basic Constraints: critical\n\s+CA:FALSE\n/);
    assert.match(text, /Key Usage: critical\n\s+Digital Signature\n/);
    assert.match(text, /Extended Key Usage: *\n\s+TLS Web Server Authentication, TLS Web Client Authentication\n/);
    assert.match(text, /Subject: CN = billing\.svc\.cluster\.local\n/);
    assert.match(text, /URI:http:\/\/127\.0\.0\.1:8200\/v1\/pki\/ca\/ca_int\/crl/);
    assert.deepEqual(extensionNames(text), [
      'X509v3 Basic Constraints',
      'X509v3 Key Usage',
      'X509v3 Extended Key Usage',
      'X509v3 Subject Key Identifier',
      'X509v3 Authority Key Identifier',
      'X509v3 Subject Alternative Name',
      'X509v3 CRL Distribution Points',
      'Authority Information Access',
    ]);
    // The returned key is the certificate's key.
    const fromCert = openssl(['x509', '-in', files.leaf, '-noout', '-pubkey']).stdout;
    const fromKey = openssl(['pkey', '-in', files.key, '-pubout']).stdout;
    assert.equal(fromCert, fromKey);
    assert.equal(
      leaf.serialNumber,
      openssl(['x509', '-in', files.leaf, '-noout', '-serial']).stdout.trim().slice('serial='.length).toLowerCase().match(/../g)!.join(':'),
    );
    assert.ok(leaf.notAfter.getTime() - Date.now() <= 168 * 3600 * 1000);
  } finally {
    scratch.remove();
  }
});

test('issue with an RSA role: a 2048-bit key, and keyEncipherment as well as digitalSignature', async () => {
  const scratch = new Scratch();
  try {
    const { intermediate, rootPem, intermediatePem } = await makeHierarchy();
    const leaf = await issueLeaf(intermediate, role({ keyType: 'rsa', keyBits: 2048, allowIpSans: true }), {
      commonName: 'db.internal',
      ipSans: ['10.0.0.7', '::1'],
    });
    const files = {
      root: scratch.write('root.pem', rootPem),
      int: scratch.write('int.pem', intermediatePem),
      leaf: scratch.write('leaf.pem', leaf.certificatePem),
    };
    assert.equal(openssl(['verify', '-CAfile', files.root, '-untrusted', files.int, files.leaf]).status, 0);
    const text = openssl(['x509', '-in', files.leaf, '-noout', '-text']).stdout;
    assert.match(text, /Public-Key: \(2048 bit\)/);
    assert.match(text, /Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/);
    assert.equal(sanLine(text), 'DNS:db.internal, IP Address:10.0.0.7, IP Address:0:0:0:0:0:0:0:1');
  } finally {
    scratch.remove();
  }
});

test('the role refuses names, IPs, TTLs and CNs outside it, naming the offending value', async () => {
  const { intermediate } = await makeHierarchy();
  const strict = role();
  await assert.rejects(
    issueLeaf(intermediate, strict, { commonName: 'billing.svc.cluster.local', altNames: ['evil.example.com'] }),
    refusedWith('alt_names', 'evil.example.com'),
  );
  await assert.rejects(issueLeaf(intermediate, strict, { commonName: 'www.evil.example' }), refusedWith('common_name', 'www.evil.example'));
  await assert.rejects(
    issueLeaf(intermediate, strict, { commonName: 'a.b.svc.cluster.local' }),
    refusedWith('common_name', 'a.b.svc.cluster.local'),
  );
  await assert.rejects(
    issueLeaf(intermediate, strict, { commonName: 'db.internal', ipSans: ['10.0.0.1'] }),
    refusedWith('ip_sans', '10.0.0.1'),
  );
  await assert.rejects(
    issueLeaf(intermediate, role({ allowIpSans: true }), { commonName: 'db.internal', ipSans: ['10.0.0.300'] }),
    refusedWith('ip_sans', '10.0.0.300'),
  );
  await assert.rejects(issueLeaf(intermediate, strict, { commonName: 'db.internal', ttl: '721h' }), refusedWith('ttl', '721h'));
  await assert.rejects(issueLeaf(intermediate, strict, { commonName: 'db.internal', ttl: 'soon' }), refusedWith('ttl', 'soon'));
  await assert.rejects(
    issueLeaf(intermediate, role({ maxTtlSeconds: undefined }), { commonName: 'db.internal', ttl: '3650d' }),
    refusedWith('ttl', '3650d'),
  );
  await assert.rejects(issueLeaf(intermediate, strict, { altNames: ['db.internal'] }), refusedWith('common_name'));
  await assert.rejects(
    issueLeaf(intermediate, strict, { commonName: 'bad_name!.internal' }),
    refusedWith('common_name', 'bad_name!.internal'),
  );
  // Subdomains only when the role says so.
  const leaf = await issueLeaf(intermediate, role({ allowSubdomains: true }), { commonName: 'a.b.svc.cluster.local' });
  assert.deepEqual(leaf.dnsNames, ['a.b.svc.cluster.local']);
  // No CN needed when the role does not require one: the SAN is then critical.
  const nameless = await issueLeaf(intermediate, role({ requireCn: false }), { altNames: ['db.internal'] });
  assert.equal(nameless.commonName, undefined);
});

test('sign: a CSR made by OpenSSL is verified, and only its allowed names are kept — CA:TRUE and extra usages it asks for are not copied', async () => {
  const scratch = new Scratch();
  try {
    const { intermediate, rootPem, intermediatePem } = await makeHierarchy();
    const key = scratch.path('csr-key.pem');
    const csr = scratch.path('req.csr');
    const made = openssl([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      '/CN=api.internal',
      '-addext',
      'subjectAltName=DNS:api.internal,DNS:api-v2.internal',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'extendedKeyUsage=codeSigning,OCSPSigning',
      '-addext',
      'nameConstraints=permitted;DNS:.internal',
    ]);
    assert.equal(made.status, 0, made.stderr);
    const csrPem = openssl(['req', '-in', csr]).stdout;
    const signed = signCsr(intermediate, role(), { csrPem, ttl: '24h' });
    assert.deepEqual(signed.csr.requestedExtensions.length, 5);
    const files = {
      root: scratch.write('root.pem', rootPem),
      int: scratch.write('int.pem', intermediatePem),
      leaf: scratch.write('leaf.pem', signed.certificatePem),
    };
    assert.equal(openssl(['verify', '-CAfile', files.root, '-untrusted', files.int, files.leaf]).status, 0);
    const text = openssl(['x509', '-in', files.leaf, '-noout', '-text']).stdout;
    assert.equal(sanLine(text), 'DNS:api.internal, DNS:api-v2.internal');
    assert.match(text, /CA:FALSE/);
    assert.doesNotMatch(text, /CA:TRUE|Certificate Sign|Code Signing|OCSP Signing|Name Constraints/);
    // The certificate carries the CSR's key.
    assert.equal(openssl(['x509', '-in', files.leaf, '-noout', '-pubkey']).stdout, openssl(['pkey', '-in', key, '-pubout']).stdout);
  } finally {
    scratch.remove();
  }
});

test('sign refuses a CSR with a name outside the role, a tampered signature, a wrong key, something that is not a CSR', async () => {
  const scratch = new Scratch();
  try {
    const { intermediate, intermediatePem } = await makeHierarchy();
    const newCsr = (subject: string, extra: string[] = [], keyArgs = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']) => {
      const out = scratch.path(`r${Math.random()}.csr`);
      const made = openssl([
        'req',
        '-new',
        ...keyArgs,
        '-nodes',
        '-keyout',
        scratch.path('k.pem'),
        '-out',
        out,
        '-subj',
        subject,
        ...extra,
      ]);
      assert.equal(made.status, 0, made.stderr);
      return openssl(['req', '-in', out]).stdout;
    };
    await assert.rejects(
      async () =>
        signCsr(intermediate, role(), {
          csrPem: newCsr('/CN=api.internal', ['-addext', 'subjectAltName=DNS:api.internal,DNS:evil.example']),
        }),
      refusedWith('alt_names', 'evil.example'),
    );
    await assert.rejects(
      async () => signCsr(intermediate, role(), { csrPem: newCsr('/CN=api.internal', ['-addext', 'subjectAltName=IP:10.1.1.1']) }),
      refusedWith('ip_sans', '10.1.1.1'),
    );
    await assert.rejects(
      async () => signCsr(intermediate, role(), { csrPem: newCsr('/CN=api.internal', [], ['-newkey', 'rsa:2048']) }),
      refusedWith('csr_pem', 'rsa 2048'),
    );
    await assert.rejects(
      async () => signCsr(intermediate, role({ keyType: 'any' }), { csrPem: newCsr('/CN=api.internal', [], ['-newkey', 'rsa:1024']) }),
      refusedWith('csr_pem', 'rsa 1024'),
    );
    await assert.rejects(async () => signCsr(intermediate, role(), { csrPem: newCsr('/O=NoName') }), refusedWith('common_name'));

    // Flip one byte inside the signed part: the self-signature no longer verifies.
    const good = newCsr('/CN=api.internal');
    const der = Buffer.from(good.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const at = der.indexOf(Buffer.from('api.internal'));
    der[at] = 'b'.charCodeAt(0);
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await assert.rejects(
      async () => signCsr(intermediate, role(), { csrPem: tampered }),
      (error: unknown) =>
        error instanceof PkiValidationError && error.code === 'invalid_csr' && /signature does not verify/.test(error.message),
    );
    await assert.rejects(
      async () => signCsr(intermediate, role(), { csrPem: intermediatePem }),
      (error: unknown) =>
        error instanceof PkiValidationError &&
        error.code === 'invalid_csr' &&
        /holds a CERTIFICATE, not a CERTIFICATE REQUEST/.test(error.message),
    );
    await assert.rejects(
      async () =>
        signCsr(intermediate, role(), { csrPem: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n' }),
      (error: unknown) => error instanceof PkiValidationError && error.code === 'invalid_csr',
    );
    // A caller's SAN override goes through the role too.
    await assert.rejects(
      async () => signCsr(intermediate, role(), { csrPem: good, altNames: ['other.example'] }),
      refusedWith('alt_names', 'other.example'),
    );
  } finally {
    scratch.remove();
  }
});

test('a leaf is never signed past its CA: OpenSSL refuses a leaf whose issuer is not in the trusted chain', async () => {
  const scratch = new Scratch();
  try {
    const one = await makeHierarchy();
    const other = await makeHierarchy();
    const leaf = await issueLeaf(one.intermediate, role(), { commonName: 'billing.svc.cluster.local' });
    const files = {
      otherRoot: scratch.write('other-root.pem', other.rootPem),
      int: scratch.write('int.pem', one.intermediatePem),
      leaf: scratch.write('leaf.pem', leaf.certificatePem),
    };
    const refused = openssl(['verify', '-CAfile', files.otherRoot, '-untrusted', files.int, files.leaf]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr + refused.stdout, /unable to get (local )?issuer certificate/);
    // A TTL that would outlive the intermediate is refused rather than clamped.
    await assert.rejects(
      issueLeaf(one.intermediate, role({ maxTtlSeconds: undefined }), { commonName: 'x.internal', ttl: '2000d' }),
      refusedWith('ttl', '2000d'),
    );
  } finally {
    scratch.remove();
  }
});
