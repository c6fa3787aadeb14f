// The PKI area over HTTP, every certificate, CRL and OCSP answer judged by Debian's `openssl`:
// chains verify, revocation shows in the CRL the certificate points at and in the server's OCSP
// responder, roles refuse what they do not allow, and CA keys never leave the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startTestServer, waitFor, fakeClock, type TestServer } from './helpers.js';
import { openssl, opensslAsync, Scratch } from './pki-openssl.js';

let server: TestServer;
let scratch: Scratch;
let root: { id: string };
let issuing: { id: string };
let rootPem: string;
let issuingPem: string;

before(async () => {
  server = await startTestServer();
  scratch = new Scratch();
  root = (await server.api('POST', '/v1/pki/ca', { name: 'Root CA', common_name: 'Acme Root CA', ca_type: 'root', key_type: 'ec' })).body;
  issuing = (
    await server.api('POST', '/v1/pki/ca', {
      name: 'issuing',
      common_name: 'Acme Issuing CA',
      ca_type: 'intermediate',
      parent_ca_id: root.id,
      key_type: 'ec',
      validity_days: 1825,
    })
  ).body;
  rootPem = (await server.api('GET', `/v1/pki/ca/${root.id}/certificate`, undefined, { token: null })).body.certificate_pem;
  issuingPem = (await server.api('GET', `/v1/pki/ca/${issuing.id}/certificate`, undefined, { token: null })).body.certificate_pem;
  scratch.write('root.pem', rootPem);
  scratch.write('issuing.pem', issuingPem);
  const role = await server.api('POST', '/v1/pki/roles', {
    name: 'svc-mtls',
    ca_id: issuing.id,
    allowed_domains: ['*.svc.cluster.local', '*.internal'],
    max_ttl: '720h',
  });
  assert.equal(role.status, 201, JSON.stringify(role.body));
});
after(async () => {
  await server.close();
  scratch.remove();
});

let counter = 0;
function file(contents: string): string {
  return scratch.write(`f${++counter}.pem`, contents);
}

function verify(leafPem: string, extra: string[] = []) {
  return openssl(['verify', ...extra, '-CAfile', scratch.path('root.pem'), '-untrusted', scratch.path('issuing.pem'), file(leafPem)]);
}

/** The extension names `openssl x509 -text` lists, in order. */
function extensionNames(text: string): string[] {
  return [...text.matchAll(/^\s{12}(X509v3 [A-Za-z ]+|Authority Information Access|CT Precertificate SCTs)(?=:)/gm)].map((m) => m[1]!);
}

test('a certificate issued by CA (the seed line) and one issued by role both verify with openssl, showing only the allowed extensions', async () => {
  const byCa = await server.api('POST', `/v1/pki/ca/${issuing.id}/issue`, {
    common_name: 'billing.svc.cluster.local',
    alt_names: ['billing-api.svc.cluster.local'],
    ttl: '168h',
  });
  assert.equal(byCa.status, 201, JSON.stringify(byCa.body));
  assert.match(byCa.body.id, /^cert_[0-9a-f]{32}$/);
  assert.equal(byCa.body.id, `cert_${byCa.body.serial_number.replace(/:/g, '')}`);
  assert.match(byCa.body.private_key, /^-----BEGIN PRIVATE KEY-----/);
  assert.deepEqual(byCa.body.ca_chain, [issuingPem, rootPem]);
  const verified = verify(byCa.body.certificate);
  assert.equal(verified.status, 0, verified.stderr);

  const text = openssl(['x509', '-noout', '-text', '-in', file(byCa.body.certificate)]).stdout;
  assert.match(text, /DNS:billing\.svc\.cluster\.local, DNS:billing-api\.svc\.cluster\.local/);
  assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/);
  assert.match(text, /Basic Constraints: critical\n\s+CA:FALSE/);
  assert.match(text, /Key Usage: critical\n\s+Digital Signature\n/);
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
  // Revocation URLs point at this server.
  assert.ok(text.includes(`URI:${server.url}/v1/pki/ca/${issuing.id}/crl`), text);
  assert.ok(text.includes(`OCSP - URI:${server.url}/v1/pki/ca/${issuing.id}/ocsp`), text);
  // The validity asked for: 7 days.
  const days = (Date.parse(byCa.body.not_after) - Date.now()) / 86_400_000;
  assert.ok(days > 6.9 && days <= 7, String(days));

  const byRole = await server.api('POST', '/v1/pki/issue/svc-mtls', { common_name: 'api.internal', ttl: '24h' });
  assert.equal(byRole.status, 201, JSON.stringify(byRole.body));
  assert.equal(verify(byRole.body.certificate).status, 0);
  const info = await server.api('GET', `/v1/pki/certificates/${byRole.body.id}`);
  assert.equal(info.body.role, 'svc-mtls');
  assert.equal(info.body.ca_id, issuing.id);
  assert.deepEqual(info.body.alt_names, ['api.internal']);
  assert.equal(info.body.private_key_stored, false);
  assert.equal(info.body.private_key, undefined);
  const pem = await server.api('GET', `/v1/pki/certificates/${byRole.body.id}/pem`);
  assert.equal(pem.body, byRole.body.certificate);
});

test('sign: a CSR asking for CA:TRUE and keyCertSign gets neither; its SANs go through the role; openssl verifies the result', async () => {
  const key = scratch.path('csr.key');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
  const csr = openssl([
    'req',
    '-new',
    '-key',
    key,
    '-subj',
    '/CN=db.internal',
    '-addext',
    'subjectAltName=DNS:db.internal,DNS:replica.internal',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]).stdout;
  const signed = await server.api('POST', '/v1/pki/sign/svc-mtls', { csr_pem: csr, ttl: '48h' });
  assert.equal(signed.status, 201, JSON.stringify(signed.body));
  assert.equal(signed.body.private_key, undefined);
  assert.equal(verify(signed.body.certificate).status, 0);
  const text = openssl(['x509', '-noout', '-text', '-in', file(signed.body.certificate)]).stdout;
  assert.match(text, /CA:FALSE/);
  assert.doesNotMatch(text, /Certificate Sign|CRL Sign|CA:TRUE/);
  assert.match(text, /DNS:db\.internal, DNS:replica\.internal/);
  // The certificate carries the CSR's key.
  const csrKey = openssl(['req', '-noout', '-pubkey', '-in', file(csr)]).stdout;
  const certKey = openssl(['x509', '-noout', '-pubkey', '-in', file(signed.body.certificate)]).stdout;
  assert.equal(certKey, csrKey);

  const outside = openssl(['req', '-new', '-key', key, '-subj', '/CN=db.internal', '-addext', 'subjectAltName=DNS:evil.example']).stdout;
  const refused = await server.api('POST', '/v1/pki/sign/svc-mtls', { csr_pem: outside });
  assert.equal(refused.status, 422);
  assert.deepEqual(refused.body.error.details, { field: 'alt_names', value: 'evil.example' });
  assert.match(refused.body.error.message, /"evil\.example" is not allowed by role svc-mtls/);
});

test('roles refuse names, IPs, TTLs and keys outside them, naming the value; a bad CSR is 400 invalid_csr', async () => {
  const cases: [unknown, string, string | undefined, RegExp][] = [
    [{ common_name: 'evil.example' }, 'common_name', 'evil.example', /not allowed by role svc-mtls/],
    [{ common_name: 'a.internal', alt_names: ['a.b.internal'] }, 'alt_names', 'a.b.internal', /not allowed/],
    [{ common_name: 'a.internal', ip_sans: ['10.0.0.1'] }, 'ip_sans', '10.0.0.1', /does not allow IP SANs/],
    [{ common_name: 'a.internal', ttl: '721h' }, 'ttl', '721h', /more than role svc-mtls allows/],
    [{ common_name: 'bad_name!.internal' }, 'common_name', 'bad_name!.internal', /not a valid DNS name/],
  ];
  for (const [body, field, value, message] of cases) {
    const refused = await server.api('POST', '/v1/pki/issue/svc-mtls', body);
    assert.equal(refused.status, 422, JSON.stringify(body));
    assert.equal(refused.body.error.code, 'validation_error');
    assert.deepEqual(refused.body.error.details, { field, value });
    assert.match(refused.body.error.message, message);
  }
  const badTtl = await server.api('POST', '/v1/pki/issue/svc-mtls', { common_name: 'a.internal', ttl: 'soon' });
  assert.equal(badTtl.status, 400);
  assert.equal(badTtl.body.error.code, 'invalid_duration');

  const rsaRole = await server.api('POST', '/v1/pki/roles', {
    name: 'rsa-only',
    ca_id: issuing.id,
    allowed_domains: ['*.internal'],
    key_type: 'rsa',
  });
  assert.equal(rsaRole.status, 201);
  const ecKey = scratch.path('ec.key');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', ecKey]);
  const ecCsr = openssl(['req', '-new', '-key', ecKey, '-subj', '/CN=x.internal']).stdout;
  const wrongKey = await server.api('POST', '/v1/pki/sign/rsa-only', { csr_pem: ecCsr });
  assert.equal(wrongKey.status, 422);
  assert.deepEqual(wrongKey.body.error.details, { field: 'csr_pem', value: 'ec 256' });

  for (const csr of ['not a csr', rootPem, ecCsr.replace(/A/, 'B')]) {
    const bad = await server.api('POST', '/v1/pki/sign/svc-mtls', { csr_pem: csr });
    assert.equal(bad.status, 400, csr.slice(0, 40));
    assert.equal(bad.body.error.code, 'invalid_csr');
  }
  assert.equal((await server.api('POST', '/v1/pki/issue/nope', { common_name: 'a.internal' })).body.error.code, 'role_not_found');
  const zero = await server.api('POST', `/v1/pki/ca/${issuing.id}/issue`, { common_name: 'a.internal', validity_days: 0 });
  assert.equal(zero.status, 422);
  assert.deepEqual(zero.body.error.details, { field: 'validity_days', value: 0 });
});

test('revocation: openssl verify -crl_check with the CRL the certificate points at, and openssl ocsp against the server', async () => {
  const good = (await server.api('POST', '/v1/pki/issue/svc-mtls', { common_name: 'good.internal' })).body;
  const bad = (await server.api('POST', '/v1/pki/issue/svc-mtls', { common_name: 'bad.internal' })).body;
  const text = openssl(['x509', '-noout', '-text', '-in', file(bad.certificate)]).stdout;
  const crlUrl = /URI:(http:\/\/\S+\/crl)/.exec(text)![1]!;
  const ocspUrl = /OCSP - URI:(http:\/\/\S+)/.exec(text)![1]!;

  const crlBefore = Buffer.from(await (await fetch(crlUrl)).arrayBuffer());
  scratch.write('before.crl', crlBefore);
  const numberBefore = Number(
    /X509v3 CRL Number: \n\s+(\d+)/.exec(
      openssl(['crl', '-inform', 'DER', '-in', scratch.path('before.crl'), '-noout', '-text']).stdout,
    )![1],
  );

  const revoked = await server.api('POST', `/v1/pki/certificates/${bad.id}/revoke`, { reason: 'key_compromise' });
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  assert.equal(revoked.body.revoked, true);
  assert.equal(revoked.body.revocation_reason, 'key_compromise');
  const again = await server.api('POST', `/v1/pki/certificates/${bad.id}/revoke`, { reason: 'key_compromise' });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'invalid_state');
  const badReason = await server.api('POST', `/v1/pki/certificates/${good.id}/revoke`, { reason: 'remove_from_crl' });
  assert.equal(badReason.status, 422);
  assert.deepEqual(badReason.body.error.details, { field: 'reason', value: 'remove_from_crl' });

  // The CRL, fetched anonymously from the URL in the certificate (DER, as OpenSSL and browsers fetch it).
  const response = await fetch(crlUrl);
  assert.equal(response.headers.get('content-type'), 'application/pkix-crl');
  scratch.write('issuing.crl', Buffer.from(await response.arrayBuffer()));
  const rootCrl = await fetch(`${server.url}/v1/pki/ca/${root.id}/crl`, { headers: { accept: 'application/x-pem-file' } });
  assert.match(await rootCrl.clone().text(), /^-----BEGIN X509 CRL-----/);
  openssl(['crl', '-inform', 'DER', '-in', scratch.path('issuing.crl'), '-out', scratch.path('crls.pem')]);
  const crls = readFileSync(scratch.path('crls.pem'), 'utf8') + (await rootCrl.text());
  scratch.write('crls.pem', crls);
  const crlText = openssl(['crl', '-noout', '-text', '-in', scratch.path('crls.pem')]).stdout;
  assert.ok(crlText.includes(bad.serial_number.replace(/:/g, '').toUpperCase()), crlText);
  assert.match(crlText, /Key Compromise/);
  const numberAfter = Number(/X509v3 CRL Number: \n\s+(\d+)/.exec(crlText)![1]);
  assert.ok(numberAfter > numberBefore, `${numberAfter} > ${numberBefore}`);

  const refusedByCrl = verify(bad.certificate, ['-crl_check_all', '-CRLfile', scratch.path('crls.pem')]);
  assert.notEqual(refusedByCrl.status, 0);
  assert.match(refusedByCrl.stdout + refusedByCrl.stderr, /certificate revoked/);
  assert.equal(verify(good.certificate, ['-crl_check_all', '-CRLfile', scratch.path('crls.pem')]).status, 0);

  // OCSP (POST), as `openssl ocsp -url` asks it.
  const ask = (pem: string) =>
    opensslAsync([
      'ocsp',
      '-issuer',
      scratch.path('issuing.pem'),
      '-cert',
      file(pem),
      '-url',
      ocspUrl,
      '-CAfile',
      scratch.path('root.pem'),
      '-verify_other',
      scratch.path('issuing.pem'),
    ]);
  const goodAnswer = await ask(good.certificate);
  assert.match(goodAnswer.stdout, /: good/, goodAnswer.stderr);
  assert.match(goodAnswer.stderr, /Response verify OK/);
  const badAnswer = await ask(bad.certificate);
  assert.match(badAnswer.stdout, /: revoked/, badAnswer.stderr);
  assert.match(badAnswer.stdout, /Reason: keyCompromise/);

  // OCSP GET: the DER request base64 in the path.
  const requestFile = scratch.path('ocsp-req.der');
  openssl(['ocsp', '-issuer', scratch.path('issuing.pem'), '-cert', file(bad.certificate), '-no_nonce', '-reqout', requestFile]);
  const encoded = encodeURIComponent(readFileSync(requestFile).toString('base64'));
  const viaGet = await fetch(`${ocspUrl}/${encoded}`);
  assert.equal(viaGet.headers.get('content-type'), 'application/ocsp-response');
  scratch.write('ocsp-resp.der', Buffer.from(await viaGet.arrayBuffer()));
  const read = openssl([
    'ocsp',
    '-respin',
    scratch.path('ocsp-resp.der'),
    '-resp_text',
    '-CAfile',
    scratch.path('root.pem'),
    '-verify_other',
    scratch.path('issuing.pem'),
  ]);
  assert.match(read.stdout, /Cert Status: revoked/);
  assert.match(read.stderr, /Response verify OK/);

  // The list leaves revoked certificates out unless asked.
  const listed = await server.api('GET', `/v1/pki/certificates?ca_id=${issuing.id}&limit=1000`);
  assert.ok(!listed.body.certificates.some((item: { id: string }) => item.id === bad.id));
  const all = await server.api('GET', `/v1/pki/certificates?ca_id=${issuing.id}&include_revoked=true&limit=1000`);
  assert.ok(all.body.certificates.some((item: { id: string }) => item.id === bad.id));
});

test('certificates list pages by cursor and filters by CA and expiring_within', async () => {
  const other = (await server.api('POST', '/v1/pki/ca', { name: 'other', common_name: 'Other CA', ca_type: 'root', key_type: 'ec' })).body;
  for (const days of [2, 10, 40]) {
    const issued = await server.api('POST', `/v1/pki/ca/${other.id}/issue`, { common_name: `d${days}.example`, validity_days: days });
    assert.equal(issued.status, 201);
  }
  const soon = await server.api('GET', `/v1/pki/certificates?ca_id=${other.id}&expiring_within=30d`);
  assert.deepEqual(
    soon.body.certificates.map((item: { common_name: string }) => item.common_name),
    ['d2.example', 'd10.example'],
  );
  const first = await server.api('GET', `/v1/pki/certificates?ca_id=${other.id}&limit=2`);
  assert.equal(first.body.has_more, true);
  const second = await server.api('GET', `/v1/pki/certificates?ca_id=${other.id}&limit=2&cursor=${first.body.cursor}`);
  assert.deepEqual(
    second.body.certificates.map((item: { common_name: string }) => item.common_name),
    ['d40.example'],
  );
  assert.equal(second.body.has_more, false);
  assert.equal((await server.api('GET', '/v1/pki/certificates?expiring_within=soon')).body.error.code, 'invalid_duration');
});

test('revoking a CA revokes everything under it: its CRL lists its leaves, the root CRL and OCSP list it, and it issues nothing more', async () => {
  const mid = (
    await server.api('POST', '/v1/pki/ca', {
      name: 'doomed',
      common_name: 'Doomed CA',
      ca_type: 'intermediate',
      parent_ca_id: root.id,
      key_type: 'ec',
    })
  ).body;
  const leaf = (await server.api('POST', `/v1/pki/ca/${mid.id}/issue`, { common_name: 'victim.example' })).body;
  const revoked = await server.api('POST', `/v1/pki/ca/${mid.id}/revoke`, { reason: 'ca_compromise' });
  assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
  assert.equal(revoked.body.is_active, false);
  assert.equal(revoked.body.revocation_reason, 'ca_compromise');
  const info = await server.api('GET', `/v1/pki/certificates/${leaf.id}`);
  assert.equal(info.body.revoked, true);
  assert.equal(info.body.revocation_reason, 'ca_compromise');

  const midPem = (await server.api('GET', `/v1/pki/ca/${mid.id}/certificate`)).body.certificate_pem;
  scratch.write('mid.pem', midPem);
  scratch.write('mid.crl', Buffer.from(await (await fetch(`${server.url}/v1/pki/ca/${mid.id}/crl`)).arrayBuffer()));
  scratch.write('root.crl', Buffer.from(await (await fetch(`${server.url}/v1/pki/ca/${root.id}/crl`)).arrayBuffer()));
  assert.ok(
    openssl(['crl', '-inform', 'DER', '-in', scratch.path('mid.crl'), '-noout', '-text']).stdout.includes(
      leaf.serial_number.replace(/:/g, '').toUpperCase(),
    ),
  );
  const midSerial = openssl(['x509', '-noout', '-serial', '-in', scratch.path('mid.pem')])
    .stdout.trim()
    .replace('serial=', '');
  assert.ok(openssl(['crl', '-inform', 'DER', '-in', scratch.path('root.crl'), '-noout', '-text']).stdout.includes(midSerial));
  const ocsp = await opensslAsync([
    'ocsp',
    '-issuer',
    scratch.path('root.pem'),
    '-cert',
    scratch.path('mid.pem'),
    '-url',
    `${server.url}/v1/pki/ca/${root.id}/ocsp`,
    '-CAfile',
    scratch.path('root.pem'),
  ]);
  assert.match(ocsp.stdout, /: revoked/, ocsp.stderr);

  const refused = await server.api('POST', `/v1/pki/ca/${mid.id}/issue`, { common_name: 'more.example' });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'invalid_state');
  const child = await server.api('POST', '/v1/pki/ca', {
    name: 'under-doomed',
    common_name: 'x',
    ca_type: 'intermediate',
    parent_ca_id: mid.id,
  });
  assert.equal(child.status, 409);
});

test('CA hierarchy rules over HTTP: an intermediate never outlives its parent, path length 0 forbids sub-CAs', async () => {
  const long = await server.api('POST', '/v1/pki/ca', {
    name: 'too-long',
    common_name: 'x',
    ca_type: 'intermediate',
    parent_ca_id: root.id,
    validity_days: 5000,
    key_type: 'ec',
  });
  assert.equal(long.status, 422);
  assert.equal(long.body.error.details.field, 'validity_days');
  const below = await server.api('POST', '/v1/pki/ca', {
    name: 'below',
    common_name: 'x',
    ca_type: 'intermediate',
    parent_ca_id: issuing.id,
    key_type: 'ec',
  });
  assert.equal(below.status, 422);
  assert.equal(below.body.error.details.field, 'parent_ca_id');
  const dup = await server.api('POST', '/v1/pki/ca', { name: 'Root CA', common_name: 'x', ca_type: 'root', key_type: 'ec' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'ca_exists');
  const rsa = await server.api('POST', '/v1/pki/ca', { name: 'rsa-root', common_name: 'RSA Root', ca_type: 'root' });
  assert.equal(rsa.status, 201);
  assert.equal(rsa.body.key_type, 'rsa');
  assert.equal(rsa.body.key_size, 2048);
  const text = openssl(['x509', '-noout', '-text'], {
    input: (await server.api('GET', `/v1/pki/ca/${rsa.body.id}/certificate`)).body.certificate_pem,
  }).stdout;
  assert.match(text, /Public-Key: \(2048 bit\)/);
  assert.match(text, /CA:TRUE/);
  assert.match(text, /Certificate Sign, CRL Sign/);
  const der = await fetch(`${server.url}/v1/pki/ca/${rsa.body.id}/certificate?format=der`);
  assert.equal(der.headers.get('content-type'), 'application/pkix-cert');
  assert.equal(openssl(['x509', '-inform', 'DER', '-noout'], { input: Buffer.from(await der.arrayBuffer()) }).status, 0);
});

test('the CSR workflow: submit, list by status, approve, reject, sign — each audited and emitted as an event', async () => {
  const subscription = await server.api('POST', '/v1/subscriptions', {
    name: 'pki-watch',
    paths: ['**'],
    events: ['csr.*', 'certificate.issued'],
    delivery: { type: 'polling' },
  });
  assert.equal(subscription.status, 201, JSON.stringify(subscription.body));
  const key = scratch.path('wf.key');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
  const csrFor = (cn: string) => openssl(['req', '-new', '-key', key, '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn}`]).stdout;

  const submitter = await server.tokenFor('user:alice', ['pki:issue']);
  const submitted = await server.api('POST', '/v1/pki/csr', { csr_pem: csrFor('wf.example'), comment: 'for wf' }, { token: submitter });
  assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
  assert.match(submitted.body.id, /^csr_/);
  assert.equal(submitted.body.status, 'pending');
  assert.equal(submitted.body.common_name, 'wf.example');
  assert.deepEqual(submitted.body.alt_names, ['wf.example']);
  assert.equal(submitted.body.requested_by, 'user:alice');
  const other = (await server.api('POST', '/v1/pki/csr', { csr_pem: csrFor('other.example') })).body;
  const notCsr = await server.api('POST', '/v1/pki/csr', { csr_pem: rootPem });
  assert.equal(notCsr.status, 400);
  assert.equal(notCsr.body.error.code, 'invalid_csr');

  // The submitter may not review; an early sign is refused.
  assert.equal((await server.api('POST', `/v1/pki/csr/${submitted.body.id}/approve`, undefined, { token: submitter })).status, 403);
  const early = await server.api('POST', `/v1/pki/csr/${submitted.body.id}/sign`, { ca_id: issuing.id, validity_days: 90 });
  assert.equal(early.status, 409);
  assert.equal(early.body.error.code, 'invalid_state');

  const pending = await server.api('GET', '/v1/pki/csr?status=pending');
  const pendingIds = pending.body.csrs.map((item: { id: string }) => item.id);
  assert.ok(pendingIds.includes(submitted.body.id) && pendingIds.includes(other.id));
  assert.equal((await server.api('GET', '/v1/pki/csr?status=waiting')).status, 400);

  const approved = await server.api('POST', `/v1/pki/csr/${submitted.body.id}/approve`);
  assert.equal(approved.body.status, 'approved');
  assert.equal(approved.body.reviewed_by, 'user:root');
  const rejected = await server.api('POST', `/v1/pki/csr/${other.id}/reject`, { reason: 'not ours' });
  assert.equal(rejected.body.status, 'rejected');
  assert.equal((await server.api('POST', `/v1/pki/csr/${other.id}/approve`)).status, 409);

  const signed = await server.api('POST', `/v1/pki/csr/${submitted.body.id}/sign`, { ca_id: issuing.id, validity_days: 90 });
  assert.equal(signed.status, 201, JSON.stringify(signed.body));
  assert.equal(signed.body.csr_id, submitted.body.id);
  assert.equal(signed.body.private_key, undefined);
  assert.equal(verify(signed.body.certificate).status, 0);
  const days = Math.round((Date.parse(signed.body.not_after) - Date.now()) / 86_400_000);
  assert.equal(days, 90);
  const done = await server.api('GET', `/v1/pki/csr/${submitted.body.id}`);
  assert.equal(done.body.status, 'signed');
  assert.equal(done.body.certificate_id, signed.body.id);
  assert.deepEqual(
    (await server.api('GET', '/v1/pki/csr?status=signed')).body.csrs.map((item: { id: string }) => item.id),
    [submitted.body.id],
  );

  const polled = await server.api('GET', `/v1/subscriptions/${subscription.body.id}/poll?timeout=0&max_events=100`);
  const seen = polled.body.events.map(
    (event: { event_type: string; data: { csr_id?: string } }) => `${event.event_type}:${event.data.csr_id ?? ''}`,
  );
  for (const expected of [
    `csr.submitted:${submitted.body.id}`,
    `csr.submitted:${other.id}`,
    `csr.approved:${submitted.body.id}`,
    `csr.rejected:${other.id}`,
    `certificate.issued:${submitted.body.id}`,
    `csr.signed:${submitted.body.id}`,
  ])
    assert.ok(seen.includes(expected), `${expected} in ${seen.join(', ')}`);
  for (const event of polled.body.events) assert.doesNotMatch(JSON.stringify(event), /PRIVATE KEY|BEGIN CERTIFICATE/);

  for (const [response, action] of [
    [submitted, 'pki_csr_submit'],
    [approved, 'pki_csr_approve'],
    [rejected, 'pki_csr_reject'],
    [signed, 'pki_sign'],
  ] as const) {
    const logs = await server.api('GET', `/v1/audit/logs?request_id=${response.headers.get('x-request-id')}`);
    assert.equal(logs.body.logs.length, 1, action);
    assert.equal(logs.body.logs[0].action, action);
    assert.equal(logs.body.logs[0].success, true);
  }
});

test('scopes and tenants: pki:issue issues under a role but manages nothing; another tenant sees none of these CAs', async () => {
  const issuer = await server.tokenFor('user:issuer', ['pki:issue']);
  assert.equal((await server.api('POST', '/v1/pki/issue/svc-mtls', { common_name: 'i.internal' }, { token: issuer })).status, 201);
  for (const [method, path, body] of [
    ['GET', '/v1/pki/ca', undefined],
    ['POST', '/v1/pki/ca', { name: 'x', common_name: 'x', ca_type: 'root' }],
    ['POST', `/v1/pki/ca/${issuing.id}/issue`, { common_name: 'x.internal' }],
    ['POST', '/v1/pki/roles', { name: 'x', ca_id: issuing.id }],
    ['POST', `/v1/pki/ca/${issuing.id}/revoke`, {}],
  ] as const) {
    const refused = await server.api(method, path, body, { token: issuer });
    assert.equal(refused.status, 403, path);
    assert.equal(refused.body.error.code, 'insufficient_scope');
  }
  const nobody = await server.tokenFor('user:nobody', ['secrets:read']);
  assert.equal((await server.api('POST', '/v1/pki/issue/svc-mtls', { common_name: 'n.internal' }, { token: nobody })).status, 403);
  assert.equal((await server.api('GET', '/v1/pki/ca', undefined, { token: null })).status, 401);

  const elsewhere = { headers: { 'x-tenant-id': 'tnt_elsewhere' } };
  assert.deepEqual((await server.api('GET', '/v1/pki/ca', undefined, elsewhere)).body.cas, []);
  assert.equal((await server.api('GET', `/v1/pki/ca/${issuing.id}`, undefined, elsewhere)).body.error.code, 'ca_not_found');
  assert.equal((await server.api('POST', `/v1/pki/ca/${issuing.id}/issue`, { common_name: 'x.example' }, elsewhere)).status, 404);
  assert.equal(
    (await server.api('POST', '/v1/pki/issue/svc-mtls', { common_name: 'x.internal' }, elsewhere)).body.error.code,
    'role_not_found',
  );
  assert.deepEqual((await server.api('GET', '/v1/pki/certificates', undefined, elsewhere)).body.certificates, []);
  const mine = (await server.api('GET', '/v1/pki/certificates?limit=1')).body.certificates[0];
  assert.equal((await server.api('POST', `/v1/pki/certificates/${mine.id}/revoke`, {}, elsewhere)).status, 404);
});

test('trust anchors: add a CA certificate, list, get, delete; a leaf is refused', async () => {
  const added = await server.api('POST', '/v1/pki/trust-anchors', { name: 'partner-root', certificate_pem: rootPem });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  assert.match(added.body.id, /^ta_/);
  assert.equal(added.body.subject, 'CN=Acme Root CA');
  const fingerprint = openssl(['x509', '-noout', '-fingerprint', '-sha256'], { input: rootPem }).stdout.trim().split('=')[1]!;
  assert.equal(added.body.fingerprint_sha256, fingerprint.toLowerCase());
  assert.equal((await server.api('GET', '/v1/pki/trust-anchors')).body.trust_anchors.length, 1);
  assert.equal((await server.api('GET', `/v1/pki/trust-anchors/${added.body.id}`)).body.certificate_pem, rootPem);
  const leaf = (await server.api('POST', '/v1/pki/issue/svc-mtls', { common_name: 'leaf.internal' })).body.certificate;
  const refused = await server.api('POST', '/v1/pki/trust-anchors', { name: 'leaf', certificate_pem: leaf });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.error.details.field, 'certificate_pem');
  assert.equal((await server.api('DELETE', `/v1/pki/trust-anchors/${added.body.id}`)).status, 204);
  assert.equal((await server.api('GET', `/v1/pki/trust-anchors/${added.body.id}`)).body.error.code, 'trust_anchor_not_found');
});

test('CA keys never appear in a response or in the database in plaintext; issued keys are stored only when the role says so, sealed', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sv-pki-keys-'));
  const local = await startTestServer({ dataDir });
  try {
    const bodies: string[] = [];
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await local.api(method, path, body);
      bodies.push(JSON.stringify(response.body));
      return response;
    };
    const ca = (await call('POST', '/v1/pki/ca', { name: 'k', common_name: 'Key CA', ca_type: 'root', key_type: 'ec' })).body;
    await call('GET', `/v1/pki/ca/${ca.id}`);
    await call('GET', '/v1/pki/ca');
    await call('GET', `/v1/pki/ca/${ca.id}/certificate`);
    await call('POST', '/v1/pki/roles', { name: 'keep', ca_id: ca.id, allowed_domains: ['*.example'], store_private_keys: true });
    const kept = (await local.api('POST', '/v1/pki/issue/keep', { common_name: 'kept.example' })).body;
    await call('GET', `/v1/pki/certificates/${kept.id}`);
    await call('POST', `/v1/pki/ca/${ca.id}/crl`);
    for (const body of bodies) assert.doesNotMatch(body, /PRIVATE KEY/);
    assert.equal((await local.api('GET', `/v1/pki/certificates/${kept.id}`)).body.private_key_stored, true);
    await local.close();
    // The private scalar itself (the rest of a PKCS#8 EC key is the public key, which the certificate holds).
    const scalar = Buffer.from(createPrivateKey(kept.private_key).export({ format: 'jwk' }).d!, 'base64url');
    for (const name of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, name));
      assert.ok(!bytes.includes('PRIVATE KEY'), name);
      assert.ok(!bytes.includes(scalar), `${name} holds the issued key in the clear`);
    }
  } finally {
    await local.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the CRL is rebuilt before it goes stale, by the background job, with a higher number', async () => {
  const clock = fakeClock(Date.now());
  const timed = await startTestServer({ clock: clock.now, schedulerIntervalMs: 20 });
  try {
    const ca = (await timed.api('POST', '/v1/pki/ca', { name: 'fresh', common_name: 'Fresh CA', ca_type: 'root', key_type: 'ec' })).body;
    const numberOf = async () => {
      const der = Buffer.from(await (await fetch(`${timed.url}/v1/pki/ca/${ca.id}/crl`)).arrayBuffer());
      const text = openssl(['crl', '-inform', 'DER', '-noout', '-text'], { input: der }).stdout;
      return { number: Number(/CRL Number: \n\s+(\d+)/.exec(text)![1]), next: /Next Update: (.+)/.exec(text)![1]! };
    };
    const first = await numberOf();
    clock.advance(13 * 3_600_000);
    const later = await waitFor(async () => {
      const now = await numberOf();
      return now.number > first.number ? now : undefined;
    });
    assert.ok(Date.parse(later.next) > Date.parse(first.next));
    assert.ok(Date.parse(later.next) > clock.now() + 23 * 3_600_000);
  } finally {
    await timed.close();
  }
});

test('publicUrl sets the CRL, OCSP and CA-issuer URLs certificates carry; the binary refuses one that is not an origin', async () => {
  const proxied = await startTestServer({ publicUrl: 'https://vault.example.com/' });
  try {
    const ca = (await proxied.api('POST', '/v1/pki/ca', { name: 'p', common_name: 'Proxied CA', ca_type: 'root', key_type: 'ec' })).body;
    const leaf = (await proxied.api('POST', `/v1/pki/ca/${ca.id}/issue`, { common_name: 'a.example' })).body;
    const text = openssl(['x509', '-noout', '-text'], { input: leaf.certificate }).stdout;
    assert.ok(text.includes(`URI:https://vault.example.com/v1/pki/ca/${ca.id}/crl`), text);
    assert.ok(text.includes(`OCSP - URI:https://vault.example.com/v1/pki/ca/${ca.id}/ocsp`), text);
    assert.ok(text.includes(`CA Issuers - URI:https://vault.example.com/v1/pki/ca/${ca.id}/certificate?format=der`), text);
  } finally {
    await proxied.close();
  }
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin.js');
  for (const bad of ['vault.example.com', 'ftp://vault.example.com', 'https://vault.example.com/v1?x=1']) {
    const run = spawnSync(process.execPath, [bin, '--port', '0', '--public-url', bad], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 5, bad);
    assert.equal(
      run.stderr,
      `scaivault-server: --public-url must be an http(s) origin such as https://vault.example.com, not ${JSON.stringify(bad)}\n`,
    );
  }
});

test('issuing and revoking are audited with the certificate named and emitted as certificate.issued / certificate.revoked, without PEMs', async () => {
  const subscription = (
    await server.api('POST', '/v1/subscriptions', {
      name: 'certs',
      paths: ['**'],
      events: ['certificate.*'],
      delivery: { type: 'polling' },
    })
  ).body;
  const issued = await server.api('POST', '/v1/pki/issue/svc-mtls', { common_name: 'audited.internal' });
  const revoked = await server.api('POST', `/v1/pki/certificates/${issued.body.id}/revoke`, { reason: 'superseded' });
  for (const [response, action] of [
    [issued, 'pki_issue'],
    [revoked, 'pki_revoke'],
  ] as const) {
    const logs = (await server.api('GET', `/v1/audit/logs?request_id=${response.headers.get('x-request-id')}`)).body.logs;
    assert.equal(logs.length, 1);
    assert.equal(logs[0].action, action);
    assert.equal(logs[0].extra_data.certificate_id, issued.body.id);
    assert.equal(logs[0].extra_data.serial_number, issued.body.serial_number);
    assert.doesNotMatch(JSON.stringify(logs[0]), /BEGIN/);
  }
  const events = (await server.api('GET', `/v1/subscriptions/${subscription.id}/poll?timeout=0&max_events=100`)).body.events;
  const issuedEvent = events.find((event: { event_type: string }) => event.event_type === 'certificate.issued');
  const revokedEvent = events.find((event: { event_type: string }) => event.event_type === 'certificate.revoked');
  assert.deepEqual(
    { ...issuedEvent.data, not_after: undefined },
    {
      certificate_id: issued.body.id,
      serial_number: issued.body.serial_number,
      ca_id: issuing.id,
      role: 'svc-mtls',
      csr_id: null,
      method: 'issue',
      common_name: 'audited.internal',
      alt_names: ['audited.internal'],
      ip_sans: [],
      not_after: undefined,
    },
  );
  assert.equal(revokedEvent.data.certificate_id, issued.body.id);
  assert.equal(revokedEvent.data.reason, 'superseded');
  for (const event of events) assert.doesNotMatch(JSON.stringify(event), /BEGIN/);
});

test('a CRL past its next update is rebuilt when fetched, even with no background job running', async () => {
  const clock = fakeClock(Date.now());
  const idle = await startTestServer({ clock: clock.now, schedulerIntervalMs: 3_600_000 });
  try {
    const ca = (await idle.api('POST', '/v1/pki/ca', { name: 'idle', common_name: 'Idle CA', ca_type: 'root', key_type: 'ec' })).body;
    clock.advance(25 * 3_600_000);
    const der = Buffer.from(await (await fetch(`${idle.url}/v1/pki/ca/${ca.id}/crl`)).arrayBuffer());
    const next = /Next Update: (.+)/.exec(openssl(['crl', '-inform', 'DER', '-noout', '-text'], { input: der }).stdout)![1]!;
    assert.ok(Date.parse(next) > clock.now(), `${next} is after the (moved) clock`);
  } finally {
    await idle.close();
  }
});
